// @ts-check
// `npm run check`: regenerates the committed files into a temporary folder and fails on any
// difference from generated/, so a change to openapi/ cannot land without its generated output.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { contractSteps, runSteps } from "./build.js";
import { commandLine } from "./lib/cli.js";
import { generatedDir, outputs, shown, sourceDocument } from "./lib/paths.js";

/** @param {string} expected @param {string} actual */
function firstDifference(expected, actual) {
  const a = expected.split("\n");
  const b = actual.split("\n");
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(b[at] ?? "<end of file>")}, regenerated ${JSON.stringify(a[at] ?? "<end of file>")}`;
}

const committed = /** @type {const} */ ([
  "bundleJson",
  "bundleYaml",
  "types",
  "operations",
  "rawClient",
  "contract",
  "contractTypes",
  "facts",
  "factsTypes",
  "arazzo",
  "openapi30Json",
  "openapi30Yaml",
]);
const flags = commandLine("npm run check --", {
  generated: { type: "string", value: "dir", description: "compare with <dir> instead of generated/" },
});
const compareWith = flags.generated ?? generatedDir;
const scratch = await mkdtemp(path.join(tmpdir(), "vpcep-check-"));
try {
  // Always every step, from scratch: the check never trusts a recorded build state.
  await runSteps(contractSteps, scratch, sourceDocument, { log: () => {}, incremental: false });
  const drift = [];
  for (const name of committed) {
    const fresh = await readFile(path.join(scratch, outputs[name]), "utf8");
    const file = path.join(compareWith, outputs[name]);
    const current = await readFile(file, "utf8").catch(() => null);
    if (current === null) drift.push(`${shown(file)} is missing`);
    else if (current !== fresh) drift.push(`${shown(file)} is out of date, ${firstDifference(fresh, current)}`);
  }
  if (drift.length > 0) {
    console.error(`check: ${shown(compareWith)} does not match openapi/. Run \`npm run build\` and commit.\n- ${drift.join("\n- ")}`);
    process.exitCode = 1;
  } else {
    console.log(`check: ${shown(compareWith)} is up to date (${committed.length} files compared)`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await rm(scratch, { recursive: true, force: true });
}
