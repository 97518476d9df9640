// The release workflow's scripts, run locally: the major tag (scripts/release-tags.js) in temporary
// git repositories, the GitHub release (scripts/release-github.js) with a stand-in `gh`, and the
// workflow's tag filter as GitHub reads it (a push of `v0` itself must not start a release).
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/lib/paths.js";
import { createGithubRelease, RELEASE_ASSETS, releaseNotes } from "../../scripts/release-github.js";
import { majorTagFor, moveMajorTag, parseReleaseTag } from "../../scripts/release-tags.js";
import { runNode } from "../support/processes.js";

const exec = promisify(execFile);
const scratches: string[] = [];
afterAll(() => Promise.all(scratches.map((dir) => rm(dir, { recursive: true, force: true }))));
const scratch = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "vpcep-release-test-"));
  scratches.push(dir);
  return dir;
};

/** A git repository in a temporary folder, with helpers to commit, tag and read tags. */
async function repository() {
  const dir = await scratch();
  const git = async (...args: string[]) =>
    (
      await exec(
        "git",
        ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", ...args],
        { cwd: dir },
      )
    ).stdout.trim();
  await git("init", "--quiet", "--initial-branch=main");
  let count = 0;
  return {
    dir,
    git,
    /** A new commit, tagged with each of `tags`; returns its hash. */
    release: async (...tags: string[]) => {
      await git("commit", "--quiet", "--allow-empty", "-m", `commit ${++count}`);
      for (const tag of tags) await git("tag", "-a", tag, "-m", tag);
      return git("rev-parse", "HEAD");
    },
    pointsAt: async (tag: string) => git("rev-parse", `refs/tags/${tag}^{commit}`).catch(() => undefined),
  };
}

describe("the major tag of a release tag", () => {
  it.each([
    ["v0.2.0", "v0"],
    ["v0.10.3", "v0"],
    ["v1.0.0", "v1"],
    ["v12.4.0", "v12"],
  ])("%s → %s", (tag, major) => {
    expect(majorTagFor(tag)).toBe(major);
  });

  it.each([
    [undefined, /no tag \(GITHUB_REF_NAME is empty\)/],
    ["v0", /v0 is not a release tag vX\.Y\.Z/],
    ["0.2.0", /0\.2\.0 is not a release tag/],
    ["v0.2", /v0\.2 is not a release tag/],
    ["v01.2.3", /v01\.2\.3 is not a release tag vX\.Y\.Z \(numbers without leading zeros\)/],
    ["v1.2.3-rc.1", /v1\.2\.3-rc\.1 is a prerelease or has build metadata/],
    ["v1.2.3+build.5", /is a prerelease or has build metadata/],
  ])("refuses %s", (tag, message) => {
    expect(() => parseReleaseTag(tag)).toThrow(message);
  });
});

describe("moveMajorTag in a temporary repository", () => {
  it("creates v0 at the first release, moves it forward, never backwards, and leaves other majors alone", async () => {
    const repo = await repository();
    const first = await repo.release("v0.1.0");
    expect(await moveMajorTag({ tag: "v0.1.0", cwd: repo.dir })).toBe(
      `release tags: v0 now points at v0.1.0 (${first.slice(0, 12)}), new tag`,
    );
    expect(await repo.pointsAt("v0")).toBe(first);

    const second = await repo.release("v0.2.0");
    expect(await moveMajorTag({ tag: "v0.2.0", cwd: repo.dir })).toMatch(/v0 now points at v0\.2\.0 \(\w{12}\), was \w{12}/);
    expect(await repo.pointsAt("v0")).toBe(second);
    expect(await moveMajorTag({ tag: "v0.2.0", cwd: repo.dir })).toMatch(/v0 already points at v0\.2\.0/);

    // A patch of the older line, released after 0.2.0: published, but v0 keeps meaning 0.2.0.
    await repo.release("v0.1.1");
    expect(await moveMajorTag({ tag: "v0.1.1", cwd: repo.dir })).toBe(
      "release tags: v0 not moved: v0.2.0 is newer than v0.1.1 (a major tag never moves backwards)",
    );
    expect(await repo.pointsAt("v0")).toBe(second);

    // A prerelease tag of a later version does not count as newer; a new major gets its own tag.
    await repo.release("v0.3.0-rc.1");
    const patch = await repo.release("v0.2.1");
    expect(await moveMajorTag({ tag: "v0.2.1", cwd: repo.dir })).toMatch(/v0 now points at v0\.2\.1/);
    expect(await repo.pointsAt("v0")).toBe(patch);
    const major = await repo.release("v1.0.0");
    await moveMajorTag({ tag: "v1.0.0", cwd: repo.dir });
    expect(await repo.pointsAt("v1")).toBe(major);
    expect(await repo.pointsAt("v0")).toBe(patch);
  });

  it("refuses a tag the repository does not have, naming the fetch it needs", async () => {
    const repo = await repository();
    await repo.release("v0.1.0");
    await expect(moveMajorTag({ tag: "v0.9.0", cwd: repo.dir })).rejects.toThrow(
      /the tag v0\.9\.0 does not exist in this repository \(fetch the tags: actions\/checkout with fetch-depth 0\)/,
    );
    expect(await repo.pointsAt("v0")).toBeUndefined();
  });

  it("from the command line: --push force-pushes the moved tag to the remote; a prerelease exits 1, a bad flag 2", async () => {
    const remote = await scratch();
    await exec("git", ["init", "--quiet", "--bare", remote]);
    const repo = await repository();
    await repo.git("remote", "add", "origin", remote);
    const first = await repo.release("v0.1.0");
    await repo.git("push", "--quiet", "origin", "main", "--tags");
    const script = path.join(repoRoot, "scripts", "release-tags.js");
    const run = (...args: string[]) => runNode(script, args, repo.dir);
    const remoteTag = async () => (await exec("git", ["ls-remote", remote, "refs/tags/v0"])).stdout.split("\t")[0];

    expect((await run("--tag", "v0.1.0", "--push")).stdout).toMatch(/v0 now points at v0\.1\.0 .*, pushed to origin/);
    expect(await remoteTag()).toBe(first);
    const second = await repo.release("v0.2.0");
    const moved = await run("--tag", "v0.2.0", "--push");
    expect(moved.code, moved.stderr).toBe(0);
    expect(await remoteTag()).toBe(second);

    const prerelease = await run("--tag", "v0.3.0-rc.1", "--push");
    expect(prerelease.code).toBe(1);
    expect(prerelease.stderr).toMatch(/v0\.3\.0-rc\.1 is a prerelease/);
    expect(await remoteTag()).toBe(second);
    const bad = await run("--tags", "v0.2.0");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unknown option '--tags'[^]*usage: node scripts\/release-tags\.js/);
  });
});

describe("the GitHub release", () => {
  it("attaches the bundled documents: openapi.json/.yaml, the 3.0 rendition and the Arazzo file", () => {
    expect(RELEASE_ASSETS).toEqual([
      "generated/openapi.json",
      "generated/openapi.yaml",
      "generated/openapi-3.0.json",
      "generated/openapi-3.0.yaml",
      "generated/vpcep.arazzo.yaml",
    ]);
  });

  it("takes its notes from the version's CHANGELOG.md section, and refuses a version without one", () => {
    const changelog = "# Changelog\n\n## Unreleased\n\n- next\n\n## 0.2.0\n\n- two\n- more\n\n## 0.1.0\n\n- one\n";
    expect(releaseNotes(changelog, "0.2.0")).toBe("- two\n- more");
    expect(releaseNotes(changelog, "0.1.0")).toBe("- one");
    expect(() => releaseNotes(changelog, "0.3.0")).toThrow(/CHANGELOG\.md has no "## 0\.3\.0" section/);
    expect(() => releaseNotes("## 0.4.0\n\n## 0.3.0\n- x\n", "0.4.0")).toThrow(/section of CHANGELOG\.md is empty/);
    expect(() => releaseNotes(changelog, "0.2")).toThrow(/no "## 0\.2" section/);
  });

  /** A stand-in `gh` that records its arguments and the notes file, or fails as told. */
  async function fakeGh(fails = false) {
    const dir = await scratch();
    const gh = path.join(dir, "gh");
    const record = path.join(dir, "record.json");
    await writeFile(
      gh,
      `#!${process.execPath}\nconst fs = require("node:fs");\nconst args = process.argv.slice(2);\n${fails ? 'process.stderr.write("HTTP 422: Validation Failed (release already exists)\\n"); process.exit(1);' : ""}\nfs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args, cwd: process.cwd(), notes: fs.readFileSync(args[args.indexOf("--notes-file") + 1], "utf8") }));\n`,
    );
    await chmod(gh, 0o755);
    return { gh, read: async () => JSON.parse(await readFile(record, "utf8")) as { args: string[]; cwd: string; notes: string } };
  }

  /** A copy of what the release needs: CHANGELOG.md and the generated assets. */
  async function releaseTree(version: string) {
    const root = await scratch();
    await mkdir(path.join(root, "generated"));
    for (const file of RELEASE_ASSETS) await copyFile(path.join(repoRoot, file), path.join(root, file));
    await writeFile(path.join(root, "CHANGELOG.md"), `# Changelog\n\n## ${version}\n\n- the notes of ${version}\n`);
    return root;
  }

  it("runs gh release create with the tag, --verify-tag, every asset and the notes", async () => {
    const root = await releaseTree("1.2.3");
    const { gh, read } = await fakeGh();
    expect(await createGithubRelease({ tag: "v1.2.3", root, gh })).toBe(
      "release: GitHub release v1.2.3 created with 5 assets (openapi.json, openapi.yaml, openapi-3.0.json, openapi-3.0.yaml, vpcep.arazzo.yaml)",
    );
    const { args, cwd, notes } = await read();
    expect(args.slice(0, 3)).toEqual(["release", "create", "v1.2.3"]);
    expect(args).toEqual(expect.arrayContaining([...RELEASE_ASSETS, "--verify-tag", "--title", "v1.2.3"]));
    expect(cwd).toBe(root);
    expect(notes).toBe("- the notes of 1.2.3\n");
  });

  it("refuses a missing asset, a prerelease tag, and reports gh's own error", async () => {
    const root = await releaseTree("1.2.3");
    await rm(path.join(root, "generated", "openapi-3.0.yaml"));
    const { gh } = await fakeGh();
    await expect(createGithubRelease({ tag: "v1.2.3", root, gh })).rejects.toThrow(
      "release: missing release asset(s) generated/openapi-3.0.yaml; run npm run build first",
    );
    await expect(createGithubRelease({ tag: "v1.2.3-rc.1", root, gh })).rejects.toThrow(/is a prerelease/);
    const failing = await fakeGh(true);
    await expect(createGithubRelease({ tag: "v1.2.3", root: await releaseTree("1.2.3"), gh: failing.gh })).rejects.toThrow(
      "release: gh release create v1.2.3 failed: HTTP 422: Validation Failed (release already exists)",
    );
  });

  it("--dry-run on this repository prints the command and this version's notes", async () => {
    const { version } = JSON.parse(await readFile(path.join(repoRoot, "package.json"), "utf8")) as { version: string };
    const { code, stdout } = await runNode(
      path.join(repoRoot, "scripts", "release-github.js"),
      ["--dry-run", "--tag", `v${version}`],
      repoRoot,
    );
    expect(code).toBe(0);
    expect(stdout).toContain(
      `gh release create v${version} ${RELEASE_ASSETS.join(" ")} --verify-tag --title v${version} --notes-file <notes below>`,
    );
    expect(stdout).toContain(releaseNotes(await readFile(path.join(repoRoot, "CHANGELOG.md"), "utf8"), version));
  });
});

/** GitHub's filter pattern (the subset release.yml uses: literals, `[0-9]`, `+`, `*`) as a regular expression. */
function githubFilter(pattern: string): RegExp {
  const source = pattern.replace(/\[[^\]]+\]|\*|\+|[^[*+]/g, (part) =>
    part.startsWith("[") || part === "+" ? part : part === "*" ? "[^/]*" : part.replace(/[.?^$|(){}\\]/g, "\\$&"),
  );
  return new RegExp(`^${source}$`);
}

describe("release.yml", () => {
  const workflow = parse(readFileSync(path.join(repoRoot, ".github", "workflows", "release.yml"), "utf8")) as {
    on: { push: { tags: string[] } };
    permissions: Record<string, string>;
    jobs: { publish: { steps: { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> }[] } };
  };

  it("runs on release tags only: v0.2.0 and v10.20.30, not the major tag v0 it moves, nor a prerelease", () => {
    const filters = workflow.on.push.tags.map(githubFilter);
    const runs = (tag: string) => filters.some((filter) => filter.test(tag));
    for (const tag of ["v0.2.0", "v1.0.0", "v10.20.30"]) expect(runs(tag), tag).toBe(true);
    for (const tag of ["v0", "v1", "v0.2", "v0.2.0-rc.1", "0.2.0", "latest"]) expect(runs(tag), tag).toBe(false);
    expect(githubFilter("v*").test("v0")).toBe(true); // the filter this replaced started a failing run on v0
  });

  it("publishes with provenance after the gate, then creates the GitHub release, then moves the major tag", () => {
    expect(workflow.permissions).toEqual({ contents: "write", "id-token": "write" });
    const steps = workflow.jobs.publish.steps;
    expect(steps[0]).toMatchObject({ uses: "actions/checkout@v4", with: { "fetch-depth": 0 } });
    const runs = steps.map((s) => s.run);
    const order = [
      "node scripts/release-gate.js",
      "npm publish --provenance --access public",
      "node scripts/release-github.js",
      "node scripts/release-tags.js --push",
    ].map((run) => runs.indexOf(run));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(steps.find((s) => s.run === "node scripts/release-github.js")?.env).toEqual({ GH_TOKEN: "${{ github.token }}" });
  });
});
