// @ts-check
// Step 1: lint the source document with Redocly (rules in redocly.yaml). Any problem, warning or
// error, fails the step; the problems are printed in Redocly's own code-frame format.
import { formatProblems, getTotals, lint, loadConfig } from "@redocly/openapi-core";
import { commandLine, isMain, SOURCE_FLAG, runAlone } from "./lib/cli.js";
import { redoclyConfig, shown, sourceDocument } from "./lib/paths.js";

/** @param {string} source the root file of the document */
export async function lintDocument(source = sourceDocument) {
  const config = await loadConfig({ configPath: redoclyConfig });
  const problems = await lint({ ref: source, config });
  const totals = getTotals(problems);
  if (problems.length > 0) {
    formatProblems(problems, { format: "codeframe", totals, color: process.stdout.isTTY });
    throw new Error(`lint: ${totals.errors} error(s), ${totals.warnings} warning(s) in ${shown(source)} (see above)`);
  }
  return "lint: 0 errors, 0 warnings";
}

if (isMain(import.meta.url)) {
  const flags = commandLine("node scripts/lint.js", { ...SOURCE_FLAG });
  await runAlone(() => lintDocument(flags.source));
}
