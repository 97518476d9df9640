// @ts-check
// An OCI image layout written byte for byte the same from the same inputs: layers are tar files
// with sorted entries, one modification time, owners by number only and normalised modes, gzip'd
// with a fixed header; blobs are named by their sha256; the layout is archived as a tar the same
// way (what `oci-archive:` means to buildah, skopeo and podman).
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import tarStream from "tar-stream";

export const MEDIA = /** @type {const} */ ({
  index: "application/vnd.oci.image.index.v1+json",
  manifest: "application/vnd.oci.image.manifest.v1+json",
  config: "application/vnd.oci.image.config.v1+json",
  layer: "application/vnd.oci.image.layer.v1.tar+gzip",
});

/**
 * One entry of a layer. Paths are relative to the root, without a leading slash; parent folders
 * that are not listed are added (root's, 0755).
 * @typedef {{ path: string, type: "dir", mode?: number, uid?: number, gid?: number }
 *   | { path: string, type: "file", mode?: number, uid?: number, gid?: number, source?: string, content?: string | Buffer }
 *   | { path: string, type: "symlink", target: string }} Entry
 */

/** @typedef {{ digest: string, size: number, bytes: Buffer }} Blob */

export const sha256 = (/** @type {Buffer | string} */ bytes) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

/** @param {Buffer} bytes @returns {Blob} */
export const blobOf = (bytes) => ({ digest: sha256(bytes), size: bytes.length, bytes });

/** @param {unknown} value */
export const jsonBlob = (value) => blobOf(Buffer.from(JSON.stringify(value)));

/** Adds the missing parent folders and sorts by path (byte order). @param {Entry[]} entries */
function complete(entries) {
  /** @type {Map<string, Entry>} */
  const byPath = new Map();
  for (const entry of entries) {
    if (byPath.has(entry.path)) throw new Error(`image: ${entry.path} is listed twice in one layer`);
    byPath.set(entry.path, entry);
  }
  for (const entry of entries) {
    for (let dir = path.posix.dirname(entry.path); dir !== "." && !byPath.has(dir); dir = path.posix.dirname(dir)) {
      byPath.set(dir, { path: dir, type: "dir" });
    }
  }
  return [...byPath.values()].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
}

/**
 * The tar of `entries` with every entry's time `mtime` (seconds): the same entries, the same bytes.
 * @param {Entry[]} entries @param {number} mtime @returns {Promise<Buffer>}
 */
export async function tarOf(entries, mtime) {
  const pack = tarStream.pack();
  /** @type {Buffer[]} */
  const chunks = [];
  const collected = new Promise((resolve, reject) => {
    pack.on("data", (/** @type {unknown} */ chunk) => chunks.push(/** @type {Buffer} */ (chunk)));
    pack.on("end", () => resolve(undefined));
    pack.on("error", reject);
  });
  const time = new Date(mtime * 1000);
  /** @param {Partial<tarStream.Header> & { name: string }} header @param {Buffer} [body] */
  const add = (header, body) =>
    new Promise((resolve, reject) => {
      const done = (/** @type {Error | null | undefined} */ error) => (error ? reject(error) : resolve(undefined));
      if (body === undefined) pack.entry(header, done);
      else pack.entry(header, body, done);
    });
  for (const entry of complete(entries)) {
    const owner = entry.type === "symlink" ? { uid: 0, gid: 0 } : { uid: entry.uid ?? 0, gid: entry.gid ?? 0 };
    const common = { name: entry.path, mtime: time, uname: "", gname: "", ...owner };
    if (entry.type === "dir") await add({ ...common, type: "directory", mode: entry.mode ?? 0o755 });
    else if (entry.type === "symlink") await add({ ...common, type: "symlink", linkname: entry.target, mode: 0o777 });
    else {
      const body = entry.source === undefined ? Buffer.from(entry.content ?? "") : await readFile(entry.source);
      await add({ ...common, type: "file", mode: entry.mode ?? 0o644, size: body.length }, body);
    }
  }
  pack.finalize();
  await collected;
  return Buffer.concat(chunks);
}

/**
 * gzip with a fixed header (no name, time 0, OS "unknown"): the same tar, the same bytes from
 * the same zlib. @param {Buffer} bytes
 */
export async function gzipFixed(bytes) {
  // Level 6, zlib's default: level 9 takes three times as long on the Node binary for 0.3 % less.
  const compressed = await promisify(gzip)(bytes, { level: 6 });
  compressed[9] = 0xff; // the OS byte zlib fills in from the platform it was built for
  return compressed;
}

/** A layer: its tar's digest (the config's diff_id) and the gzip'd blob. @param {Entry[]} entries @param {number} mtime */
export async function layerOf(entries, mtime) {
  const tar = await tarOf(entries, mtime);
  return { diffId: sha256(tar), uncompressedSize: tar.length, blob: blobOf(await gzipFixed(tar)) };
}

/** @param {string} mediaType @param {Blob} blob @param {Record<string, unknown>} [extra] */
export const descriptor = (mediaType, blob, extra = {}) => ({ mediaType, digest: blob.digest, size: blob.size, ...extra });

/**
 * The OCI layout as one tar: `oci-layout`, `index.json` naming the top `index` blob with `refName`,
 * and every blob once under blobs/sha256/.
 * @param {{ blobs: Blob[], top: Blob, refName: string, mtime: number }} layout
 */
export function archiveOf({ blobs, top, refName, mtime }) {
  const index = {
    schemaVersion: 2,
    mediaType: MEDIA.index,
    manifests: [descriptor(MEDIA.index, top, { annotations: { "org.opencontainers.image.ref.name": refName } })],
  };
  /** @type {Map<string, Blob>} */
  const unique = new Map();
  for (const blob of [...blobs, top]) unique.set(blob.digest, blob);
  /** @type {Entry[]} */
  const entries = [
    { path: "oci-layout", type: "file", content: JSON.stringify({ imageLayoutVersion: "1.0.0" }) },
    { path: "index.json", type: "file", content: JSON.stringify(index) },
    ...[...unique.values()].map(
      (blob) => /** @type {Entry} */ ({ path: `blobs/sha256/${blob.digest.slice("sha256:".length)}`, type: "file", content: blob.bytes }),
    ),
  ];
  return tarOf(entries, mtime);
}
