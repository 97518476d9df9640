// Bundles a test's entry with rolldown from the sources: for Node 22 (the scenarios, msw left to
// node_modules) or for the browser (everything, msw included). The output goes under
// node_modules/.cache so that the Node bundle resolves msw from the repository's node_modules.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { rolldown } from "rolldown";
import { repoRoot } from "../../scripts/lib/paths.js";

export async function bundle(entry: string, platform: "node" | "browser"): Promise<{ file: string; dispose: () => Promise<void> }> {
  const root = path.join(repoRoot, "node_modules", ".cache");
  await mkdir(root, { recursive: true });
  const dir = await mkdtemp(path.join(root, "vpcep-msw-"));
  const build = await rolldown({
    input: path.join(repoRoot, entry),
    platform,
    logLevel: "silent",
    resolve: {
      extensionAlias: { ".js": [".ts", ".js"] },
      // The examples import the package by its published name: bundle them from the sources.
      alias: {
        "vpcep-openapi/msw": path.join(repoRoot, "src", "msw.ts"),
        "vpcep-openapi": path.join(repoRoot, "src", "index.ts"),
      },
    },
    ...(platform === "node" ? { external: [/^msw(\/|$)/, /^node:/] } : {}),
  });
  const file = path.join(dir, platform === "node" ? "entry.mjs" : "entry.js");
  await build.write({ file, format: "esm", codeSplitting: false });
  await build.close();
  return { file, dispose: () => rm(dir, { recursive: true, force: true }) };
}

export interface ScenarioRun {
  name: string;
  input?: unknown;
}
export type ScenarioResult = { value: unknown } | { error: string };

/**
 * Runs `runs` in order in one Node process (`node`, a bundle `file` of test/msw/scenarios.ts): each
 * run's value or error, in order. Throws when the process fails or reports another number of runs.
 */
export async function runScenarios(node: string, file: string, runs: readonly ScenarioRun[]): Promise<ScenarioResult[]> {
  const { spawn } = await import("node:child_process");
  const child = spawn(node, [file], { cwd: repoRoot, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk));
  child.stderr.on("data", (chunk: Buffer) => (err += chunk));
  child.stdin.end(JSON.stringify(runs));
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  const names = runs.map((run) => run.name).join(", ");
  if (code !== 0) throw new Error(`scenarios ${names} exited ${code}: ${err.slice(0, 4000)}`);
  const results = JSON.parse(out) as ScenarioResult[];
  if (!Array.isArray(results) || results.length !== runs.length)
    throw new Error(`scenarios ${names}: ${runs.length} runs, ${Array.isArray(results) ? results.length : "no"} results`);
  return results;
}

/** The value of a run's result; its error, naming the scenario, thrown. */
export function valueOf(name: string, result: ScenarioResult | undefined): unknown {
  if (result === undefined) throw new Error(`scenario ${name} did not run`);
  if ("error" in result) throw new Error(`scenario ${name} failed: ${result.error}`);
  return result.value;
}

/**
 * The scenarios of one test file, run together in one Node process: `add` (while the file is
 * collected) returns a function each test awaits for its own run's value (or error); `start` (in
 * beforeAll) runs them all. A run that did not happen fails its test.
 */
export function scenarioBatch() {
  const runs: ScenarioRun[] = [];
  let results: Promise<ScenarioResult[]> | undefined;
  return {
    add(name: string, input?: unknown): () => Promise<unknown> {
      const index = runs.push({ name, input }) - 1;
      return async () => {
        if (results === undefined) throw new Error(`scenario ${name} did not run: the batch was not started`);
        return valueOf(name, (await results)[index]);
      };
    },
    start(node: string, file: string): void {
      results = runScenarios(node, file, runs);
      // Each test awaits it and fails with its error; this only keeps it from being unhandled meanwhile.
      results.catch(() => {});
    },
  };
}
