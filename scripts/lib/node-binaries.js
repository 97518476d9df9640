// @ts-check
// Node binaries other than the one running, from the npm registry's `node-<os>-<arch>` packages,
// kept in a cache outside the repository (~/.cache/vpcep-openapi/node-<version>) and installed the
// first time they are asked for. The package gate and the generator gate run on them.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);

/** The Node versions besides the running one that the gates use. @type {readonly string[]} */
export const NODE_VERSIONS = ["22.23.3", "24.21.0"];

/**
 * The path of the `node` executable of `version`, installing it into the cache when missing.
 * @param {string} version an exact version, e.g. "22.23.3"
 * @returns {Promise<string>}
 */
export async function nodeBinary(version) {
  const dir = path.join(homedir(), ".cache", "vpcep-openapi", `node-${version}`);
  const pkg = `node-${process.platform}-${process.arch}`;
  const binary = path.join(dir, "node_modules", pkg, "bin", "node");
  if (!existsSync(binary)) {
    await mkdir(dir, { recursive: true });
    await exec("npm", ["install", "--no-save", "--no-package-lock", "--prefix", dir, `${pkg}@${version}`, "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: dir,
      env: { ...process.env, npm_config_update_notifier: "false" },
    });
  }
  return binary;
}
