// Reading an OCI archive as the tests need it: every file of the tar, the index, manifests, configs.
import { createReadStream } from "node:fs";
import { gunzipSync } from "node:zlib";
import tarStream from "tar-stream";

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { architecture: string; os: string };
  annotations?: Record<string, string>;
}

export interface ImageConfig {
  architecture: string;
  os: string;
  config: {
    User: string;
    Entrypoint: string[];
    Cmd: string[];
    Env: string[];
    WorkingDir: string;
    ExposedPorts: Record<string, object>;
    Labels: Record<string, string>;
  };
  rootfs: { diff_ids: string[] };
}

/** The files of a tar (an OCI archive or a layer), by name, with their headers. */
export async function tarFiles(source: string | Buffer) {
  const files = new Map<string, { header: tarStream.Header; body: Buffer }>();
  const extract = tarStream.extract();
  extract.on("entry", (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk) => chunks.push(chunk as Buffer));
    stream.on("end", () => {
      files.set(header.name, { header, body: Buffer.concat(chunks) });
      next();
    });
  });
  await new Promise((resolve, reject) => {
    extract.on("finish", () => resolve(undefined));
    extract.on("error", reject);
    if (typeof source === "string") createReadStream(source).on("error", reject).pipe(extract);
    else extract.end(source);
  });
  return files;
}

/** The OCI archive's index, each platform's manifest, config and layers. */
export async function readArchive(file: string) {
  const files = await tarFiles(file);
  const blob = (digest: string) => {
    const found = files.get(`blobs/sha256/${digest.replace(/^sha256:/, "")}`);
    if (!found) throw new Error(`the archive has no blob ${digest}`);
    return found.body;
  };
  const json = <T>(digest: string) => JSON.parse(blob(digest).toString("utf8")) as T;
  const layout = JSON.parse(files.get("index.json")!.body.toString("utf8")) as { manifests: Descriptor[] };
  const top = layout.manifests[0]!;
  const index = json<{ mediaType: string; manifests: Descriptor[] }>(top.digest);
  const platforms = index.manifests.map((descriptor) => {
    const manifest = json<{ config: Descriptor; layers: Descriptor[] }>(descriptor.digest);
    return {
      descriptor,
      manifest,
      config: json<ImageConfig>(manifest.config.digest),
      /** The layer's files, gunzipped and read. */
      layer: async (i: number) => tarFiles(gunzipSync(blob(manifest.layers[i]!.digest))),
    };
  });
  return { files, layout, top, index, platforms, blob };
}
