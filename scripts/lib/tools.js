// @ts-check
// Locates the command-line entry point of a tool the pipeline runs as a child process, for what
// it has no programmatic API for (Redoc's HTML build).
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/** @param {string} pkg @param {string} bin */
function binOf(pkg, bin) {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = require(manifestPath);
  const relative = typeof manifest.bin === "string" ? manifest.bin : manifest.bin[bin];
  return path.join(path.dirname(manifestPath), relative);
}

export const redoclyBin = () => binOf("@redocly/cli", "redocly");
