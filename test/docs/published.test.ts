// What the published reference (GitHub Pages, generated/docs/) offers a reader, in Chromium with no
// network: the bundled document for download, a title that fits at 1280 px and on a phone, the
// operation shown in the sidebar on load, and the "Getting started" section the client's errors point to.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLocal } from "../../scripts/lib/chromium.js";
import { addReferenceExtras } from "../../scripts/lib/reference-page.js";
import { generatedDir, outputPath, repoRoot } from "../../scripts/lib/paths.js";
import { GETTING_STARTED_URL, REFERENCE_URL } from "../../src/floor/reference-url.js";
import { chromiumAvailable, connectChromium } from "../support/browser.js";
import { TIMEOUTS } from "../support/timeouts.js";

if (!chromiumAvailable) console.warn("test/docs/published.test.ts: SKIPPED, no Chromium on PATH (apt-get install -y chromium)");

const PAGE_FILE = outputPath(generatedDir, "docs");
const SITE = pathToFileURL(PAGE_FILE).href;

describe("the published reference's address", () => {
  it("is the GitHub Pages site of the repository in package.json, and Getting started is a section of it", async () => {
    const pkg = JSON.parse(await readFile(path.join(repoRoot, "package.json"), "utf8")) as {
      repository: { url: string };
      homepage: string;
    };
    const [, owner, repo] = /github\.com\/([^/]+)\/([^/.]+)(?:\.git)?$/.exec(pkg.repository.url)!;
    expect(REFERENCE_URL).toBe(`https://${owner}.github.io/${repo}/`);
    expect(pkg.homepage).toBe(REFERENCE_URL);
    expect(GETTING_STARTED_URL).toBe(`${REFERENCE_URL}#section/Getting-started`);
    const pages = await readFile(path.join(repoRoot, ".github", "workflows", "pages.yml"), "utf8");
    expect(pages).toMatch(/path: generated\/docs\n/);
  });

  it("adds its extras once, and refuses a page without head or body", () => {
    const page = "<html><head></head><body><div id=redoc></div><script>'<body>'</script></body></html>";
    const once = addReferenceExtras(page);
    expect(addReferenceExtras(once)).toBe(once);
    expect(once.indexOf('<nav class="vpcep-downloads"')).toBeGreaterThan(once.indexOf("<body>"));
    expect(once.indexOf('<nav class="vpcep-downloads"')).toBeLessThan(once.indexOf("<div id=redoc>"));
    expect(() => addReferenceExtras("<p>no page</p>")).toThrow(/has no <head>\/<body> to extend/);
  });
});

describe.skipIf(!chromiumAvailable)("the published reference in Chromium, offline", () => {
  let browser: Browser;
  const leaks: string[] = [];

  async function open(url: string, viewport: { width: number; height: number }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    await page.route("**/*", (route) => {
      if (isLocal(route.request().url())) return route.continue();
      leaks.push(route.request().url());
      return route.abort();
    });
    await page.goto(url);
    await page.locator("#redoc h1").first().waitFor({ timeout: TIMEOUTS.pageLoad });
    return page;
  }

  beforeAll(async () => {
    browser = await connectChromium();
  });
  afterAll(async () => {
    await browser?.close();
    expect(leaks).toEqual([]);
  });

  it("offers the bundled openapi.json and openapi.yaml for download, next to the page", async () => {
    const page = await open(SITE, { width: 1280, height: 900 });
    for (const file of ["openapi.json", "openapi.yaml"]) {
      const link = page.locator(`nav.vpcep-downloads a[download="${file}"]`);
      expect(await link.isVisible(), file).toBe(true);
      expect(await link.evaluate((a) => (a as HTMLAnchorElement).href)).toBe(pathToFileURL(path.join(path.dirname(PAGE_FILE), file)).href);
      expect(await readFile(path.join(path.dirname(PAGE_FILE), file), "utf8"), file).toBe(
        await readFile(path.join(generatedDir, file), "utf8"),
      );
    }
    await page.close();
  });

  const titleBox = (page: Page) =>
    page
      .locator("#redoc h1")
      .first()
      .evaluate((h1) => {
        const box = h1.getBoundingClientRect();
        return { top: box.top, bottom: box.bottom, height: box.height, lineHeight: parseFloat(getComputedStyle(h1).lineHeight) };
      });

  it("fits the title in at most two lines at 1280 px", async () => {
    const page = await open(SITE, { width: 1280, height: 800 });
    const title = await titleBox(page);
    expect(Math.round(title.height / title.lineHeight)).toBeLessThanOrEqual(2);
    await page.close();
  });

  it("leaves most of a phone's first screen to the text", async () => {
    const phone = { width: 390, height: 844 };
    const page = await open(SITE, phone);
    const title = await titleBox(page);
    expect(title.height).toBeLessThan(phone.height * 0.2);
    expect(title.bottom).toBeLessThan(phone.height * 0.35);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
    await page.close();
  });

  it("shows the operation in the sidebar on load, without moving the reader", async () => {
    const page = await open(SITE, { width: 1280, height: 900 });
    const operation = page.locator('li[data-testid="menu-item-label"]', { hasText: /^Query VPC endpoint services/ });
    await expect.poll(() => operation.first().isVisible(), { timeout: TIMEOUTS.poll }).toBe(true);
    expect(page.url()).toBe(SITE);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await operation.first().click();
    await expect.poll(() => page.url()).toContain("listendpointservices");
    await page.close();
  });

  it("opens at the Getting started section for the anchor the client's errors point to", async () => {
    const anchor = GETTING_STARTED_URL.slice(REFERENCE_URL.length);
    expect(anchor).toBe("#section/Getting-started");
    const page = await open(`${SITE}${anchor}`, { width: 1280, height: 900 });
    const top = () =>
      page.evaluate(
        () =>
          [...document.querySelectorAll("#redoc h2")].find((h) => h.textContent?.trim() === "Getting started")?.getBoundingClientRect()
            .top ?? Number.NaN,
      );
    await expect.poll(top, { timeout: TIMEOUTS.poll }).toBeLessThan(150);
    expect(await top()).toBeGreaterThanOrEqual(0);
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    await page.close();
  });
});
