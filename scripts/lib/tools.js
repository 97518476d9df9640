// @ts-check
// Locates the command-line entry points of the tools the pipeline runs as child processes: Redoc's
// HTML build (Redocly has no programmatic API for it) and TypeScript 7's native compiler.
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);

/** @param {string} pkg @param {string} bin */
function binOf(pkg, bin) {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = require(manifestPath);
  const relative = typeof manifest.bin === "string" ? manifest.bin : manifest.bin[bin];
  return path.join(path.dirname(manifestPath), relative);
}

export const redoclyBin = () => binOf("@redocly/cli", "redocly");

/** TypeScript 5.9's tsc (a Node script). */
export const typescriptBin = () => binOf("typescript", "tsc");

/**
 * The executable of TypeScript 7 (the devDependency `typescript7`, i.e. `npm:typescript@7`), found
 * the way its own `tsc` wrapper finds it, so the build runs it without a Node process in between.
 * @returns {Promise<string>}
 */
export async function nativeTsc() {
  const root = path.dirname(require.resolve("typescript7/package.json"));
  const { default: getExePath } = await import(pathToFileURL(path.join(root, "lib", "getExePath.js")).href);
  return getExePath();
}
