// @ts-check
// `npm run image`: the OCI image of vpcep-mock and vpcep-contract, for linux/amd64 and
// linux/arm64 in one index, written as an OCI archive without a Docker daemon and without a base
// image. Each platform has two layers: the runtime (Node from the npm registry, the glibc and
// libstdc++ files it loads and /usr/bin/env from Debian 12's packages, all pinned in
// scripts/lib/image-pins.js) and the application, shared by both (the packed package installed
// with its production dependencies in /opt/vpcep-openapi, the bins on PATH with vpcep-health, a
// non-root user).
// The same sources give the same bytes: every time in the image is the last commit's
// (SOURCE_DATE_EPOCH overrides it). The archive's path is the last line printed.
import { execFile } from "node:child_process";
import { copyFile, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { commandLine, isMain, runAlone } from "./lib/cli.js";
import { NODE_VERSION, PLATFORMS } from "./lib/image-pins.js";
import { debianFilesFor, nodeFor } from "./lib/image-sources.js";
import { archiveOf, descriptor, jsonBlob, layerOf, MEDIA } from "./lib/oci-layout.js";
import { repoRoot } from "./lib/paths.js";

const exec = promisify(execFile);

export const APP_DIR = "opt/vpcep-openapi";
export const USER = { name: "vpcep", uid: 10001, gid: 10001, home: "home/vpcep" };
export const PORT = 4010;
export const DEFAULT_CMD = ["--stateful", "--host", "0.0.0.0", "--port", String(PORT)];
export const ENV_PATH = "PATH=/usr/local/bin:/usr/bin:/bin";
const BINS = ["vpcep-mock", "vpcep-contract"];
const HEALTH_SCRIPT = fileURLToPath(new URL("./lib/image-health.js", import.meta.url));

/** @param {string} cwd @param {string[]} args */
async function git(cwd, args) {
  try {
    return (await exec("git", args, { cwd })).stdout.trim();
  } catch (error) {
    throw new Error(
      `image: git ${args.join(" ")} failed (the image is built from a git checkout): ${/** @type {Error} */ (error).message.trim()}`,
    );
  }
}

/** The time of every file and of the image: $SOURCE_DATE_EPOCH, or the last commit's. @param {string} root */
export async function sourceDateEpoch(root) {
  const fromEnv = process.env.SOURCE_DATE_EPOCH;
  if (fromEnv !== undefined && fromEnv !== "") {
    if (!/^\d{1,12}$/.test(fromEnv))
      throw new Error(`image: SOURCE_DATE_EPOCH must be whole seconds since 1970, not ${JSON.stringify(fromEnv)}`);
    return Number(fromEnv);
  }
  return Number(await git(root, ["log", "-1", "--format=%ct"]));
}

/**
 * The files under `dir` as layer entries under `prefix`, modes normalised (0755 when any execute
 * bit is set, else 0644), symbolic links kept. @param {string} dir @param {string} prefix
 * @returns {Promise<import("./lib/oci-layout.js").Entry[]>}
 */
async function entriesUnder(dir, prefix) {
  /** @type {import("./lib/oci-layout.js").Entry[]} */
  const entries = [];
  for (const item of await readdir(dir, { withFileTypes: true })) {
    const source = path.join(dir, item.name);
    const target = `${prefix}/${item.name}`;
    if (item.isDirectory()) entries.push({ path: target, type: "dir" }, ...(await entriesUnder(source, target)));
    else if (item.isSymbolicLink()) entries.push({ path: target, type: "symlink", target: await readlink(source) });
    else if (item.isFile()) entries.push({ path: target, type: "file", source, mode: (await lstat(source)).mode & 0o111 ? 0o755 : 0o644 });
  }
  return entries;
}

/**
 * Runs a build tool to its end; a failure names `what` and the tool's own last words.
 * @param {string} what @param {string} command @param {string[]} args @param {import("node:child_process").ExecFileOptions} options
 */
async function tool(what, command, args, options) {
  try {
    return await exec(command, args, { maxBuffer: 64 * 1024 * 1024, ...options, encoding: "utf8" });
  } catch (error) {
    const { stderr, message } = /** @type {{ stderr?: string, message: string }} */ (error);
    throw new Error(`image: ${what} failed: ${(stderr || message).trim().slice(-2000)}`);
  }
}

/**
 * `npm pack` of the repository, unpacked under `scratch` and installed there with its production
 * dependencies; returns the package's folder. @param {string} root @param {string} scratch
 */
async function installedPackage(root, scratch) {
  const packs = path.join(scratch, "pack");
  await mkdir(packs, { recursive: true });
  // prepack builds dist/; npm's output is captured, so that the archive's path stays the last line.
  await tool("npm pack (and the build it runs first)", "npm", ["pack", "--pack-destination", packs, "--loglevel=error"], { cwd: root });
  const tarball = (await readdir(packs)).find((name) => name.endsWith(".tgz"));
  if (!tarball) throw new Error("image: npm pack wrote no tarball");
  const app = path.join(scratch, "app");
  await mkdir(app, { recursive: true });
  await tool("unpacking the package", "tar", ["-xzf", path.join(packs, tarball), "-C", app, "--strip-components=1"], {});
  // The repository's lockfile pins the production dependencies too; it leaves the image after.
  await copyFile(path.join(root, "package-lock.json"), path.join(app, "package-lock.json"));
  const omit = ["--omit=dev", "--omit=optional", "--omit=peer", "--ignore-scripts"];
  await tool(
    "npm ci --omit=dev (the production dependencies, from npm's cache or the registry)",
    "npm",
    ["ci", ...omit, "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"],
    { cwd: app, env: { ...process.env, npm_config_update_notifier: "false" } },
  );
  await rm(path.join(app, "package-lock.json"));
  await rm(path.join(app, "node_modules", ".package-lock.json"), { force: true });
  return app;
}

/**
 * The layer both platforms share: the package, the bins on PATH, the user, /tmp.
 * @param {string} app @returns {Promise<import("./lib/oci-layout.js").Entry[]>}
 */
async function appEntries(app) {
  const { name, uid, gid, home } = USER;
  return [
    {
      path: "etc/passwd",
      type: "file",
      content: `root:x:0:0:root:/root:/sbin/nologin\n${name}:x:${uid}:${gid}:${name}:/${home}:/sbin/nologin\n`,
    },
    { path: "etc/group", type: "file", content: `root:x:0:\n${name}:x:${gid}:\n` },
    { path: "etc/nsswitch.conf", type: "file", content: "passwd: files\ngroup: files\nhosts: files dns\n" },
    { path: "tmp", type: "dir", mode: 0o1777 },
    { path: "root", type: "dir", mode: 0o700 },
    { path: home, type: "dir", mode: 0o755, uid, gid },
    { path: APP_DIR, type: "dir" },
    ...(await entriesUnder(app, APP_DIR)),
    ...BINS.map(
      (bin) => /** @type {const} */ ({ path: `usr/local/bin/${bin}`, type: "symlink", target: `../../../${APP_DIR}/bin/${bin}.js` }),
    ),
    { path: "usr/local/bin/vpcep-health", type: "file", source: HEALTH_SCRIPT, mode: 0o755 },
  ];
}

/**
 * The runtime layer of one platform: Node, the libraries it loads, /usr/bin/env.
 * @param {import("./lib/image-pins.js").Arch} arch @param {string} scratch @returns {Promise<import("./lib/oci-layout.js").Entry[]>}
 */
async function runtimeEntries(arch, scratch) {
  const node = await nodeFor(arch, path.join(scratch, `node-${arch}`));
  const debian = await debianFilesFor(arch, path.join(scratch, `debian-${arch}`));
  return [
    { path: "usr/local/bin/node", type: "file", source: node.binary, mode: 0o755 },
    { path: "usr/local/share/doc/node/LICENSE", type: "file", source: node.license },
    ...debian,
  ];
}

/**
 * Builds the image and writes the archive; returns what the build printed and the archive's path.
 * @param {{ root?: string, out?: string }} [options]
 */
export async function buildImage({ root = repoRoot, out } = {}) {
  const started = performance.now();
  const pkg = JSON.parse(await readFile(path.join(root, "package.json"), "utf8"));
  const mtime = await sourceDateEpoch(root);
  const revision = await git(root, ["rev-parse", "HEAD"]);
  const created = new Date(mtime * 1000).toISOString();
  const archive = out ?? path.join(root, ".artifacts", "image", `vpcep-openapi-${pkg.version}.oci.tar`);
  const scratch = await mkdtemp(path.join(tmpdir(), "vpcep-image-"));
  try {
    const app = await layerOf(await appEntries(await installedPackage(root, scratch)), mtime);
    const labels = {
      "org.opencontainers.image.title": "vpcep-openapi",
      "org.opencontainers.image.description":
        "vpcep-mock (the stateful mock of Query VPC endpoint services) and vpcep-contract (the contract checker)",
      "org.opencontainers.image.version": pkg.version,
      "org.opencontainers.image.revision": revision,
      "org.opencontainers.image.created": created,
      "org.opencontainers.image.source": String(pkg.repository?.url ?? "")
        .replace(/^git\+/, "")
        .replace(/\.git$/, ""),
      "org.opencontainers.image.url": pkg.homepage,
      "org.opencontainers.image.licenses": pkg.license,
    };
    /** @type {import("./lib/oci-layout.js").Blob[]} */
    const blobs = [app.blob];
    const manifests = [];
    const lines = [];
    const arches = /** @type {import("./lib/image-pins.js").Arch[]} */ (Object.keys(PLATFORMS));
    // Both runtime layers at once: gzip runs on libuv's thread pool, one core each.
    const runtimes = await Promise.all(arches.map(async (arch) => layerOf(await runtimeEntries(arch, scratch), mtime)));
    for (const [i, arch] of arches.entries()) {
      const runtime = /** @type {Awaited<ReturnType<typeof layerOf>>} */ (runtimes[i]);
      const config = jsonBlob({
        created,
        architecture: arch,
        os: "linux",
        config: {
          User: `${USER.uid}:${USER.gid}`,
          Env: [ENV_PATH, "NODE_ENV=production"],
          Entrypoint: ["vpcep-mock"],
          Cmd: DEFAULT_CMD,
          WorkingDir: `/${USER.home}`,
          ExposedPorts: { [`${PORT}/tcp`]: {} },
          Labels: labels,
        },
        rootfs: { type: "layers", diff_ids: [runtime.diffId, app.diffId] },
        history: [
          { created, created_by: `Node ${NODE_VERSION} and Debian 12 libraries (scripts/lib/image-pins.js)` },
          { created, created_by: `vpcep-openapi ${pkg.version} (npm pack, production dependencies)` },
        ],
      });
      const manifest = jsonBlob({
        schemaVersion: 2,
        mediaType: MEDIA.manifest,
        config: descriptor(MEDIA.config, config),
        layers: [descriptor(MEDIA.layer, runtime.blob), descriptor(MEDIA.layer, app.blob)],
        annotations: { "org.opencontainers.image.version": pkg.version, "org.opencontainers.image.created": created },
      });
      blobs.push(runtime.blob, config, manifest);
      manifests.push(descriptor(MEDIA.manifest, manifest, { platform: { architecture: arch, os: "linux" } }));
      const compressed = runtime.blob.size + app.blob.size + config.size + manifest.size;
      const mib = (/** @type {number} */ n) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
      lines.push(
        `image: linux/${arch} ${manifest.digest}: ${mib(compressed)} compressed, ${mib(runtime.uncompressedSize + app.uncompressedSize)} as files`,
      );
    }
    const top = jsonBlob({
      schemaVersion: 2,
      mediaType: MEDIA.index,
      manifests,
      annotations: { "org.opencontainers.image.version": pkg.version },
    });
    await mkdir(path.dirname(archive), { recursive: true });
    await writeFile(archive, await archiveOf({ blobs, top, refName: pkg.version, mtime }));
    lines.push(`image: index ${top.digest}, built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return { lines, archive, index: top.digest };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const flags = commandLine("node scripts/image.js", {
    out: {
      type: "string",
      value: "file",
      description: "where to write the OCI archive (default .artifacts/image/vpcep-openapi-<version>.oci.tar)",
    },
  });
  await runAlone(async () => {
    const { lines, archive } = await buildImage(flags.out === undefined ? {} : { out: path.resolve(flags.out) });
    return [...lines, archive].join("\n");
  });
}
