// The package root never loads openapi-fetch at run time: the compiled root entry (dist/) is
// imported by a Node process in a copy of the package that has no node_modules, so `openapi-fetch`
// cannot resolve, and it must load and page through services. The raw entry, in the same copy,
// must fail on exactly that import, which proves the copy really lacks it.
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/lib/paths.js";

const run = promisify(execFile);
let copy = "";

beforeAll(async () => {
  copy = await mkdtemp(path.join(tmpdir(), "vpcep-root-no-openapi-fetch-"));
  // What the package ships (package.json `files`), without any node_modules above or beside it.
  for (const entry of ["package.json", "dist", "generated/openapi.json", "generated/openapi.yaml"]) {
    await cp(path.join(repoRoot, entry), path.join(copy, entry), { recursive: true });
  }
});
afterAll(() => rm(copy, { recursive: true, force: true }));

/** Runs an ES module script in the copy; returns its stdout, or the error's stderr. */
async function node(script: string): Promise<{ ok: boolean; out: string }> {
  try {
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: copy, timeout: 30_000 });
    return { ok: true, out: stdout };
  } catch (error) {
    const failure = error as { stderr?: string; message: string };
    return { ok: false, out: failure.stderr ?? failure.message };
  }
}

describe("the compiled package root without openapi-fetch", () => {
  it("loads, and lists every service page by page with a fetch of its own", async () => {
    const result = await node(`
      const root = await import("./dist/src/index.js");
      const pages = [];
      const fetch = async (input) => {
        const url = new URL(input instanceof Request ? input.url : String(input));
        pages.push(url.searchParams.get("limit") + "@" + url.searchParams.get("offset"));
        const offset = Number(url.searchParams.get("offset"));
        const services = offset === 0 ? Array.from({ length: root.MAX_PAGE_SIZE }, (_, i) => ({ id: "s" + i })) : [{ id: "last" }];
        return new Response(JSON.stringify({ endpoint_services: services, total_count: root.MAX_PAGE_SIZE + 1 }), { headers: { "content-type": "application/json" } });
      };
      const client = root.createVpcepClient({ projectId: "p1", region: "eu-de", auth: { token: "t" }, fetch, retry: false });
      const all = await client.listAllEndpointServices();
      console.log(JSON.stringify({ count: all.length, pages, endpoint: root.endpointOf("eu-de"), exports: Object.keys(root).sort() }));
    `);
    expect(result.ok, result.out).toBe(true);
    const seen = JSON.parse(result.out) as { count: number; pages: string[]; endpoint: string; exports: string[] };
    expect(seen.count).toBe(1001);
    expect(seen.pages).toEqual(["1000@0", "1000@1000"]);
    expect(seen.endpoint).toBe("https://vpcep.eu-de.otc.t-systems.com");
    expect(seen.exports).toContain("createVpcepClient");
  }, 60_000);

  it("finds its bundled document and version from dist/ by one module, src/floor/package-files.ts", async () => {
    const result = await node(`
      const files = await import("./dist/src/floor/package-files.js");
      console.log(JSON.stringify({ yaml: files.bundledDocumentPath(), json: files.bundledDocumentPath("json"), version: files.packageVersion() }));
    `);
    expect(result.ok, result.out).toBe(true);
    const found = JSON.parse(result.out) as { yaml: string; json: string; version: string };
    expect(found).toEqual({
      yaml: path.join(copy, "generated", "openapi.yaml"),
      json: path.join(copy, "generated", "openapi.json"),
      version: JSON.parse(await readFile(path.join(repoRoot, "package.json"), "utf8")).version,
    });
  }, 60_000);

  it("the raw entry in the same copy fails on openapi-fetch, so the copy really lacks it", async () => {
    const result = await node(`await import("./dist/src/raw.js");`);
    expect(result.ok).toBe(false);
    expect(result.out).toMatch(/Cannot find package 'openapi-fetch'/);
  }, 60_000);
});
