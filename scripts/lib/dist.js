// @ts-check
// Where the compiled package goes, without loading the compiler.
import path from "node:path";
import { generatedDir, repoRoot } from "./paths.js";

/** The package's dist/, or `<outDir>/dist` when the build writes elsewhere. @param {string} outDir */
export const distDirFor = (outDir) => (path.resolve(outDir) === generatedDir ? path.join(repoRoot, "dist") : path.join(outDir, "dist"));
