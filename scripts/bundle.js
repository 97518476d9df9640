// @ts-check
// Step 2: bundle the split document into one file, as JSON and as YAML.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { bundle, formatProblems, getTotals, loadConfig } from "@redocly/openapi-core";
import { stringify } from "yaml";
import { commandLine, isMain, OUT_FLAG, SOURCE_FLAG, runAlone } from "./lib/cli.js";
import { banner, generatedDir, outputPath, redoclyConfig, repoRoot, shown, sourceDocument } from "./lib/paths.js";

/** Bundles the split document and returns it as an object. @param {string} source */
export async function bundleDocumentObject(source = sourceDocument) {
  const config = await loadConfig({ configPath: redoclyConfig });
  const { bundle: result, problems } = await bundle({ ref: source, config, dereference: false });
  if (problems.length > 0) {
    formatProblems(problems, { format: "codeframe", totals: getTotals(problems) });
    throw new Error(`bundle: ${problems.length} problem(s) resolving openapi/ (see above)`);
  }
  return /** @type {Record<string, unknown>} */ (result.parsed);
}

/** @param {string} outDir @param {string} source */
export async function writeBundle(outDir = generatedDir, source = sourceDocument) {
  const document = await bundleDocumentObject(source);
  const manifest = JSON.parse(await readFile(path.join(repoRoot, "package.json"), "utf8"));
  const version = /** @type {{ version?: string } | undefined} */ (document.info)?.version;
  if (source === sourceDocument && version !== manifest.version) {
    throw new Error(`bundle: info.version (${version}) and the package version (${manifest.version}) must be one number; change both`);
  }
  await mkdir(outDir, { recursive: true });
  await writeFile(outputPath(outDir, "bundleJson"), `${JSON.stringify(document, null, 2)}\n`);
  await writeFile(
    outputPath(outDir, "bundleYaml"),
    banner("bundle", "#") + stringify(document, { lineWidth: 0, aliasDuplicateObjects: false }),
  );
  return `bundle: ${shown(outputPath(outDir, "bundleJson"))} and .yaml`;
}

if (isMain(import.meta.url)) {
  const flags = commandLine("node scripts/bundle.js", { ...OUT_FLAG, ...SOURCE_FLAG });
  await runAlone(() => writeBundle(flags.out, flags.source));
}
