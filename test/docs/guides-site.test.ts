// The guides on the site (generated/docs/guides/, scripts/guides.js) in Chromium with no network:
// every page renders with its title and the navigation to every other page and the reference,
// every internal link and #anchor resolves, and no request fails or leaves the site.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Browser, Page as BrowserPage } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guidesDir, type Page, SITE_URL, sitePages, siteHref } from "../../scripts/guides.js";
import { isLocal } from "../../scripts/lib/chromium.js";
import { generatedDir, outputPath, repoRoot } from "../../scripts/lib/paths.js";
import { chromiumAvailable, connectChromium } from "../support/browser.js";
import { TIMEOUTS } from "../support/timeouts.js";

if (!chromiumAvailable) console.warn("test/docs/guides-site.test.ts: SKIPPED, no Chromium on PATH (apt-get install -y chromium)");

const GUIDES = guidesDir(generatedDir);
const REFERENCE = outputPath(generatedDir, "docs");

describe("links from the Markdown to the site's pages", () => {
  let pages: Page[] = [];
  beforeAll(async () => {
    pages = await sitePages();
  });
  const page = (source: string) => pages.find((p) => p.source === source)!;

  it("turn links between the Markdown files into links between the pages, and the site's address into relative links", () => {
    expect(siteHref("testing.md#seed-data", page("docs/calling.md"), pages)).toBe("testing.html#seed-data");
    expect(siteHref("../README.md#quick-start", page("docs/calling.md"), pages)).toBe("index.html#quick-start");
    expect(siteHref(`${SITE_URL}guides/calling.html#paging`, page("README.md"), pages)).toBe("calling.html#paging");
    expect(siteHref(SITE_URL, page("README.md"), pages)).toBe("../index.html");
    expect(siteHref("#errors", page("docs/calling.md"), pages)).toBe("#errors");
  });

  it("send a link to a file of the repository that is no page to GitHub, and refuse one outside the repository", () => {
    expect(siteHref("architecture.md", page("docs/contract.md"), pages)).toBe(
      "https://github.com/vpcep-openapi/vpcep-openapi/blob/main/docs/architecture.md",
    );
    expect(() => siteHref("../../etc/passwd", page("docs/contract.md"), pages)).toThrow(/outside the repository/);
  });
});

describe.skipIf(!chromiumAvailable)("the guides in Chromium, offline", () => {
  let browser: Browser;
  let pages: Page[] = [];
  const leaks: string[] = [];
  const failures: string[] = [];
  const errors: string[] = [];

  async function open(url: string): Promise<BrowserPage> {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await tab.route("**/*", (route) => {
      const target = route.request().url();
      if (isLocal(target)) return route.continue();
      leaks.push(target);
      return route.abort();
    });
    tab.on("requestfailed", (request) => failures.push(`${request.url()}: ${request.failure()?.errorText}`));
    tab.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    tab.on("pageerror", (error) => errors.push(error.message));
    await tab.goto(url);
    await tab.locator("main h1").first().waitFor({ timeout: TIMEOUTS.pageLoad });
    return tab;
  }

  beforeAll(async () => {
    browser = await connectChromium();
    pages = await sitePages();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("has a page for the README and every guide", () => {
    expect(pages.map((p) => p.file)).toEqual(
      expect.arrayContaining(["index.html", "calling.html", "testing.html", "contract-checks.html", "contract.html"]),
    );
    for (const page of pages) expect(existsSync(path.join(GUIDES, page.file)), page.file).toBe(true);
  });

  it(
    "renders every page with its title, navigation to every page and the reference, and links that resolve",
    async () => {
      const ids = new Map<string, Set<string>>(); // page URL → the ids on it
      const links: { from: string; href: string }[] = [];
      for (const page of pages) {
        const url = pathToFileURL(path.join(GUIDES, page.file)).href;
        const tab = await open(url);
        expect(await tab.locator("main h1").first().innerText(), page.source).toBe(page.title);
        expect(await tab.title()).toBe(`${page.title} — vpcep-openapi`);
        const nav = await tab.locator("nav.site-nav a").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
        expect(nav, `${page.file}'s navigation`).toEqual([
          ...pages.map((other) => pathToFileURL(path.join(GUIDES, other.file)).href),
          pathToFileURL(REFERENCE).href,
        ]);
        expect(await tab.locator('nav.site-nav a[aria-current="page"]').innerText()).toBe(page.label);
        ids.set(url, new Set(await tab.locator("[id]").evaluateAll((els) => els.map((el) => el.id))));
        for (const href of await tab.locator("a[href]").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))) {
          links.push({ from: page.file, href });
        }
        const fences = readFileSync(path.join(repoRoot, page.source), "utf8").match(/^```/gm)?.length ?? 0;
        expect(await tab.locator("pre code").count(), `${page.file} shows every code block of ${page.source}`).toBe(fences / 2);
        await tab.close();
      }
      const broken: string[] = [];
      for (const { from, href } of links.filter((link) => link.href.startsWith("file:"))) {
        const [target = "", anchor] = href.split("#", 2);
        const file = fileURLToPath(target);
        if (!existsSync(file)) broken.push(`${from} → ${href}: no such file`);
        else if (anchor && file.startsWith(GUIDES) && !ids.get(target)?.has(decodeURIComponent(anchor)))
          broken.push(`${from} → ${href}: no such anchor`);
      }
      expect(broken).toEqual([]);
      expect(links.filter((link) => link.href.startsWith("file:")).length).toBeGreaterThan(100);
      // Nothing in the site points at the published address: the site works where it is opened.
      expect(links.filter((link) => link.href.startsWith(SITE_URL))).toEqual([]);
      expect(leaks).toEqual([]);
      expect(failures).toEqual([]);
      expect(errors).toEqual([]);
    },
    TIMEOUTS.heavyTest,
  );

  it("the reference links to the guides' Start page", () => {
    const html = readFileSync(REFERENCE, "utf8");
    expect(html).toContain('<a class="vpcep-guides" href="guides/index.html">');
    expect(existsSync(path.join(path.dirname(REFERENCE), "guides", "index.html"))).toBe(true);
  });

  it("the reader's path: from the Start page's quick start to a guide's section, by clicking", async () => {
    const tab = await open(pathToFileURL(path.join(GUIDES, "index.html")).href);
    await tab.getByRole("link", { name: "Seed data" }).first().click();
    await expect.poll(() => tab.url()).toMatch(/\/guides\/testing\.html#seed-data$/);
    expect(await tab.locator("#seed-data").isVisible()).toBe(true);
    await tab.getByRole("link", { name: "API reference" }).click();
    await expect.poll(() => tab.url()).toBe(pathToFileURL(REFERENCE).href);
    await tab.close();
    expect(leaks).toEqual([]);
  });
});
