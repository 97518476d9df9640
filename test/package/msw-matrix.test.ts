// The MSW matrix: vpcep-openapi/msw from the packed tarball in scratch projects with msw 2.7 (the
// floor of the peer range), the latest msw 2 and msw 3, beside vitest 4 and 5, each run on Node 20,
// 22 and 24 (the binaries the package gate caches). A combination npm refuses to install (ERESOLVE
// between msw and vitest, not this package) or whose engines exclude the Node is reported as such,
// never as passing; every other one must install and pass services.test.mjs. Also: a new user's
// `npm install -D msw vitest` beside the package installs without ERESOLVE, versions that run there.
// The projects stay in the cache (one per msw and vitest), so a second run installs only the tarball.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { cacheRoot, NODE_VERSIONS, nodeBinary } from "../../scripts/lib/node-binaries.js";
import { repoRoot } from "../../scripts/lib/paths.js";
import { npmInstall, RegistryUnavailableError } from "../../scripts/lib/registry.js";
import { TIMEOUTS } from "../support/timeouts.js";

const exec = promisify(execFile);
const MSW = ["2.7.0", "^2", "^3"] as const;
const VITEST = ["^4", "^5"] as const;

/** Whether `version` satisfies an `engines.node` range of the forms packages use (`>=22.12.0`, `^22.12.0 || >=24`). */
function satisfies(version: string, range: string): boolean {
  const parts = (text: string) => text.split(".").map((n) => Number(n));
  const compare = (a: number[], b: number[]) => {
    for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
    return 0;
  };
  const v = parts(version);
  if (range.trim() === "" || range.trim() === "*") return true;
  return range.split("||").some((alternative) =>
    alternative
      .trim()
      .split(/\s+/)
      .every((comparator) => {
        const match = /^(\^|>=|>|<=|<|=)?v?(\d+(?:\.\d+){0,2})$/.exec(comparator);
        if (!match) throw new Error(`engines range ${JSON.stringify(range)}: cannot read ${JSON.stringify(comparator)}`);
        const [, op = "=", bound] = match;
        const b = parts(bound!);
        const c = compare(v, b);
        if (op === "^") return c >= 0 && v[0] === b[0];
        return { ">=": c >= 0, ">": c > 0, "<=": c <= 0, "<": c < 0, "=": c === 0 }[op]!;
      }),
  );
}

const npm = (args: string[], cwd: string) =>
  exec("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd,
    env: { ...process.env, npm_config_update_notifier: "false" },
  });

const readManifest = async (project: string, name: string) =>
  JSON.parse(await readFile(path.join(project, "node_modules", name, "package.json"), "utf8")) as {
    version: string;
    engines?: { node?: string };
  };

type Install = { ok: true; project: string } | { ok: false; refused: string };

/** The scratch project of one msw and vitest, with the tarball installed; or npm's refusal when msw and vitest conflict. */
async function installProject(msw: string, vitest: string, tarball: string): Promise<Install> {
  const project = path.join(cacheRoot(), "msw-matrix", `msw${msw.replace(/\W/g, "")}-vitest${vitest.replace(/\W/g, "")}`);
  const marker = path.join(project, "installed.txt");
  if (!existsSync(marker)) {
    await rm(project, { recursive: true, force: true });
    await mkdir(project, { recursive: true });
    await writeFile(path.join(project, "package.json"), JSON.stringify({ name: "msw-matrix", private: true, type: "module" }));
    try {
      await npmInstall(["--save-dev", `msw@${msw}`, `vitest@${vitest}`, tarball], {
        cwd: project,
        what: `msw@${msw} and vitest@${vitest}`,
      });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? "";
      // npm's own refusal between msw and vitest's mocker is a fact of those two, not of this package.
      if (/ERESOLVE/.test(stderr) && !/vpcep-openapi/.test(stderr.split("Conflicting peer dependency")[1] ?? stderr))
        return {
          ok: false,
          refused: `npm refuses: ERESOLVE (${/Could not resolve dependency:\s*\n\s*(.*)/.exec(stderr)?.[1] ?? "peer conflict"})`,
        };
      throw error;
    }
    await writeFile(marker, `${msw} ${vitest}\n`);
  } else {
    await npmInstall([tarball], { cwd: project, what: "the packed package" });
  }
  await copyFile(path.join(repoRoot, "test", "package", "msw-matrix", "services.test.mjs"), path.join(project, "services.test.mjs"));
  return { ok: true, project };
}

const scratch = await mkdtemp(path.join(tmpdir(), "vpcep-msw-matrix-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

const prepared = await (async () => {
  const { stdout } = await npm(["pack", "--ignore-scripts", "--pack-destination", scratch, "--json"], repoRoot);
  const tarball = path.join(scratch, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
  const nodes = [process.execPath, ...(await Promise.all(NODE_VERSIONS.map((version) => nodeBinary(version))))];
  return { tarball, nodes };
})().then(
  (ready) => ({ ready, offline: undefined }),
  (error: unknown) => {
    if (!(error instanceof RegistryUnavailableError) || process.env["CI"]) throw error;
    console.warn(`test/package/msw-matrix.test.ts: SKIPPED, ${error.message}`);
    return { ready: undefined, offline: error.message };
  },
);

describe.skipIf(prepared.offline !== undefined)("vpcep-openapi/msw across msw, vitest and Node", () => {
  const { tarball, nodes } = prepared.ready ?? { tarball: "", nodes: [] };

  it(
    "each installable combination passes; the others are what npm or the engines refuse",
    async () => {
      const versions = await Promise.all(nodes.map(async (node) => (await exec(node, ["-p", "process.versions.node"])).stdout.trim()));
      const results: Record<string, string> = {};
      for (const msw of MSW)
        for (const vitest of VITEST) {
          const installed = await installProject(msw, vitest, tarball);
          for (const [i, node] of nodes.entries()) {
            const key = `Node ${versions[i]!.split(".")[0]}, msw ${msw}, vitest ${vitest}`;
            if (!installed.ok) {
              results[key] = installed.refused;
              continue;
            }
            const manifests = {
              msw: await readManifest(installed.project, "msw"),
              vitest: await readManifest(installed.project, "vitest"),
            };
            const excluded = Object.entries(manifests).filter(([, m]) => m.engines?.node && !satisfies(versions[i]!, m.engines.node));
            if (excluded.length > 0) {
              results[key] = `engines: ${excluded.map(([name, m]) => `${name} ${m.version} needs Node ${m.engines!.node}`).join(", ")}`;
              // What a user who installs msw 3 on Node 20 anyway meets: a message that says what to do.
              if (excluded.some(([name]) => name === "msw")) {
                const script =
                  'import("vpcep-openapi/msw").then((m) => m.createVpcepMsw({ services: [] })).catch((e) => console.log(e.name + ": " + e.message))';
                const { stdout } = await exec(node, ["--input-type=module", "-e", script], { cwd: installed.project });
                expect(stdout).toMatch(/^VpcepConfigError: vpcep-openapi\/msw: msw 3 needs Node 22\.12 or newer.*use msw 2/);
              }
              continue;
            }
            const run = await exec(node, [path.join("node_modules", "vitest", "vitest.mjs"), "run", "services.test.mjs"], {
              cwd: installed.project,
              env: { ...process.env, CI: "1", NO_COLOR: "1" },
            }).catch((error: { stdout: string; stderr: string }) => error);
            const passed = /Tests\s+3 passed \(3\)/.test(run.stdout);
            results[key] = passed
              ? `passed (msw ${manifests.msw.version}, vitest ${manifests.vitest.version})`
              : `FAILED\n${run.stdout}\n${run.stderr}`;
          }
        }
      console.log(
        Object.entries(results)
          .map(([key, result]) => `${key}: ${result}`)
          .join("\n"),
      );
      const failed = Object.entries(results).filter(([, result]) => result.startsWith("FAILED"));
      expect(failed).toEqual([]);
      // The claims of the peer range: on Node 22 and later every combination runs; on Node 20 msw 2
      // with vitest 4 runs, and the others are excluded by their own engines (msw 3, vitest 5).
      for (const [key, result] of Object.entries(results)) {
        if (!key.startsWith("Node 20,") || /msw (2\.7\.0|\^2), vitest \^4$/.test(key)) expect(result, key).toMatch(/^passed/);
        else expect(result, key).toMatch(/^engines: /);
      }
    },
    TIMEOUTS.packageTest * 4,
  );

  it(
    "a new user's `npm install -D msw vitest` beside the package installs without ERESOLVE (Node 20's npm)",
    async () => {
      const project = path.join(scratch, "new-user");
      await mkdir(project);
      await writeFile(path.join(project, "package.json"), JSON.stringify({ name: "new-user", private: true, type: "module" }));
      await npmInstall([tarball], { cwd: project, what: "the packed package" });
      await npmInstall(["--save-dev", "msw", "vitest"], { cwd: project, what: "msw and vitest" });
      const chosen = { msw: await readManifest(project, "msw"), vitest: await readManifest(project, "vitest") };
      console.log(
        `npm install -D msw vitest on Node ${process.versions.node} chose msw ${chosen.msw.version}, vitest ${chosen.vitest.version}`,
      );
      // npm picks versions whose engines admit the Node it runs on (msw 2 and vitest 4 on Node 20).
      for (const manifest of Object.values(chosen)) expect(satisfies(process.versions.node, manifest.engines?.node ?? "*")).toBe(true);
    },
    TIMEOUTS.packageTest,
  );
});
