// The consumer project of the packed-package test lives at a stable place under the cache, one
// per checkout, so TypeScript 5.9's incremental state (--tsBuildInfoFile) carries over between
// runs: the standard library and @types/node, which never change between runs, are checked once,
// not on every run. TypeScript re-checks every file whose content changed and what depends on it.
// Folders of checkouts that no longer exist are pruned.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { cacheRoot } from "../../scripts/lib/node-binaries.js";

const MARKER = "checkout.txt";

/** The cache folder of this checkout's consumer project, created with its marker. */
export async function consumerCacheDir(repoRoot: string, root = cacheRoot()): Promise<string> {
  const dir = path.join(root, `consumer-${createHash("sha256").update(repoRoot).digest("hex").slice(0, 12)}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, MARKER), `${repoRoot}\n`);
  return dir;
}

/** Removes the consumer folders whose checkout is gone (or that have no marker). Returns them. */
export async function pruneConsumerCaches(root = cacheRoot()): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const stale: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || !entry.name.startsWith("consumer-")) continue;
    const dir = path.join(root, entry.name);
    const checkout = (await readFile(path.join(dir, MARKER), "utf8").catch(() => "")).trim();
    if (!checkout || !existsSync(checkout)) stale.push(dir);
  }
  await Promise.all(stale.map((dir) => rm(dir, { recursive: true, force: true })));
  return stale;
}
