// @ts-check
// The Node versions the package is proven on besides the current one, as binaries from the npm
// registry (the `node-<os>-<arch>` packages), kept in ~/.cache/vpcep-openapi/node-<version> and
// reused by every run; versions no longer listed here (and installs abandoned over an hour ago)
// are pruned from that cache.
import { existsSync } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { npmInstall } from "./registry.js";

export const NODE_VERSIONS = ["22.23.3", "24.21.0"];

/** Where the binaries are cached: $VPCEP_CACHE_DIR, or ~/.cache/vpcep-openapi. */
export const cacheRoot = () => process.env.VPCEP_CACHE_DIR || path.join(homedir(), ".cache", "vpcep-openapi");

/**
 * @typedef {object} NodeBinaryOptions
 * @property {string} [root] the cache folder (default cacheRoot())
 * @property {string} [registry] the npm registry (default: npm's)
 * @property {number} [probeTimeoutMs] how long to wait for the registry when the binary is not cached
 */

/**
 * The path of a Node binary of `version`: from the cache, or installed into it from the registry.
 * Throws a RegistryUnavailableError, within seconds, when it must be downloaded and cannot be.
 * @param {string} version @param {NodeBinaryOptions} [options]
 */
export async function nodeBinary(version, { root = cacheRoot(), registry, probeTimeoutMs } = {}) {
  const dir = path.join(root, `node-${version}`);
  const pkg = `node-${process.platform}-${process.arch}`;
  const binary = path.join(dir, "node_modules", pkg, "bin", "node");
  if (existsSync(binary)) return binary;
  // Installed next to its final place, then renamed: a concurrent run never sees half a binary.
  const partial = `${dir}.partial-${process.pid}-${Date.now()}`;
  await mkdir(partial, { recursive: true });
  try {
    await npmInstall(["--no-save", "--no-package-lock", "--prefix", partial, `${pkg}@${version}`], {
      cwd: partial,
      what: `Node ${version} (${pkg}@${version})`,
      ...(registry === undefined ? {} : { registry }),
      ...(probeTimeoutMs === undefined ? {} : { probeTimeoutMs }),
    });
    await rename(partial, dir).catch((error) => {
      if (!existsSync(binary)) throw error; // another run put it there first: use theirs
    });
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
  if (!existsSync(binary)) throw new Error(`${pkg}@${version} installed without ${binary}`);
  return binary;
}

/**
 * Removes cached Node binaries of versions not in `keep`; leaves everything else in the cache.
 * Returns the folders removed. @param {readonly string[]} [keep] @param {string} [root]
 */
export async function pruneNodeBinaries(keep = NODE_VERSIONS, root = cacheRoot()) {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const hourAgo = Date.now() - 3_600_000;
  const isStale = async (/** @type {string} */ name) => {
    const partial = /^node-\d+\.\d+\.\d+\.partial-/.test(name);
    // An install left half-done by a run that died; a recent one may still be in progress.
    if (partial) return (await stat(path.join(root, name))).mtimeMs < hourAgo;
    const version = /^node-(\d+\.\d+\.\d+)$/.exec(name)?.[1];
    return version !== undefined && !keep.includes(version);
  };
  const stale = [];
  for (const entry of entries) if (entry.isDirectory() && (await isStale(entry.name))) stale.push(entry);
  await Promise.all(stale.map((entry) => rm(path.join(root, entry.name), { recursive: true, force: true })));
  return stale.map((entry) => path.join(root, entry.name));
}
