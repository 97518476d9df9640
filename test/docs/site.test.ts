// The API reference (generated/docs/index.html) in a real browser, with no network: what a reader
// sees after rendering, asserted on the DOM.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatedDir, outputPath, repoRoot } from "../../scripts/lib/paths.js";
import { at, document as spec, parameters, type JsonObject } from "../support/document.js";
import { isLocal } from "../../scripts/lib/chromium.js";
import { chromiumAvailable, connectChromium } from "../support/browser.js";
import { TIMEOUTS } from "../support/timeouts.js";

if (!chromiumAvailable) console.warn("test/docs/site.test.ts: SKIPPED, no Chromium on PATH (apt-get install -y chromium)");

const SITE = pathToFileURL(outputPath(generatedDir, "docs")).href;
const OPERATION = `${SITE}#/vpc-endpoint-services/listendpointservices`;
const SCREENSHOTS = path.join(repoRoot, ".artifacts", "screenshots");

describe.skipIf(!chromiumAvailable)("the API reference in Chromium, offline", () => {
  let browser: Browser;
  const leaks: string[] = [];
  const consoleErrors: string[] = [];

  async function open(url: string, width = 1280): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (isLocal(url)) return route.continue();
      leaks.push(url);
      return route.abort();
    });
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(error.message));
    await page.goto(url);
    await page.getByRole("heading", { name: "Query VPC endpoint services" }).first().waitFor({ timeout: TIMEOUTS.pageLoad });
    return page;
  }

  /** Scrolls through the page, opening collapsed schemas, and returns every schema name seen. */
  async function schemaNamesAfterExpanding(page: Page): Promise<Set<string>> {
    const seen = new Set<string>();
    for (let step = 0; step < 200; step++) {
      for (const button of await page.locator('.schema-property-item button:has-text("+")').all()) {
        if (await button.isVisible()) await button.click();
      }
      for (const name of await page.locator(".schema-name").allInnerTexts()) seen.add(name);
      const atBottom = await page.evaluate(() => {
        const before = window.scrollY;
        window.scrollBy(0, 500);
        return window.scrollY === before;
      });
      if (atBottom) break;
    }
    return seen;
  }

  const propertyRow = (page: Page, name: string) =>
    page.locator(".schema-property-item", { has: page.locator(".schema-name", { hasText: new RegExp(`^${name}$`) }) }).first();

  beforeAll(async () => {
    browser = await connectChromium();
    await mkdir(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("lists the operation in the sidebar, and opens it on click", async () => {
    const page = await open(SITE);
    await page.getByText("VPC endpoint services", { exact: true }).first().click();
    await page.getByText("Query VPC endpoint services", { exact: true }).first().click();
    await expect.poll(() => page.url()).toContain("listendpointservices");
    await expect.poll(() => page.getByRole("heading", { name: "Query VPC endpoint services" }).first().isVisible()).toBe(true);
    await page.close();
  });

  it("shows every parameter with its type, range, default and enum values", async () => {
    const page = await open(OPERATION);
    for (const [name, parameter] of parameters()) {
      const row = propertyRow(page, name);
      await row.scrollIntoViewIfNeeded();
      expect(await row.isVisible(), name).toBe(true);
      const schema = at(parameter, "schema");
      expect(await row.innerText(), name).toContain(String(schema["type"] ?? ""));
    }
    const limit = await propertyRow(page, "limit").innerText();
    expect(limit).toMatch(/\[ 0 \.\. 1000 \]/);
    expect(limit).toMatch(/Default:\s*10/);
    const status = await propertyRow(page, "status").innerText();
    for (const value of ["creating", "available", "failed", "deleting"]) expect(status).toContain(`"${value}"`);
    expect(status).toMatch(/being created/);
    const sortKey = await propertyRow(page, "sort_key").innerText();
    expect(sortKey).toMatch(/Default:\s*"create_at"/);
    await page.close();
  });

  it("shows every response field after expanding", async () => {
    const page = await open(OPERATION);
    const seen = await schemaNamesAfterExpanding(page);
    const fieldsOf = (schema: string) => Object.keys(at(spec, "components", "schemas", schema)["properties"] as JsonObject);
    const expected = ["ListEndpointServicesResponse", "EndpointService", "PortMapping", "ResourceTag", "EndpointServiceError"].flatMap(
      fieldsOf,
    );
    expect(expected.length).toBeGreaterThan(35);
    expect(expected.filter((field) => !seen.has(field))).toEqual([]);
    await page.close();
  });

  it("shows each error response with its status and a provider error code", async () => {
    const page = await open(OPERATION);
    const codes: [status: string, code: string][] = [
      ["400", "EndPoint.0002"],
      ["401", "EndPoint.0003"],
      ["403", "EndPoint.0004"],
      ["404", "EndPoint.0005"],
      ["429", "APIGW.0308"],
      ["500", "EndPoint.0001"],
      ["504", "EndPoint.0013"],
    ];
    for (const [status, code] of codes) {
      await page.getByRole("button", { name: status, exact: true }).last().click();
      const samplesPanel = page.locator(".panel-response-samples").first();
      await expect.poll(() => samplesPanel.innerText(), { timeout: TIMEOUTS.poll }).toContain(`"${code}"`);
    }
    await page.close();
  });

  it("explains both auth forms, and lists the endpoint of every region", async () => {
    const page = await open(SITE);
    const text = await page.evaluate(() => document.body.innerText);
    for (const phrase of ["X-Auth-Token", "SDK-HMAC-SHA256", "X-Subject-Token", "project ID"]) expect(text).toContain(phrase);
    const servers = spec["servers"] as JsonObject[];
    for (const server of servers) {
      const variable = (server["variables"] as JsonObject | undefined)?.["region"] as JsonObject | undefined;
      for (const region of (variable?.["enum"] as string[] | undefined) ?? []) expect(text, region).toContain(region);
    }
    expect(text).toContain("https://vpcep.eu-west-101.myhuaweicloud.eu");
    const operation = await open(OPERATION);
    await operation.getByRole("button", { name: "View security details" }).click();
    await expect.poll(() => operation.evaluate(() => document.body.innerText)).toMatch(/X-Subject-Token/);
    await operation.getByText("aksk and aksk-date", { exact: true }).click();
    await expect.poll(() => operation.evaluate(() => document.body.innerText)).toMatch(/SDK-HMAC-SHA256[^]*X-Sdk-Date/);
    await Promise.all([page.close(), operation.close()]);
  });

  it("offers the curl, TypeScript and fetch code samples", async () => {
    const page = await open(OPERATION);
    await expect.poll(() => page.evaluate(() => document.body.innerText)).toContain("X-Auth-Token: ${OS_TOKEN}");
    const chooseSample = async (current: string, label: string) => {
      await page.getByRole("button", { name: current, exact: true }).click();
      await page.getByRole("menuitem", { name: label, exact: true }).click();
    };
    await chooseSample("curl", "TypeScript (vpcep-openapi)");
    await expect.poll(() => page.evaluate(() => document.body.innerText)).toContain("createVpcepClient");
    await chooseSample("TypeScript (vpcep-openapi)", "fetch");
    await expect.poll(() => page.evaluate(() => document.body.innerText)).toContain('url.searchParams.set("limit", "50")');
    await page.close();
  });

  it("finds total_count with the search box", async () => {
    const page = await open(SITE);
    await page.getByText("Search", { exact: false }).first().click();
    await page.keyboard.type("total_count");
    await expect.poll(() => page.getByText(/response 200 fields/).count(), { timeout: TIMEOUTS.poll }).toBeGreaterThan(0);
    await page.close();
  });

  it.each([
    ["desktop", 1280],
    ["phone", 390],
  ])("renders on a %s screen (%i px) without horizontal overflow, screenshot kept", async (name, width) => {
    const page = await open(OPERATION, width);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, `reference-${name}-${width}.png`), fullPage: true });
    await page.close();
  });

  it("made no request off this machine and logged no console error", () => {
    expect(leaks).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
