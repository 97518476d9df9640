// @ts-check
// Step 7: compiles the runtime (src/ and the generated client modules) to dist/: ESM JavaScript and
// declarations, as the package publishes them. The compiler is TypeScript 7 (native), which
// type-checks and emits the same files as TypeScript 5.9's tsc in a fraction of the time.
import { execFile } from "node:child_process";
import { copyFile, mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { commandLine, isMain, OUT_FLAG, runAlone } from "./lib/cli.js";
import { distDirFor } from "./lib/dist.js";
import { generatedDir, repoRoot, shown } from "./lib/paths.js";
import { nativeTsc } from "./lib/tools.js";

export { distDirFor };

const run = promisify(execFile);

/** @param {string} distDir */
export async function compileRuntime(distDir = distDirFor(generatedDir)) {
  await rm(distDir, { recursive: true, force: true });
  const args = [
    "-p",
    path.join(repoRoot, "tsconfig.build.json"),
    "--outDir",
    distDir,
    "--listEmittedFiles",
    "--pretty",
    String(Boolean(process.stdout.isTTY)),
  ];
  let emitted = 0;
  try {
    const { stdout } = await run(await nativeTsc(), args, { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
    emitted = stdout.split("\n").filter((line) => line.startsWith("TSFILE: ")).length;
  } catch (error) {
    const failure = /** @type {{ stdout?: string, stderr?: string, message: string }} */ (error);
    const report = `${failure.stdout ?? ""}${failure.stderr ?? ""}`.replace(/^TSFILE: .*\n/gm, "").trim();
    throw new Error(`compile: tsc found errors\n${report || failure.message}`);
  }
  // Files tsc does not emit, which the compiled code imports: declarations and generated JavaScript.
  await mkdir(path.join(distDir, "generated"), { recursive: true });
  for (const file of ["schema.d.ts", "contract-validators.js", "contract-validators.d.ts", "document-facts.js", "document-facts.d.ts"]) {
    await copyFile(path.join(repoRoot, "generated", file), path.join(distDir, "generated", file));
  }
  return `compile: ${shown(distDir)} (${emitted} files)`;
}

if (isMain(import.meta.url)) {
  const flags = commandLine("npm run compile --", { out: { ...OUT_FLAG.out, description: "compile into <dir>/dist instead of dist/" } });
  await runAlone(() => compileRuntime(distDirFor(flags.out ?? generatedDir)));
}
