// The OCI layout writer on its own: the same entries give the same bytes whatever the order they
// come in and whatever the files' times and owners on disk; parents are added; gzip's header is fixed.
import { mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { sourceDateEpoch } from "../../scripts/image.js";
import { archiveOf, blobOf, type Entry, gzipFixed, layerOf, tarOf } from "../../scripts/lib/oci-layout.js";
import { repoRoot } from "../../scripts/lib/paths.js";
import { tarFiles } from "./archive.js";

const scratch = await mkdtemp(path.join(tmpdir(), "vpcep-layout-test-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe("the layer writer", () => {
  it("writes the same bytes for the same entries in any order, with the files' times on disk ignored", async () => {
    const file = path.join(scratch, "a.txt");
    await writeFile(file, "alpha");
    const entries: Entry[] = [
      { path: "opt/app/b.txt", type: "file", content: "beta" },
      { path: "opt/app/a.txt", type: "file", source: file, mode: 0o755 },
      { path: "usr/local/bin/app", type: "symlink", target: "../../../opt/app/a.txt" },
      { path: "tmp", type: "dir", mode: 0o1777 },
    ];
    const once = await tarOf(entries, 1_700_000_000);
    await utimes(file, new Date(2001, 1, 1), new Date(2001, 1, 1));
    const again = await tarOf([...entries].reverse(), 1_700_000_000);
    expect(again.equals(once)).toBe(true);
    expect((await tarOf(entries, 1_700_000_001)).equals(once)).toBe(false);
    const files = await tarFiles(once);
    expect([...files.keys()]).toEqual([
      "opt",
      "opt/app",
      "opt/app/a.txt",
      "opt/app/b.txt",
      "tmp",
      "usr",
      "usr/local",
      "usr/local/bin",
      "usr/local/bin/app",
    ]);
    for (const { header } of files.values()) {
      expect(header).toMatchObject({ uid: 0, gid: 0, uname: "", gname: "" });
      expect(header.mtime?.getTime()).toBe(1_700_000_000_000);
    }
    expect(files.get("opt/app/a.txt")!.header.mode).toBe(0o755);
    expect(files.get("opt/app/b.txt")!.header.mode).toBe(0o644);
    expect(files.get("tmp")!.header.mode).toBe(0o1777);
  });

  it("refuses a path listed twice, naming it", async () => {
    await expect(
      tarOf(
        [
          { path: "etc/passwd", type: "file", content: "a" },
          { path: "etc/passwd", type: "file", content: "b" },
        ],
        0,
      ),
    ).rejects.toThrow("image: etc/passwd is listed twice in one layer");
  });

  it("keeps paths longer than a tar header's 100 characters whole", async () => {
    const long = `opt/${"deep/".repeat(40)}file.js`;
    const files = await tarFiles(await tarOf([{ path: long, type: "file", content: "x" }], 0));
    expect(files.get(long)?.body.toString()).toBe("x");
  });

  it("gzip's header holds no time and no platform; the layer's diff_id is its tar's digest", async () => {
    const compressed = await gzipFixed(Buffer.from("same"));
    expect(compressed.readUInt32LE(4)).toBe(0);
    expect(compressed[9]).toBe(0xff);
    expect(gunzipSync(compressed).toString()).toBe("same");
    const layer = await layerOf([{ path: "a", type: "file", content: "a" }], 0);
    expect(layer.diffId).toBe(blobOf(gunzipSync(layer.blob.bytes)).digest);
  });

  it("the archive lists oci-layout, index.json and each blob once, named by its digest", async () => {
    const blob = blobOf(Buffer.from("{}"));
    const top = blobOf(Buffer.from('{"schemaVersion":2}'));
    const files = await tarFiles(await archiveOf({ blobs: [blob, blob], top, refName: "1.2.3", mtime: 0 }));
    expect([...files.keys()].sort()).toEqual(
      [
        "blobs",
        "blobs/sha256",
        `blobs/sha256/${blob.digest.slice(7)}`,
        `blobs/sha256/${top.digest.slice(7)}`,
        "index.json",
        "oci-layout",
      ].sort(),
    );
    expect(JSON.parse(files.get("index.json")!.body.toString()).manifests[0]).toMatchObject({
      digest: top.digest,
      annotations: { "org.opencontainers.image.ref.name": "1.2.3" },
    });
  });
});

describe("the image's time", () => {
  const saved = process.env["SOURCE_DATE_EPOCH"];
  afterAll(() => {
    if (saved === undefined) delete process.env["SOURCE_DATE_EPOCH"];
    else process.env["SOURCE_DATE_EPOCH"] = saved;
  });

  it("is SOURCE_DATE_EPOCH when set, else the last commit's; anything but whole seconds is refused", async () => {
    process.env["SOURCE_DATE_EPOCH"] = "1700000000";
    expect(await sourceDateEpoch(repoRoot)).toBe(1_700_000_000);
    process.env["SOURCE_DATE_EPOCH"] = "2024-01-01";
    await expect(sourceDateEpoch(repoRoot)).rejects.toThrow('image: SOURCE_DATE_EPOCH must be whole seconds since 1970, not "2024-01-01"');
    delete process.env["SOURCE_DATE_EPOCH"];
    expect(await sourceDateEpoch(repoRoot)).toBeGreaterThan(1_600_000_000);
  });
});
