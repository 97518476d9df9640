// @ts-check
// release.yml's last step: moves the major tag (`v0` for 0.x.y, `v1` for 1.x.y, …) to the commit of
// the release tag just published, so `uses: vpcep-openapi/vpcep-openapi/actions/mock@v0` means the
// newest release of that major version. It never moves a major tag backwards: a patch of an older
// line (v0.2.1 after v0.3.0) is released, and `v0` stays where it is. Prereleases are refused.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { commandLine, isMain, runAlone } from "./lib/cli.js";
import { repoRoot } from "./lib/paths.js";

export const VERSION_TAG = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** A release tag's numbers, or an error naming what is wrong with it. @param {string | undefined} tag */
export function parseReleaseTag(tag) {
  if (!tag) throw new Error("release tags: no tag (GITHUB_REF_NAME is empty); pass --tag vX.Y.Z");
  if (/^v\d+\.\d+\.\d+[-+]/.test(tag))
    throw new Error(`release tags: ${tag} is a prerelease or has build metadata; only a release vX.Y.Z moves a major tag`);
  const match = VERSION_TAG.exec(tag);
  if (!match) throw new Error(`release tags: ${tag} is not a release tag vX.Y.Z (numbers without leading zeros)`);
  return /** @type {[number, number, number]} */ (match.slice(1, 4).map(Number));
}

/** The major tag of a release tag: v0.2.0 → v0, v1.4.2 → v1. @param {string} tag */
export const majorTagFor = (tag) => `v${parseReleaseTag(tag)[0]}`;

/** @param {readonly [number, number, number]} a @param {readonly [number, number, number]} b */
export const compare = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** @param {string} cwd @param {string[]} args */
async function git(cwd, args) {
  try {
    const { stdout } = await promisify(execFile)("git", args, { cwd });
    return stdout.trim();
  } catch (error) {
    const { stderr, message } = /** @type {{ stderr?: string, message: string }} */ (error);
    throw new Error(`release tags: git ${args.join(" ")} failed: ${(stderr || message).trim()}`);
  }
}

/** The commit a tag names, or undefined when there is no such tag. @param {string} cwd @param {string} tag */
async function commitOf(cwd, tag) {
  try {
    const { stdout } = await promisify(execFile)("git", ["rev-parse", "--verify", "--quiet", `refs/tags/${tag}^{commit}`], { cwd });
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Points the major tag of `tag` at `tag`'s commit, unless a newer release of the same major version
 * exists (the major tag must mean the newest). With `push`, force-pushes the major tag to `remote`.
 * @param {{ tag: string | undefined, cwd?: string, push?: boolean, remote?: string }} options
 */
export async function moveMajorTag({ tag, cwd = repoRoot, push = false, remote = "origin" }) {
  const version = parseReleaseTag(tag);
  const release = /** @type {string} */ (tag);
  const major = `v${version[0]}`;
  const commit = await commitOf(cwd, release);
  if (!commit)
    throw new Error(
      `release tags: the tag ${release} does not exist in this repository (fetch the tags: actions/checkout with fetch-depth 0)`,
    );
  const sameMajor = (await git(cwd, ["tag", "--list", `v${version[0]}.*`]))
    .split("\n")
    .filter((name) => VERSION_TAG.test(name))
    .map((name) => ({ name, version: parseReleaseTag(name) }))
    .filter((other) => other.version[0] === version[0]);
  const newer = sameMajor.filter((other) => compare(other.version, version) > 0).sort((a, b) => compare(b.version, a.version));
  if (newer.length > 0) {
    return `release tags: ${major} not moved: ${newer[0]?.name} is newer than ${release} (a major tag never moves backwards)`;
  }
  const before = await commitOf(cwd, major);
  if (before === commit) return `release tags: ${major} already points at ${release} (${commit.slice(0, 12)})`;
  await git(cwd, ["tag", "--force", major, commit]);
  if (push) await git(cwd, ["push", "--force", remote, `refs/tags/${major}:refs/tags/${major}`]);
  return `release tags: ${major} now points at ${release} (${commit.slice(0, 12)})${before ? `, was ${before.slice(0, 12)}` : ", new tag"}${push ? `, pushed to ${remote}` : ""}`;
}

if (isMain(import.meta.url)) {
  const flags = commandLine("node scripts/release-tags.js", {
    tag: { type: "string", value: "vX.Y.Z", description: "the release tag (default: $GITHUB_REF_NAME)" },
    push: { type: "boolean", description: "push the major tag to the remote (force: it moves)" },
    remote: { type: "string", value: "name", description: "the remote to push to (default origin)" },
  });
  await runAlone(() =>
    moveMajorTag({
      tag: flags.tag ?? process.env.GITHUB_REF_NAME,
      push: flags.push ?? false,
      remote: flags.remote ?? "origin",
      cwd: process.cwd(),
    }),
  );
}
