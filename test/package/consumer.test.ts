// The compatibility gate for consumers: the packed package installs from its tarball, pulls only
// openapi-fetch, type-checks under every common module setting with TypeScript 5 and 7, runs under
// Node 20, 22 and 24 against the mock, and its bins work without the optional peers.
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { NODE_VERSIONS, nodeBinary, pruneNodeBinaries } from "../../scripts/lib/node-binaries.js";
import { repoRoot } from "../../scripts/lib/paths.js";
import { npmInstall, RegistryUnavailableError } from "../../scripts/lib/registry.js";
import { nativeTsc } from "../../scripts/lib/tools.js";
import { startMockProcess } from "../support/processes.js";
import { consumerCacheDir, pruneConsumerCaches } from "./cache.js";
import { TIMEOUTS } from "../support/timeouts.js";
import { mockReady } from "../support/mock.js";

// The global setup starts Prism alongside the first files: wait for it to answer.
beforeAll(() => mockReady(), TIMEOUTS.prismStart);

const exec = promisify(execFile);
// The compilers are the repository's own devDependencies (typescript 5.9, typescript7 = TypeScript 7).
const native = await nativeTsc();
// TypeScript 5.9 keeps its incremental state in the cache (see cache.ts); TypeScript 7 needs none.
const TYPESCRIPTS = {
  "TypeScript 5.9": (name: string) => [
    process.execPath,
    path.join(repoRoot, "node_modules", "typescript", "bin", "tsc"),
    "--incremental",
    "--tsBuildInfoFile",
    path.join(buildInfo, `${name}.tsbuildinfo`),
  ],
  "TypeScript 7 (native)": () => [native],
};
const MODULES = {
  bundler: { module: "esnext", moduleResolution: "bundler" },
  node16: { module: "node16", moduleResolution: "node16" },
  nodenext: { module: "nodenext", moduleResolution: "nodenext" },
} as const;

const npm = (args: string[], cwd: string) =>
  exec("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd,
    env: { ...process.env, npm_config_update_notifier: "false" },
  });

/** Packs the package, installs the tarball into a consumer project, and fetches the other Nodes. */
async function prepare() {
  const scratch = await mkdtemp(path.join(tmpdir(), "vpcep-consumer-"));
  await pruneConsumerCaches();
  const cached = await consumerCacheDir(repoRoot);
  const project = path.join(cached, "project");
  await rm(project, { recursive: true, force: true });
  await mkdir(project);
  await mkdir(path.join(cached, "tsbuildinfo"), { recursive: true });
  const nodes = pruneNodeBinaries().then(() => Promise.all(NODE_VERSIONS.map((version) => nodeBinary(version))));
  nodes.catch(() => {}); // awaited below; a failure of the install must not go unhandled meanwhile
  try {
    const { stdout } = await npm(["pack", "--ignore-scripts", "--pack-destination", scratch, "--json"], repoRoot);
    const tarball = path.join(scratch, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
    await writeFile(path.join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    await npmInstall([tarball], { cwd: project, what: "the packed package's dependencies (openapi-fetch)" });
    await copyFile(path.join(repoRoot, "test", "package", "fixture", "consumer.ts"), path.join(project, "consumer.ts"));
    for (const [name, settings] of Object.entries(MODULES)) {
      const compilerOptions = {
        ...settings,
        target: "es2022",
        lib: ["es2022"],
        types: ["node"],
        typeRoots: [path.join(repoRoot, "node_modules", "@types")],
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: false,
        outDir: `out-${name}`,
      };
      await writeFile(path.join(project, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions, files: ["consumer.ts"] }, null, 2));
    }
    return { scratch, project, buildInfo: path.join(cached, "tsbuildinfo"), tarball, nodes: await nodes };
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    throw error;
  }
}

// Prepared while the file is collected, so that without the registry the file says so at once:
// in CI (CI set) it fails with the reason; on a contributor's machine it is skipped with it.
const prepared = await prepare().then(
  (ready) => ({ ready, offline: undefined }),
  (error: unknown) => {
    if (!(error instanceof RegistryUnavailableError) || process.env["CI"]) throw error;
    console.warn(`test/package/consumer.test.ts: SKIPPED, ${error.message}`);
    return { ready: undefined, offline: error.message };
  },
);
const { scratch, project, buildInfo, tarball, nodes } = prepared.ready ?? {
  scratch: "",
  project: "",
  buildInfo: "",
  tarball: "",
  nodes: [],
};
afterAll(() => (scratch ? rm(scratch, { recursive: true, force: true }) : undefined));

describe.skipIf(prepared.offline !== undefined)("the packed package", { concurrent: true }, () => {
  it("installs with openapi-fetch as its only dependency, and without Prism, Redocly or Ajv", async () => {
    const installed = (await readdir(path.join(project, "node_modules"))).filter((name) => !name.startsWith("."));
    expect(installed.sort()).toEqual(["openapi-fetch", "openapi-typescript-helpers", "vpcep-openapi"]);
  });

  it("has no install script and holds only dist, bin, the bundled document and the docs", async () => {
    const { stdout } = await exec("tar", ["tzf", tarball]);
    const files = stdout
      .trim()
      .split("\n")
      .map((f) => f.replace(/^package\//, ""));
    expect(
      files.every((f) =>
        /^(dist\/|bin\/|generated\/(openapi(-3\.0)?\.(json|yaml)|vpcep\.arazzo\.yaml)$|package\.json$|README\.md$|CHANGELOG\.md$)/.test(f),
      ),
      files.join(" "),
    ).toBe(true);
    expect(files).toEqual(
      expect.arrayContaining([
        "generated/openapi.json",
        "generated/openapi-3.0.json",
        "generated/openapi-3.0.yaml",
        "dist/src/msw.js",
        "dist/src/msw.d.ts",
      ]),
    );
    const manifest = (await import(path.join(project, "node_modules", "vpcep-openapi", "package.json"), { with: { type: "json" } }))
      .default as { scripts?: Record<string, string> };
    for (const hook of ["preinstall", "install", "postinstall"]) expect(manifest.scripts?.[hook]).toBeUndefined();
  });

  for (const [label, compiler] of Object.entries(TYPESCRIPTS)) {
    it.each(Object.keys(MODULES))(
      `type-checks a strict consumer with ${label}, moduleResolution %s`,
      async (name) => {
        const [command, ...prefix] = compiler(name);
        const { stdout } = await exec(command!, [...prefix, "-p", `tsconfig.${name}.json`, "--noEmit"], { cwd: project }).catch(
          (e: { stdout: string }) => ({ stdout: e.stdout }),
        );
        expect(stdout).toBe("");
      },
      TIMEOUTS.heavyTest,
    );
  }

  it(
    "runs the compiled consumer under Node 20, 22 and 24 against the mock",
    async () => {
      // Emitted by TypeScript 7 (the type-check tests above cover both compilers).
      await exec(native, ["-p", "tsconfig.nodenext.json", "--outDir", "out-run"], { cwd: project });
      const binaries = [process.execPath, ...nodes];
      const outputs = await Promise.all(
        binaries.map(async (node) => {
          const { stdout } = await exec(node, ["out-run/consumer.js"], {
            cwd: project,
            env: { ...process.env, VPCEP_MOCK_URL: inject("mockUrl") },
          });
          return JSON.parse(stdout) as { node: string; valid: boolean; refused: string; total: number };
        }),
      );
      expect(outputs.map((o) => o.node)).toEqual(["20", "22", "24"]);
      for (const output of outputs) expect(output).toMatchObject({ valid: true, refused: "400 EndPoint.0002", total: 1 });
    },
    TIMEOUTS.packageTest,
  );

  it("exports ./msw, which needs the optional msw: without it the root loads and ./msw fails naming msw", async () => {
    const script = [
      'const root = await import("vpcep-openapi");',
      'const failed = await import("vpcep-openapi/msw").then(() => "loaded", (error) => `${error.code} ${error.message}`);',
      "console.log(JSON.stringify({ root: typeof root.createVpcepClient, failed }));",
    ].join("\n");
    const { stdout } = await exec(nodes[0]!, ["--input-type=module", "-e", script], { cwd: project });
    const seen = JSON.parse(stdout) as { root: string; failed: string };
    expect(seen.root).toBe("function");
    expect(seen.failed).toMatch(
      /^ERR_MODULE_NOT_FOUND Cannot find package 'msw' imported from .*vpcep-openapi\/dist\/src\/mock\/msw\/msw\.js/,
    );
  });

  it("vpcep-mock says what to install when Prism is missing", async () => {
    const bin = path.join(project, "node_modules", ".bin", "vpcep-mock");
    const failed = await exec(bin, ["--port", "0"], { cwd: project }).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain(
      "@stoplight/prism-cli is not installed: npm install --save-dev @stoplight/prism-cli@5.14",
    );
  });

  it("vpcep-mock --stateful and vpcep-contract check work with no optional peer", async () => {
    const { child: mock, url } = await startMockProcess(
      path.join(project, "node_modules", ".bin", "vpcep-mock"),
      ["--stateful", "--port", "0", "--token", "t"],
      project,
    );
    try {
      const { stdout } = await exec(path.join(project, "node_modules", ".bin", "vpcep-contract"), ["check", url], {
        cwd: project,
        env: { ...process.env, OS_TOKEN: "t" },
      });
      expect(stdout).toMatch(/^50 passed, 0 failed$/m);
      const fuzz = await exec(path.join(project, "node_modules", ".bin", "vpcep-contract"), ["check", url, "--fuzz", "5"], {
        cwd: project,
        env: { ...process.env, OS_TOKEN: "t" },
      }).catch((e: { code: number; stdout: string; stderr: string }) => e);
      // Refused before any case runs.
      expect(fuzz).toMatchObject({
        code: 3,
        stdout: "",
        stderr: expect.stringContaining("--fuzz needs the package fast-check: npm install --save-dev fast-check@4"),
      });
    } finally {
      mock.kill("SIGTERM");
    }
  });

  it(
    "is clean for @arethetypeswrong/cli (ESM-only profile) and publint",
    async () => {
      const attw = await exec(
        process.execPath,
        [
          path.join(repoRoot, "node_modules", "@arethetypeswrong", "cli", "dist", "index.js"),
          tarball,
          "--profile",
          "esm-only",
          "--exclude-entrypoints",
          "./openapi.yaml",
          "./openapi-3.0.yaml",
          "./arazzo.yaml",
          "--format",
          "json",
        ],
        { cwd: repoRoot },
      );
      // The package is ESM only: CommonJS and node10 resolutions are out of scope (the esm-only profile).
      const report = JSON.parse(attw.stdout) as { analysis: { problems: { resolutionKind?: string }[] } };
      expect(report.analysis.problems.filter((p) => !["node10", "node16-cjs"].includes(p.resolutionKind ?? ""))).toEqual([]);
      const publint = await exec(process.execPath, [path.join(repoRoot, "node_modules", "publint", "src", "cli.js"), tarball], {
        cwd: repoRoot,
      });
      expect(publint.stdout).toMatch(/All good!/);
    },
    TIMEOUTS.heavyTest,
  );
});
