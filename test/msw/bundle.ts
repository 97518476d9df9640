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

/** Runs scenario `name` of a Node bundle of test/msw/scenarios.ts under `node`, with `input` on stdin; its JSON output. */
export async function runScenario(node: string, file: string, name: string, input?: unknown): Promise<unknown> {
  const { spawn } = await import("node:child_process");
  const child = spawn(node, [file, name], { cwd: repoRoot, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk));
  child.stderr.on("data", (chunk: Buffer) => (err += chunk));
  child.stdin.end(input === undefined ? "" : JSON.stringify(input));
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  if (code !== 0) throw new Error(`scenario ${name} exited ${code}: ${err.slice(0, 4000)}`);
  return JSON.parse(out);
}
