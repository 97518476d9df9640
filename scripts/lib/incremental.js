// @ts-check
// What makes a rebuild with no change cheap: each step names its inputs and outputs; after a
// successful run the build records a hash of both, and the next build skips the step while its
// inputs hash the same and its outputs are still what it wrote. The record lives in the output
// folder (`.build-state.json`, not committed), so a new clone or a new folder always builds.
import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

export const STATE_FILE = ".build-state.json";

/**
 * The files below `entry` (itself when it is a file), sorted, skipping `node_modules` and dot-files.
 * A missing entry yields nothing: its absence is part of the hash through the entry's name.
 * @param {string} entry @returns {Promise<string[]>}
 */
async function filesOf(entry) {
  let children;
  try {
    children = await readdir(entry, { withFileTypes: true });
  } catch (error) {
    const code = /** @type {{ code?: string }} */ (error).code;
    if (code === "ENOTDIR") return [entry];
    if (code === "ENOENT") return [];
    throw error;
  }
  const nested = await Promise.all(
    children
      .filter((child) => !child.name.startsWith(".") && child.name !== "node_modules")
      .map((child) => filesOf(path.join(entry, child.name))),
  );
  return nested.flat().sort();
}

/** One hash over the names and contents of every file below `entries`. @param {readonly string[]} entries */
export async function hashEntries(entries) {
  const hash = createHash("sha256");
  for (const entry of entries) {
    hash.update(`entry\0${entry}\0`);
    for (const file of await filesOf(entry)) {
      hash.update(`file\0${path.relative(entry, file)}\0`);
      hash.update(await readFile(file));
    }
  }
  return hash.digest("hex");
}

/** @typedef {Record<string, { inputs: string, outputs: string }>} BuildState */

/** @param {string} outDir @returns {Promise<BuildState>} */
export async function readState(outDir) {
  try {
    const state = JSON.parse(await readFile(path.join(outDir, STATE_FILE), "utf8"));
    return state && typeof state === "object" ? state : {};
  } catch {
    return {};
  }
}

/** @param {string} outDir @param {BuildState} state */
export const writeState = (outDir, state) => writeFile(path.join(outDir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
