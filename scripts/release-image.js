// @ts-check
// release.yml's image job: pushes the OCI archive `npm run image` wrote to the GitHub container
// registry with `skopeo` (both platforms, digests unchanged), tagged with the release's version:
// `X.Y.Z` always; `X.Y`, `X` and `latest` only while no newer release of that line exists (like the
// major tag of scripts/release-tags.js, they never move backwards). For 0.x, `0` is pushed too: it
// means what the action's major tag `v0` means. The registry's credentials come from the
// environment (GH_TOKEN, GITHUB_ACTOR) and reach skopeo on its standard input only.
import { execFile, spawn } from "node:child_process";
import { createReadStream, existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import tarStream from "tar-stream";
import { commandLine, isMain, runAlone } from "./lib/cli.js";
import { repoRoot } from "./lib/paths.js";
import { compare, parseReleaseTag, VERSION_TAG } from "./release-tags.js";

/**
 * The image tags of release `tag`, given every release tag of the repository (`v1.2.3` names).
 * @param {string | undefined} tag @param {readonly string[]} releases
 */
export function imageTags(tag, releases) {
  const current = parseReleaseTag(tag);
  const [major, minor, patch] = current;
  const others = releases.filter((name) => VERSION_TAG.test(name)).map((name) => parseReleaseTag(name));
  const newerWhere = (/** @type {(v: readonly [number, number, number]) => boolean} */ same) =>
    others.some((v) => same(v) && compare(v, current) > 0);
  const tags = [`${major}.${minor}.${patch}`];
  if (!newerWhere((v) => v[0] === major && v[1] === minor)) tags.push(`${major}.${minor}`);
  if (!newerWhere((v) => v[0] === major)) tags.push(`${major}`);
  if (!newerWhere(() => true)) tags.push("latest");
  return tags;
}

/** The version the archive's index.json names (`org.opencontainers.image.ref.name`). @param {string} archive */
export async function archiveVersion(archive) {
  const extract = tarStream.extract();
  /** @type {string | undefined} */
  let indexJson;
  extract.on("entry", (header, stream, next) => {
    /** @type {Buffer[]} */
    const chunks = [];
    stream.on("data", (/** @type {unknown} */ chunk) => {
      if (header.name === "index.json") chunks.push(/** @type {Buffer} */ (chunk));
    });
    stream.on("end", () => {
      if (header.name === "index.json") indexJson = Buffer.concat(chunks).toString("utf8");
      next();
    });
    stream.resume();
  });
  await new Promise((resolve, reject) => {
    extract.on("finish", () => resolve(undefined));
    extract.on("error", reject);
    createReadStream(archive).on("error", reject).pipe(extract);
  }).catch((error) => {
    throw new Error(`release image: ${archive} is not an OCI archive: ${error.message}`);
  });
  if (indexJson === undefined) throw new Error(`release image: ${archive} has no index.json; is it an OCI archive from npm run image?`);
  let ref;
  try {
    ref = JSON.parse(indexJson).manifests?.[0]?.annotations?.["org.opencontainers.image.ref.name"];
  } catch {
    throw new Error(`release image: ${archive}'s index.json is not JSON`);
  }
  if (typeof ref !== "string")
    throw new Error(`release image: ${archive}'s index.json names no version (org.opencontainers.image.ref.name)`);
  return ref;
}

/** Runs skopeo with `input` on its standard input; throws its stderr, with the token masked. @param {string} skopeo @param {string[]} args @param {string} input @param {string} secret */
function runSkopeo(skopeo, args, input, secret) {
  const mask = (/** @type {string} */ text) => (secret ? text.split(secret).join("***") : text);
  return new Promise((resolve, reject) => {
    const child = spawn(skopeo, args, { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      if (stderr.length < 65_536) stderr += chunk;
    });
    child.stdout.resume();
    child.on("error", (error) => reject(new Error(`release image: cannot run ${skopeo}: ${error.message}`)));
    child.on("close", (code) =>
      code === 0
        ? resolve(undefined)
        : reject(new Error(`release image: skopeo ${args[0]} failed (exit ${code}): ${mask(stderr.trim()).slice(0, 2000)}`)),
    );
    child.stdin.on("error", () => {});
    child.stdin.end(input);
  });
}

/**
 * Logs in to the registry and copies the archive to each tag. With `dryRun`, says what it would run.
 * @param {{ tag: string | undefined, archive: string, repository: string, cwd?: string, skopeo?: string,
 *   token?: string | undefined, user?: string | undefined, dryRun?: boolean }} options
 */
export async function pushImage({ tag, archive, repository, cwd = repoRoot, skopeo = "skopeo", token, user, dryRun = false }) {
  const [major, minor, patch] = parseReleaseTag(tag);
  const version = `${major}.${minor}.${patch}`;
  if (!/^[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+$/.test(repository))
    throw new Error(`release image: ${JSON.stringify(repository)} is not a registry repository like ghcr.io/owner/name (lower case)`);
  if (!existsSync(archive)) throw new Error(`release image: ${archive} does not exist; run npm run image first`);
  const archived = await archiveVersion(archive);
  if (archived !== version)
    throw new Error(`release image: ${path.basename(archive)} holds version ${archived}, not ${version}; run npm run image on the tag`);
  const { stdout } = await promisify(execFile)("git", ["tag", "--list", "v*.*.*"], { cwd });
  const tags = imageTags(tag, stdout.split("\n"));
  const registry = repository.split("/")[0] ?? "";
  const copies = tags.map((name) => [
    "copy",
    "--all",
    "--preserve-digests",
    "--retry-times",
    "3",
    `oci-archive:${archive}`,
    `docker://${repository}:${name}`,
  ]);
  if (dryRun) return `release image (dry run): ${copies.map((args) => `skopeo ${args.join(" ")}`).join("\n")}`;
  if (!token) throw new Error("release image: no registry token: set GH_TOKEN (the workflow's github.token with packages: write)");
  if (!user) throw new Error("release image: no registry user: set GITHUB_ACTOR");
  await runSkopeo(skopeo, ["login", registry, "--username", user, "--password-stdin"], token, token);
  for (const args of copies) await runSkopeo(skopeo, args, "", token);
  return `release image: pushed ${repository} as ${tags.join(", ")} (linux/amd64, linux/arm64)`;
}

if (isMain(import.meta.url)) {
  const flags = commandLine("node scripts/release-image.js", {
    tag: { type: "string", value: "vX.Y.Z", description: "the release tag (default: $GITHUB_REF_NAME)" },
    archive: { type: "string", value: "file", description: "the OCI archive (default .artifacts/image/vpcep-openapi-<version>.oci.tar)" },
    repository: { type: "string", value: "name", description: "where to push (default ghcr.io/$GITHUB_REPOSITORY, lower case)" },
    "dry-run": { type: "boolean", description: "print the skopeo commands instead of running them" },
  });
  await runAlone(async () => {
    const tag = flags.tag ?? process.env.GITHUB_REF_NAME;
    const version = parseReleaseTag(tag).join(".");
    return pushImage({
      tag,
      archive: path.resolve(flags.archive ?? path.join(process.cwd(), ".artifacts", "image", `vpcep-openapi-${version}.oci.tar`)),
      repository: flags.repository ?? `ghcr.io/${(process.env.GITHUB_REPOSITORY ?? "vpcep-openapi/vpcep-openapi").toLowerCase()}`,
      cwd: process.cwd(),
      skopeo: process.env.VPCEP_SKOPEO || "skopeo",
      token: process.env.GH_TOKEN,
      user: process.env.GITHUB_ACTOR,
      dryRun: flags["dry-run"] ?? false,
    });
  });
}
