// The reference's code samples are programs: each runs against the Prism mock, with the
// provider's endpoint redirected to the mock, and must print the page it got.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { repoRoot } from "../../scripts/lib/paths.js";
import { at, document, type JsonObject } from "../support/document.js";
import { findOnPath } from "../../scripts/lib/chromium.js";
import { mockReady, PROJECT_ID } from "../support/mock.js";
import { TIMEOUTS } from "../support/timeouts.js";

// The global setup starts Prism alongside the first files: wait for it to answer.
beforeAll(() => mockReady(), TIMEOUTS.prismStart);

const PROVIDER = "https://vpcep.eu-de.otc.t-systems.com";
const samplesDir = path.join(repoRoot, "openapi", "code_samples");
const samples = at(document, "paths", "/v1/{project_id}/vpc-endpoint-services", "get")["x-codeSamples"] as JsonObject[];

/** Sends requests for the provider's eu-de endpoint to the mock instead, recording their URLs. */
function redirectProviderToMock() {
  const seen: string[] = [];
  const realFetch = globalThis.fetch;
  vi.stubGlobal("fetch", (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    seen.push(url);
    return realFetch(url.replace(PROVIDER, inject("mockUrl")), init);
  });
  return seen;
}

async function runModule(file: string) {
  vi.stubEnv("OS_PROJECT_ID", PROJECT_ID);
  vi.stubEnv("OS_TOKEN", "sample-token");
  const printed: unknown[][] = [];
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void printed.push(args));
  await import(/* @vite-ignore */ `${path.join(samplesDir, file)}?run=${Date.now()}`);
  return printed;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("the code samples of the reference", () => {
  it("are the three files in openapi/code_samples, embedded verbatim", async () => {
    expect(samples.map((s) => s["label"])).toEqual(["curl", "TypeScript (vpcep-openapi)", "fetch"]);
    for (const [file, sample] of [
      ["curl/listEndpointServices.sh", samples[0]],
      ["typescript/listEndpointServices.ts", samples[1]],
      ["javascript/listEndpointServices.js", samples[2]],
    ] as const) {
      expect(sample?.["source"]).toBe(await readFile(path.join(samplesDir, file), "utf8"));
    }
  });

  it("TypeScript: lists a page and walks every page against the mock", async () => {
    const seen = redirectProviderToMock();
    const printed = await runModule("typescript/listEndpointServices.ts");
    expect(seen[0]).toBe(`${PROVIDER}/v1/${PROJECT_ID}/vpc-endpoint-services?status=available&limit=50`);
    expect(seen[1]).toContain("sort_key=update_at&limit=1000&offset=0");
    expect(String(printed[0]?.[0])).toMatch(/^\d+ available, first page:$/);
    expect(printed.length).toBeGreaterThan(1);
  });

  it("fetch: lists a page against the mock", async () => {
    const seen = redirectProviderToMock();
    const printed = await runModule("javascript/listEndpointServices.js");
    expect(seen).toEqual([`${PROVIDER}/v1/${PROJECT_ID}/vpc-endpoint-services?status=available&limit=50`]);
    expect(String(printed[0]?.[0])).toMatch(/^\d+ available:$/);
    expect(Array.isArray(printed[0]?.[1])).toBe(true);
  });

  const curl = findOnPath(["curl"]);
  it.skipIf(!curl)("curl: gets a page from the mock (skipped without curl on PATH)", async () => {
    const script = (await readFile(path.join(samplesDir, "curl/listEndpointServices.sh"), "utf8")).replace(PROVIDER, inject("mockUrl"));
    const { stdout } = await promisify(execFile)("bash", ["-c", script], {
      env: { ...process.env, OS_PROJECT_ID: PROJECT_ID, OS_TOKEN: "sample-token" },
    });
    const page = JSON.parse(stdout) as { total_count: number };
    expect(page.total_count).toBeGreaterThanOrEqual(0);
  });
});
