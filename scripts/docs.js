// @ts-check
// Step 5: the API reference site, one self-contained HTML file (Redoc inlined, no CDN), built by
// `redocly build-docs` from the bundled document.
import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { commandLine, isMain, OUT_FLAG, runAlone } from "./lib/cli.js";
import { generatedDir, outputPath, redoclyConfig, repoRoot, shown } from "./lib/paths.js";
import { addReferenceExtras, copyDownloads } from "./lib/reference-page.js";
import { redoclyBin } from "./lib/tools.js";

const run = promisify(execFile);

// Redoc's sidebar shows the "API docs by Redocly" logo from Redocly's CDN, the page's only
// request to the network. The reference must render offline, so the logo is inlined as a small SVG.
const REDOC_LOGO = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g;
const INLINE_LOGO = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="56" height="14"><text x="0" y="11" font-family="sans-serif" font-size="11" fill="#0044d4">Redocly</text></svg>',
)}`;

/** @param {string} html */
export const inlineRedocAssets = (html) => html.replace(REDOC_LOGO, INLINE_LOGO);

/** @param {string} outDir */
export async function writeDocs(outDir = generatedDir) {
  const target = outputPath(outDir, "docs");
  await mkdir(path.dirname(target), { recursive: true });
  const args = [
    redoclyBin(),
    "build-docs",
    outputPath(outDir, "bundleYaml"),
    "--output",
    target,
    "--inlineBundle",
    "--config",
    redoclyConfig,
    "--title",
    "VPCEP: Query VPC endpoint services — API reference",
  ];
  try {
    await run(process.execPath, args, {
      cwd: repoRoot,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    });
  } catch (error) {
    const failure = /** @type {{ stdout?: string, stderr?: string, message: string }} */ (error);
    throw new Error(`docs: redocly build-docs failed\n${failure.stderr || failure.stdout || failure.message}`);
  }
  await writeFile(target, addReferenceExtras(inlineRedocAssets(await readFile(target, "utf8"))));
  await copyDownloads(path.dirname(outputPath(outDir, "bundleJson")), path.dirname(target));
  return `docs: ${shown(target)}`;
}

if (isMain(import.meta.url)) {
  const flags = commandLine("node scripts/docs.js", { ...OUT_FLAG });
  await runAlone(() => writeDocs(flags.out));
}
