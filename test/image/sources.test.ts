// The image's downloads against a loopback server: used only when they match their pin, cached,
// checked again from the cache, and every failure named with its URL.
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { imageCache, pinnedDownload } from "../../scripts/lib/image-sources.js";
import { type Loopback, startLoopback } from "../support/loopback.js";

const body = Buffer.from("the bytes of a package");
const sha256 = createHash("sha256").update(body).digest("hex");
const sha512 = `sha512-${createHash("sha512").update(body).digest("base64")}`;
const saved = process.env["VPCEP_CACHE_DIR"];
const cache = await mkdtemp(path.join(tmpdir(), "vpcep-image-cache-"));
let server: Loopback;
let hits = 0;

beforeAll(async () => {
  process.env["VPCEP_CACHE_DIR"] = cache;
  server = await startLoopback((req, res) => {
    hits++;
    if (req.url === "/endless.deb") {
      // No length announced, and more than any limit: the download must stop reading.
      res.writeHead(200, { "Content-Type": "application/octet-stream" });
      const timer = setInterval(() => res.write(Buffer.alloc(64 * 1024)), 1);
      res.on("close", () => clearInterval(timer));
      return;
    }
    if (req.url === "/missing.deb") {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": "application/octet-stream" }).end(req.url === "/tampered.deb" ? Buffer.from("other bytes") : body);
  });
});
afterAll(async () => {
  if (saved === undefined) delete process.env["VPCEP_CACHE_DIR"];
  else process.env["VPCEP_CACHE_DIR"] = saved;
  await server.close();
  await rm(cache, { recursive: true, force: true });
});

describe("pinnedDownload", () => {
  it("downloads a file matching its sha256 once, then reads it from the cache", async () => {
    const before = hits;
    const file = await pinnedDownload(`${server.url}/good.deb`, sha256, "good.deb");
    expect(file).toBe(path.join(imageCache(), "good.deb"));
    expect((await readFile(file)).equals(body)).toBe(true);
    await pinnedDownload(`${server.url}/good.deb`, sha256, "good.deb");
    expect(hits - before).toBe(1);
  });

  it("checks npm's sha512 integrity too, and downloads again when the cached copy no longer matches", async () => {
    await pinnedDownload(`${server.url}/node.tgz`, sha512, "node.tgz");
    await writeFile(path.join(imageCache(), "node.tgz"), "corrupted");
    const before = hits;
    const file = await pinnedDownload(`${server.url}/node.tgz`, sha512, "node.tgz");
    expect(hits - before).toBe(1);
    expect((await readFile(file)).equals(body)).toBe(true);
  });

  it("refuses bytes that do not match the pin, and keeps nothing of them", async () => {
    await expect(pinnedDownload(`${server.url}/tampered.deb`, sha256, "tampered.deb")).rejects.toThrow(
      `image: ${server.url}/tampered.deb does not match its pin: expected ${sha256}, got `,
    );
    await expect(readFile(path.join(imageCache(), "tampered.deb"))).rejects.toThrow(/ENOENT/);
  });

  it("names the URL of a file the mirror no longer has, and where the pins are", async () => {
    await expect(pinnedDownload(`${server.url}/missing.deb`, sha256, "missing.deb")).rejects.toThrow(
      `image: cannot download ${server.url}/missing.deb: HTTP 404 (the mirror no longer has this pinned file: move the pin in scripts/lib/image-pins.js)`,
    );
  });

  it("stops reading a body past its limit, announced or not", async () => {
    await expect(pinnedDownload(`${server.url}/endless.deb`, sha256, "endless.deb", { limit: 1024 * 1024 })).rejects.toThrow(
      `image: ${server.url}/endless.deb is larger than the 1048576-byte limit`,
    );
    await expect(pinnedDownload(`${server.url}/good.deb`, "0".repeat(64), "big.deb", { limit: 4 })).rejects.toThrow(
      `image: ${server.url}/good.deb is larger than the 4-byte limit`,
    );
  });
});
