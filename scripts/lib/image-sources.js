// @ts-check
// The image's downloads, each checked against its pin before use and kept in
// ~/.cache/vpcep-openapi/image/ (or $VPCEP_CACHE_DIR/image/), so that a second build downloads
// nothing; a cached file is checked again on every use. Then the parts the image keeps are taken
// out: the Node binary from its npm tarball (`tar`), the listed files from each .deb (`dpkg-deb -x`).
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { lstat, mkdir, readFile, readlink, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { DEBIAN_MIRROR, DEBS, KEEP, NODE_VERSION, PLATFORMS } from "./image-pins.js";
import { cacheRoot } from "./node-binaries.js";
import { registryUrl } from "./registry.js";

const exec = promisify(execFile);
const DOWNLOAD_TIMEOUT_MS = 300_000;
const DOWNLOAD_LIMIT = 256 * 1024 * 1024;

export const imageCache = () => path.join(cacheRoot(), "image");

/** `sha256-<base64>` or `sha512-<base64>` (npm's integrity), or a sha256 in hex (Debian's). */
function digestOf(/** @type {Buffer} */ bytes, /** @type {string} */ expected) {
  const [algorithm, encoding] = /^sha512-/.test(expected) ? ["sha512", "base64"] : ["sha256", "hex"];
  const actual = createHash(algorithm)
    .update(bytes)
    .digest(/** @type {"hex" | "base64"} */ (encoding));
  return algorithm === "sha512" ? `sha512-${actual}` : actual;
}

/**
 * A response's body, refused past `limit` bytes whether or not it announced its length.
 * @param {Response} response @param {string} url @param {number} limit
 */
async function boundedBody(response, url, limit) {
  const tooLarge = () => new Error(`image: ${url} is larger than the ${limit}-byte limit`);
  if (Number(response.headers.get("content-length") ?? 0) > limit) {
    await response.body?.cancel();
    throw tooLarge();
  }
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    size += read.value.length;
    if (size > limit) {
      await reader?.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(Buffer.from(read.value));
  }
  return Buffer.concat(chunks);
}

/**
 * The bytes of `url`, from the cache when the cached copy matches `expected`, else downloaded,
 * checked and cached. Throws naming the URL when the download fails or does not match.
 * @param {string} url @param {string} expected @param {string} name the cache file's name
 * @param {{ limit?: number }} [options] the most bytes accepted (default 256 MiB)
 */
export async function pinnedDownload(url, expected, name, { limit = DOWNLOAD_LIMIT } = {}) {
  const file = path.join(imageCache(), name);
  if (existsSync(file)) {
    const cached = await readFile(file);
    if (digestOf(cached, expected) === expected) return file;
  }
  let response;
  try {
    response = await fetch(url, { redirect: "error", signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch (error) {
    const failure = /** @type {Error & { cause?: { code?: string } }} */ (error);
    throw new Error(`image: cannot download ${url}: ${failure.cause?.code ?? failure.message}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    const hint = response.status === 404 ? " (the mirror no longer has this pinned file: move the pin in scripts/lib/image-pins.js)" : "";
    throw new Error(`image: cannot download ${url}: HTTP ${response.status}${hint}`);
  }
  const bytes = await boundedBody(response, url, limit);
  const actual = digestOf(bytes, expected);
  if (actual !== expected) throw new Error(`image: ${url} does not match its pin: expected ${expected}, got ${actual}`);
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.partial-${process.pid}`;
  await writeFile(partial, bytes);
  await rename(partial, file);
  return file;
}

/** The Node binary and its licence for `arch`, extracted into `into` (bin/node, LICENSE). @param {import("./image-pins.js").Arch} arch @param {string} into */
export async function nodeFor(arch, into) {
  const { node, integrity } = PLATFORMS[arch];
  const registry = registryUrl().replace(/\/?$/, "/");
  const tarball = await pinnedDownload(`${registry}${node}/-/${node}-${NODE_VERSION}.tgz`, integrity, `${node}-${NODE_VERSION}.tgz`);
  await mkdir(into, { recursive: true });
  await exec("tar", ["-xzf", tarball, "-C", into, "--strip-components=1", "package/bin/node", "package/LICENSE"]).catch((error) => {
    throw new Error(`image: extracting Node from ${path.basename(tarball)} failed: ${error.message}`);
  });
  return { binary: path.join(into, "bin", "node"), license: path.join(into, "LICENSE") };
}

/**
 * @typedef {{ path: string, type: "file", source: string, mode: number } | { path: string, type: "symlink", target: string }} PickedFile
 */

/**
 * The files the image keeps from the Debian packages of `arch` (KEEP), extracted under `into`.
 * @param {import("./image-pins.js").Arch} arch @param {string} into @returns {Promise<PickedFile[]>}
 */
export async function debianFilesFor(arch, into) {
  const { triplet, loader, loaderLink } = PLATFORMS[arch];
  const mirror = (process.env.VPCEP_DEBIAN_MIRROR || DEBIAN_MIRROR).replace(/\/?$/, "/");
  /** @type {PickedFile[]} */
  const picked = [];
  for (const [name, pin] of Object.entries(DEBS[arch])) {
    const deb = await pinnedDownload(`${mirror}${pin.file}`, pin.sha256, path.posix.basename(pin.file));
    const root = path.join(into, name);
    await rm(root, { recursive: true, force: true });
    await mkdir(root, { recursive: true });
    await exec("dpkg-deb", ["-x", deb, root]).catch((error) => {
      throw new Error(`image: dpkg-deb -x ${path.basename(deb)} failed (the image is built on Debian or Ubuntu): ${error.message}`);
    });
    for (const pattern of KEEP[/** @type {keyof typeof KEEP} */ (name)]) {
      const relative = pattern.replaceAll("{t}", triplet).replaceAll("{loader}", loader).replaceAll("{loaderLink}", loaderLink);
      const source = path.join(root, relative);
      const stats = await lstat(source).catch(() => undefined);
      if (!stats) throw new Error(`image: ${path.basename(deb)} has no ${relative}; KEEP in scripts/lib/image-pins.js is out of date`);
      picked.push(
        stats.isSymbolicLink()
          ? { path: relative, type: "symlink", target: await readlink(source) }
          : { path: relative, type: "file", source, mode: stats.mode & 0o111 ? 0o755 : 0o644 },
      );
    }
  }
  return picked;
}
