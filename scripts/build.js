// @ts-check
// `npm run build`: every step in one process, one progress line each, stopping at the first failure.
import { writeBundle } from "./bundle.js";
import { writeClient } from "./client.js";
import { writeArazzo } from "./arazzo.js";
import { writeContract } from "./contract.js";
import { compileRuntime, distDirFor } from "./compile.js";
import { writeDocs } from "./docs.js";
import { flag, isMain } from "./lib/cli.js";
import { generatedDir, sourceDocument } from "./lib/paths.js";
import { lintDocument } from "./lint.js";
import { writeTypes } from "./types.js";

/** @typedef {{ name: string, run: (outDir: string, source: string) => Promise<string> }} Step */

/** The steps that produce the committed files, in order. @type {Step[]} */
export const contractSteps = [
  { name: "lint", run: (_outDir, source) => lintDocument(source) },
  { name: "bundle", run: writeBundle },
  { name: "types", run: writeTypes },
  { name: "client", run: writeClient },
  { name: "contract", run: writeContract },
  { name: "arazzo", run: writeArazzo },
];

/** @type {Step[]} */
export const allSteps = [...contractSteps, { name: "compile", run: (outDir) => compileRuntime(distDirFor(outDir)) }, { name: "docs", run: writeDocs }];

/**
 * @param {Step[]} steps @param {string} outDir @param {string} source
 * @param {(line: string) => void} [log]
 */
export async function runSteps(steps, outDir, source, log = console.log) {
  for (const [index, step] of steps.entries()) {
    const started = performance.now();
    try {
      const result = await step.run(outDir, source);
      log(`[${index + 1}/${steps.length}] ${result} (${Math.round(performance.now() - started)} ms)`);
    } catch (error) {
      log(`[${index + 1}/${steps.length}] ${step.name}: FAILED`);
      throw error;
    }
  }
}

if (isMain(import.meta.url)) {
  try {
    await runSteps(allSteps, flag("out") ?? generatedDir, flag("source") ?? sourceDocument);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
