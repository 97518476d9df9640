// @ts-check
// Step 5: the API reference site, one self-contained HTML file (Redoc inlined, no CDN), built by
// `redocly build-docs` from the bundled document.
import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { flag, isMain, runAlone } from "./lib/cli.js";
import { generatedDir, outputPath, redoclyConfig, repoRoot, shown } from "./lib/paths.js";
import { redoclyBin } from "./lib/tools.js";

const run = promisify(execFile);

/** @param {string} outDir */
export async function writeDocs(outDir = generatedDir) {
  const target = outputPath(outDir, "docs");
  await mkdir(path.dirname(target), { recursive: true });
  const args = [
    redoclyBin(), "build-docs", outputPath(outDir, "bundleYaml"),
    "--output", target, "--inlineBundle", "--config", redoclyConfig,
    "--title", "VPCEP: Query VPC endpoint services — API reference",
  ];
  try {
    await run(process.execPath, args, { cwd: repoRoot, env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } });
  } catch (error) {
    const failure = /** @type {{ stdout?: string, stderr?: string, message: string }} */ (error);
    throw new Error(`docs: redocly build-docs failed\n${failure.stderr || failure.stdout || failure.message}`);
  }
  return `docs: ${shown(target)}`;
}

if (isMain(import.meta.url)) await runAlone(() => writeDocs(flag("out")));
