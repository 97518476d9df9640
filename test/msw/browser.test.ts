// The handlers in a real browser: msw's setupWorker (a service worker) in Debian's Chromium, with
// our client (token and AK/SK signed with Web Crypto, checked by the gateway with Web Crypto)
// calling through it. The page is a rolldown bundle of browser-page.ts, served with msw's
// mockServiceWorker.js from a loopback server (127.0.0.1 is a secure context for service workers).
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleServices } from "../../generated/contract-validators.js";
import { repoRoot } from "../../scripts/lib/paths.js";
import { chromiumAvailable, connectChromium } from "../support/browser.js";
import { TIMEOUTS } from "../support/timeouts.js";
import { bundle } from "./bundle.js";

if (!chromiumAvailable) console.warn("test/msw/browser.test.ts: SKIPPED, no Chromium on PATH (apt-get install -y chromium)");

const page = (script: string) =>
  `<!doctype html><meta charset="utf-8"><title>vpcep msw</title><script type="module" src="${script}"></script>`;

/** Serves the page, its bundle and msw's worker script; anything else is a 404. */
async function serve(files: Record<string, { type: string; body: string | Buffer }>): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const file = files[new URL(request.url ?? "/", "http://127.0.0.1").pathname];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": file.type, "cache-control": "no-store" }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe.skipIf(!chromiumAvailable)("vpcepHandlers under msw/browser's setupWorker, in Chromium", () => {
  let browser: Browser;
  let built: Awaited<ReturnType<typeof bundle>>;
  let example: Awaited<ReturnType<typeof bundle>>;
  let site: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    [built, example] = await Promise.all([bundle("test/msw/browser-page.ts", "browser"), bundle("test/msw/browser-example.ts", "browser")]);
    const js = "text/javascript; charset=utf-8";
    site = await serve({
      "/": { type: "text/html; charset=utf-8", body: page("/entry.js") },
      "/entry.js": { type: js, body: await readFile(built.file) },
      "/example/": { type: "text/html; charset=utf-8", body: page("/example/entry.js") },
      "/example/entry.js": { type: js, body: await readFile(example.file) },
      "/mockServiceWorker.js": {
        type: js,
        body: await readFile(path.join(repoRoot, "node_modules", "msw", "lib", "mockServiceWorker.js")),
      },
    });
    browser = await connectChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.server.close(resolve));
    await built?.dispose();
    await example?.dispose();
  });

  it("answers our client through the service worker: token and AK/SK, a refused filter, pages, the control API", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    try {
      await page.goto(`${site.origin}/`);
      await page.waitForFunction(() => "runVpcepMsw" in globalThis, undefined, { timeout: TIMEOUTS.pageLoad });
      const seen = await page.evaluate(() => (globalThis as unknown as { runVpcepMsw: () => Promise<unknown> }).runVpcepMsw());
      const result = seen as Record<string, unknown> & { pages: { total: number; ids: string[] }[] };
      const ids = exampleServices.map((s) => s.id!);
      const sorted = (list: unknown) => (list as string[]).toSorted();

      expect(result.controlled).toBe(`${site.origin}/mockServiceWorker.js`);
      expect(sorted(result.token)).toEqual(ids.toSorted());
      expect(sorted(result.keys)).toEqual(ids.toSorted());
      expect(sorted(result.otherRegion)).toEqual(ids.toSorted());
      // The gateway verified the signature in the browser: a wrong secret is refused.
      expect(result.unsigned).toEqual({ name: "VpcepApiError", status: 401, code: "APIGW.0301" });
      expect(result.refused).toEqual({ name: "VpcepApiError", status: 400, code: "EndPoint.0019" });

      // Pages of two, oldest first: every service once, the total on every page.
      expect(result.pages.length).toBe(Math.ceil((ids.length + 1) / 2));
      expect(result.pages.every((p) => p.total === ids.length)).toBe(true);
      expect(result.pages.every((p) => p.ids.length <= 2)).toBe(true);
      const walked = result.pages.flatMap((p) => p.ids);
      expect(walked.toSorted()).toEqual(ids.toSorted());
      const created = new Map(exampleServices.map((s) => [s.id, Date.parse(s.created_at!)]));
      const times = walked.map((id) => created.get(id)!);
      expect(times).toEqual(times.toSorted((a, b) => a - b));

      // The control API, called in the page, changes what the next list returns; reset undoes it.
      expect(result.added).toBe("added-in-the-browser");
      expect(sorted(result.afterAdd)).toEqual([...ids, "added-in-the-browser"].toSorted());
      expect(result.named).toEqual({ total: 1, ids: ["added-in-the-browser"] });
      expect(sorted(result.afterReset)).toEqual(ids.toSorted());

      // The page's own fetch (limit=5000, beyond the documented 1000) gets the mock's error body.
      expect(result.rawAnswer).toMatchObject({
        status: 400,
        contentType: expect.stringContaining("application/json"),
        body: { error_code: "EndPoint.0006", error_msg: "Invalid limit." },
      });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("runs the testing guide's browser snippet (examples/msw/browser.ts) as is: signed requests answered, a wrong secret refused", async () => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const errors: string[] = [];
    tab.on("pageerror", (error) => errors.push(error.message));
    try {
      await tab.goto(`${site.origin}/example/`);
      await tab.waitForFunction(() => "runExample" in globalThis, undefined, { timeout: TIMEOUTS.pageLoad });
      const seen = await tab.evaluate(() => (globalThis as unknown as { runExample: () => Promise<unknown> }).runExample());
      expect(seen).toEqual({
        ids: expect.arrayContaining(exampleServices.map((s) => s.id)),
        refused: "401 APIGW.0301",
        held: exampleServices.length,
      });
      expect((seen as { ids: string[] }).ids.length).toBe(exampleServices.length);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
