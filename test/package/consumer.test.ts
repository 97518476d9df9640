// The compatibility gate for consumers: the packed package installs from its tarball, pulls only
// openapi-fetch, type-checks under every common module setting with TypeScript 5 and 7, runs under
// Node 20, 22 and 24 against the mock, and its bins work without the optional peers.
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { NODE_VERSIONS, nodeBinary } from "../../scripts/lib/node-binaries.js";
import { repoRoot } from "../../scripts/lib/paths.js";
import { startMockProcess } from "../support/processes.js";

const exec = promisify(execFile);
const TYPESCRIPTS = { "TypeScript 5.9": "typescript", "TypeScript 7 (native)": "typescript7" } as const;
const MODULES = {
  bundler: { module: "esnext", moduleResolution: "bundler" },
  node16: { module: "node16", moduleResolution: "node16" },
  nodenext: { module: "nodenext", moduleResolution: "nodenext" },
} as const;

let scratch = "";
let project = "";
let tarball = "";
const npm = (args: string[], cwd: string) => exec("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, env: { ...process.env, npm_config_update_notifier: "false" } });

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "vpcep-consumer-"));
  project = path.join(scratch, "consumer");
  await mkdir(project);
  const { stdout } = await npm(["pack", "--ignore-scripts", "--pack-destination", scratch, "--json"], repoRoot);
  tarball = path.join(scratch, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
  await writeFile(path.join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  await npm(["install", "--prefer-offline", tarball], project);
  await exec("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", "--no-save", "typescript@5.9.3", "typescript7@npm:typescript@7.0.2", "@types/node@20.19.43"], { cwd: scratch });
  await copyFile(path.join(repoRoot, "test", "package", "fixture", "consumer.ts"), path.join(project, "consumer.ts"));
  for (const [name, settings] of Object.entries(MODULES)) {
    const compilerOptions = {
      ...settings,
      target: "es2022",
      lib: ["es2022"],
      types: ["node"],
      typeRoots: [path.join(scratch, "node_modules", "@types")],
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: false,
      outDir: `out-${name}`,
    };
    await writeFile(path.join(project, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions, files: ["consumer.ts"] }, null, 2));
  }
}, 300_000);
afterAll(() => rm(scratch, { recursive: true, force: true }));

const tsc = (which: string) => path.join(scratch, "node_modules", which, "bin", "tsc");

describe("the packed package", () => {
  it("installs with openapi-fetch as its only dependency, and without Prism, Redocly or Ajv", async () => {
    const installed = (await readdir(path.join(project, "node_modules"))).filter((name) => !name.startsWith("."));
    expect(installed.sort()).toEqual(["openapi-fetch", "openapi-typescript-helpers", "vpcep-openapi"]);
  });

  it("has no install script and holds only dist, bin, the bundled document and the docs", async () => {
    const { stdout } = await exec("tar", ["tzf", tarball]);
    const files = stdout.trim().split("\n").map((f) => f.replace(/^package\//, ""));
    expect(files.every((f) => /^(dist\/|bin\/|generated\/(openapi\.(json|yaml)|vpcep\.arazzo\.yaml)$|package\.json$|README\.md$|CHANGELOG\.md$)/.test(f)), files.join(" ")).toBe(true);
    const manifest = (await import(path.join(project, "node_modules", "vpcep-openapi", "package.json"), { with: { type: "json" } })).default as { scripts?: Record<string, string> };
    for (const hook of ["preinstall", "install", "postinstall"]) expect(manifest.scripts?.[hook]).toBeUndefined();
  });

  for (const [label, which] of Object.entries(TYPESCRIPTS)) {
    it.each(Object.keys(MODULES))(`type-checks a strict consumer with ${label}, moduleResolution %s`, async (name) => {
      const { stdout } = await exec(process.execPath, [tsc(which), "-p", `tsconfig.${name}.json`, "--noEmit"], { cwd: project }).catch((e: { stdout: string }) => ({ stdout: e.stdout }));
      expect(stdout).toBe("");
    });
  }

  it("runs the compiled consumer under Node 20, 22 and 24 against the mock", async () => {
    await exec(process.execPath, [tsc("typescript"), "-p", "tsconfig.nodenext.json"], { cwd: project });
    const binaries = [process.execPath, ...(await Promise.all(NODE_VERSIONS.map(nodeBinary)))];
    const outputs = await Promise.all(
      binaries.map(async (node) => {
        const { stdout } = await exec(node, ["out-nodenext/consumer.js"], { cwd: project, env: { ...process.env, VPCEP_MOCK_URL: inject("mockUrl") } });
        return JSON.parse(stdout) as { node: string; valid: boolean; refused: string; total: number };
      }),
    );
    expect(outputs.map((o) => o.node)).toEqual(["20", "22", "24"]);
    for (const output of outputs) expect(output).toMatchObject({ valid: true, refused: "400 EndPoint.0002", total: 1 });
  }, 180_000);

  it("vpcep-mock says what to install when Prism is missing", async () => {
    const bin = path.join(project, "node_modules", ".bin", "vpcep-mock");
    const failed = await exec(bin, ["--port", "0"], { cwd: project }).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain("@stoplight/prism-cli is not installed: npm install --save-dev @stoplight/prism-cli@5.14");
  });

  it("vpcep-mock --stateful and vpcep-contract check work with no optional peer", async () => {
    const { child: mock, url } = await startMockProcess(path.join(project, "node_modules", ".bin", "vpcep-mock"), ["--stateful", "--port", "0"], project);
    try {
      const { stdout } = await exec(path.join(project, "node_modules", ".bin", "vpcep-contract"), ["check", url], { cwd: project, env: { ...process.env, OS_TOKEN: "t" } });
      expect(stdout).toMatch(/^42 passed, 0 failed$/m);
      const fuzz = await exec(path.join(project, "node_modules", ".bin", "vpcep-contract"), ["check", url, "--fuzz", "5"], { cwd: project, env: { ...process.env, OS_TOKEN: "t" } }).catch((e: { code: number; stdout: string }) => e);
      expect(fuzz).toMatchObject({ code: 3, stdout: expect.stringContaining("--fuzz needs the package fast-check: npm install --save-dev fast-check@4") });
    } finally {
      mock.kill("SIGTERM");
    }
  });

  it("is clean for @arethetypeswrong/cli (ESM-only profile) and publint", async () => {
    const attw = await exec(process.execPath, [path.join(repoRoot, "node_modules", "@arethetypeswrong", "cli", "dist", "index.js"), tarball, "--profile", "esm-only", "--exclude-entrypoints", "./openapi.yaml", "./arazzo.yaml", "--format", "json"], { cwd: repoRoot });
    // The package is ESM only: CommonJS and node10 resolutions are out of scope (the esm-only profile).
    const report = JSON.parse(attw.stdout) as { analysis: { problems: { resolutionKind?: string }[] } };
    expect(report.analysis.problems.filter((p) => !["node10", "node16-cjs"].includes(p.resolutionKind ?? ""))).toEqual([]);
    const publint = await exec(process.execPath, [path.join(repoRoot, "node_modules", "publint", "src", "cli.js"), tarball], { cwd: repoRoot });
    expect(publint.stdout).toMatch(/All good!/);
  });
});
