// @ts-check
// release.yml, after `npm publish`: creates the GitHub release of the tag with the CHANGELOG.md
// section of its version as notes and the bundled documents attached (the 3.1 document as JSON
// and YAML, the 3.0 rendition, the Arazzo workflows), through the `gh` CLI of the runner
// (GH_TOKEN from the workflow). `--dry-run` prints what it would run.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { commandLine, isMain, runAlone } from "./lib/cli.js";
import { generatedDir, outputs, repoRoot } from "./lib/paths.js";
import { parseReleaseTag } from "./release-tags.js";

/** The files attached to a release, relative to the repository. */
export const RELEASE_ASSETS = /** @type {const} */ (["bundleJson", "bundleYaml", "openapi30Json", "openapi30Yaml", "arazzo"]).map((name) =>
  path.posix.join(path.basename(generatedDir), outputs[name]),
);

/** The CHANGELOG.md section of a version, without its heading. @param {string} changelog @param {string} version */
export function releaseNotes(changelog, version) {
  const heading = new RegExp(`^## ${version.replace(/\./g, "\\.")}(?=[ \\t]|$).*$`, "m");
  const start = heading.exec(changelog);
  if (!start) throw new Error(`release notes: CHANGELOG.md has no "## ${version}" section`);
  const rest = changelog.slice(start.index + start[0].length);
  const end = rest.search(/^## /m);
  const notes = (end === -1 ? rest : rest.slice(0, end)).trim();
  if (!notes) throw new Error(`release notes: the "## ${version}" section of CHANGELOG.md is empty`);
  return notes;
}

/** @param {{ tag: string | undefined, root?: string, dryRun?: boolean, gh?: string }} options */
export async function createGithubRelease({ tag, root = repoRoot, dryRun = false, gh = "gh" }) {
  const [major, minor, patch] = parseReleaseTag(tag);
  const release = /** @type {string} */ (tag);
  const version = `${major}.${minor}.${patch}`;
  const missing = RELEASE_ASSETS.filter((file) => !existsSync(path.join(root, file)));
  if (missing.length > 0) throw new Error(`release: missing release asset(s) ${missing.join(", ")}; run npm run build first`);
  const notes = releaseNotes(await readFile(path.join(root, "CHANGELOG.md"), "utf8"), version);
  const scratch = await mkdtemp(path.join(tmpdir(), "vpcep-release-"));
  try {
    const notesFile = path.join(scratch, "notes.md");
    await writeFile(notesFile, `${notes}\n`);
    const args = ["release", "create", release, ...RELEASE_ASSETS, "--verify-tag", "--title", release, "--notes-file", notesFile];
    if (dryRun) return `release (dry run): ${gh} ${args.map((arg) => (arg === notesFile ? "<notes below>" : arg)).join(" ")}\n${notes}`;
    try {
      await promisify(execFile)(gh, args, { cwd: root });
    } catch (error) {
      const { stderr, message } = /** @type {{ stderr?: string, message: string }} */ (error);
      throw new Error(`release: gh release create ${release} failed: ${(stderr || message).trim()}`);
    }
    return `release: GitHub release ${release} created with ${RELEASE_ASSETS.length} assets (${RELEASE_ASSETS.map((file) => path.posix.basename(file)).join(", ")})`;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const flags = commandLine("node scripts/release-github.js", {
    tag: { type: "string", value: "vX.Y.Z", description: "the release tag (default: $GITHUB_REF_NAME)" },
    "dry-run": { type: "boolean", description: "print the gh command and the notes instead of running it" },
  });
  await runAlone(() => createGithubRelease({ tag: flags.tag ?? process.env.GITHUB_REF_NAME, dryRun: flags["dry-run"] ?? false }));
}
