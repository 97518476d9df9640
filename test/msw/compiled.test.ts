// The compiled entries, as Node loads them from the installed package: the root (dist/src/index.js)
// never resolves msw, so an app without the optional peer runs; `dist/src/msw.js` does, and works
// under Node 22 (msw 3 needs 22.12+). A module resolve hook refuses every specifier of msw and
// @mswjs and logs every other, so a lazy `import("msw")` anywhere would show too.
import { execFile } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { NODE_VERSIONS, nodeBinary } from "../../scripts/lib/node-binaries.js";
import { repoRoot } from "../../scripts/lib/paths.js";

const exec = promisify(execFile);
const ROOT = pathToFileURL(path.join(repoRoot, "dist", "src", "index.js")).href;
const MSW = pathToFileURL(path.join(repoRoot, "dist", "src", "msw.js")).href;

const HOOKS = `
export async function resolve(specifier, context, next) {
  if (/^(msw|@mswjs\\/[^/]+)(\\/|$)/.test(specifier)) throw new Error("msw resolved: " + specifier);
  process.stderr.write("resolve: " + specifier + "\\n");
  return next(specifier, context);
}`;
const REGISTER = `import { register } from "node:module"; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`;
const WITHOUT_MSW = ["--import", `data:text/javascript,${encodeURIComponent(REGISTER)}`];

/** Runs `script` (an ES module) under `node`; its exit code, stdout and stderr. */
async function run(node: string, script: string, flags: string[] = []) {
  try {
    const { stdout, stderr } = await exec(node, [...flags, "--input-type=module", "-e", script], { cwd: repoRoot });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

// Every export of the root used once: the client (with its lazily imported paging walk), errors, validators.
const USE_ROOT = `
const root = await import(${JSON.stringify(ROOT)});
const services = [{ id: "a" }, { id: "b" }];
const client = root.createVpcepClient({ projectId: "p", baseUrl: "http://127.0.0.1:9", auth: { token: "t" }, retry: false,
  fetch: async (request) => new Response(JSON.stringify({ endpoint_services: services, total_count: 2 }), { headers: { "content-type": "application/json" } }) });
const ids = (await client.listAllEndpointServices()).map((s) => s.id);
console.log(JSON.stringify({ exports: Object.keys(root).sort(), ids }));`;

const USE_MSW = `
const { createVpcepMsw, vpcepHandlers } = await import(${JSON.stringify(MSW)});
const vpcep = createVpcepMsw({ services: [], baseUrl: "http://127.0.0.1:9" });
console.log(JSON.stringify({ handlers: vpcepHandlers({ services: [] }).length, services: await vpcep.services() }));`;

describe("the compiled entries and the optional msw", () => {
  let node22 = "";
  beforeAll(async () => {
    node22 = await nodeBinary(NODE_VERSIONS[0]!);
  });

  it.each([
    ["Node 20 (this process's)", () => process.execPath],
    ["Node 22", () => node22],
  ])("%s: the root runs, its paging included, with msw unresolvable", async (_, node) => {
    const { code, stdout, stderr } = await run(node(), USE_ROOT, WITHOUT_MSW);
    expect(stderr).not.toContain("msw resolved");
    expect(code).toBe(0);
    const seen = JSON.parse(stdout) as { exports: string[]; ids: string[] };
    expect(seen.exports).toContain("createVpcepClient");
    expect(seen.ids).toEqual(["a", "b"]);
    // The hook saw the graph and nothing of msw (it throws on msw, so exit 0 says so too; the ids
    // say the lazily imported paging walk ran). Lines the hooks' thread writes last may be lost at
    // exit, so only the first is asserted.
    const resolved = stderr.split("\n").filter((line) => line.startsWith("resolve: "));
    expect(resolved).toContain(`resolve: ${ROOT}`);
    expect(resolved.filter((line) => /(^resolve: |\/node_modules\/)(msw|@mswjs)\b/.test(line))).toEqual([]);
  });

  it("the ./msw entry resolves msw: refused by the hook, it fails naming msw", async () => {
    const { code, stderr } = await run(node22, USE_MSW, WITHOUT_MSW);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/msw resolved: msw/);
  });

  it("under Node 20 (msw 3 cannot intercept there) createVpcepMsw says which Node it needs", async () => {
    const { code, stdout, stderr } = await run(process.execPath, USE_MSW);
    expect(stdout).toBe("");
    expect(code).not.toBe(0);
    expect(stderr).toContain(
      `VpcepConfigError: vpcep-openapi/msw: msw 3 needs Node 22.12 or newer (or a current browser); this is Node ${process.versions.node}`,
    );
  });

  it("the ./msw entry loads and builds handlers under Node 22", async () => {
    const { code, stdout, stderr } = await run(node22, USE_MSW);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ handlers: 1, services: [] });
  });
});
