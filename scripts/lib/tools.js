// @ts-check
// Locates the command-line entry points of the tools the pipeline runs as child processes (the
// ones without a programmatic API for what is needed: Redoc's HTML build, Prism's server).
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
export const prismBin = () => binOf("@stoplight/prism-cli", "prism");
