// @ts-check
// Step 6: compiles the runtime (src/ and generated/client.ts) to dist/ with the TypeScript
// compiler API: ESM JavaScript, declarations and source maps, as the package publishes them.
import { copyFile, mkdir, rm } from "node:fs/promises";
import path from "node:path";
import ts from "typescript";
import { flag, isMain, runAlone } from "./lib/cli.js";
import { generatedDir, repoRoot, shown } from "./lib/paths.js";

/** The package's dist/, or `<outDir>/dist` when the build writes elsewhere. @param {string} outDir */
export const distDirFor = (outDir) => (path.resolve(outDir) === generatedDir ? path.join(repoRoot, "dist") : path.join(outDir, "dist"));

/** @param {string} distDir */
export async function compileRuntime(distDir = distDirFor(generatedDir)) {
  const configPath = path.join(repoRoot, "tsconfig.build.json");
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new Error(ts.formatDiagnostic(error, formatHost));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, repoRoot, undefined, configPath);
  await rm(distDir, { recursive: true, force: true });
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, outDir: distDir } });
  const emitted = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  if (diagnostics.length > 0) {
    throw new Error(`compile: ${diagnostics.length} error(s)\n${ts.formatDiagnosticsWithColorAndContext(diagnostics, formatHost)}`);
  }
  // Files tsc does not emit, which the compiled code imports: declarations and generated JavaScript.
  await mkdir(path.join(distDir, "generated"), { recursive: true });
  for (const file of ["schema.d.ts", "contract-validators.js", "contract-validators.d.ts"]) {
    await copyFile(path.join(repoRoot, "generated", file), path.join(distDir, "generated", file));
  }
  return `compile: ${shown(distDir)} (${parsed.fileNames.length} files)`;
}

/** @type {ts.FormatDiagnosticsHost} */
const formatHost = {
  getCanonicalFileName: (file) => file,
  getCurrentDirectory: () => repoRoot,
  getNewLine: () => "\n",
};

if (isMain(import.meta.url)) await runAlone(() => compileRuntime(distDirFor(flag("out") ?? generatedDir)));
