// release.yml's image job, run locally: scripts/release-image.js with a stand-in `skopeo` that
// records what it was asked (arguments and standard input), against small OCI archives in
// temporary git repositories with release tags; and the job itself as GitHub reads it.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { archiveOf, blobOf } from "../../scripts/lib/oci-layout.js";
import { repoRoot } from "../../scripts/lib/paths.js";
import { imageTags, pushImage } from "../../scripts/release-image.js";
import { runNode } from "../support/processes.js";

const exec = promisify(execFile);
const scratches: string[] = [];
afterAll(() => Promise.all(scratches.map((dir) => rm(dir, { recursive: true, force: true }))));
const scratch = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "vpcep-release-image-test-"));
  scratches.push(dir);
  return dir;
};
const TOKEN = "ghs_ReleaseImageToken1234567890abcdef";
const REPOSITORY = "ghcr.io/vpcep-openapi/vpcep-openapi";

/** A git repository with the given release tags and an OCI archive of `version`. */
async function releaseTree(version: string, tags: string[]) {
  const dir = await scratch();
  const git = (...args: string[]) =>
    exec(
      "git",
      ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", ...args],
      { cwd: dir },
    );
  await git("init", "--quiet", "--initial-branch=main");
  await git("commit", "--quiet", "--allow-empty", "-m", "one");
  for (const tag of tags) await git("tag", tag);
  const archive = path.join(dir, "image.oci.tar");
  await writeFile(archive, await archiveOf({ blobs: [], top: blobOf(Buffer.from("{}")), refName: version, mtime: 0 }));
  return { dir, archive };
}

/** A stand-in `skopeo` recording every call's arguments and standard input; with `fails`, it echoes the input and exits 1. */
async function fakeSkopeo({ fails = false } = {}) {
  const dir = await scratch();
  const record = path.join(dir, "calls.jsonl");
  const skopeo = path.join(dir, "skopeo");
  await writeFile(
    skopeo,
    `#!${process.execPath}\nconst fs = require("node:fs");\nconst input = fs.readFileSync(0, "utf8");\nfs.appendFileSync(${JSON.stringify(record)}, JSON.stringify({ args: process.argv.slice(2), input }) + "\\n");\n${fails ? 'process.stderr.write("unauthorized: bad credentials " + input + "\\n"); process.exit(1);' : ""}\n`,
  );
  await chmod(skopeo, 0o755);
  const calls = async () =>
    (await readFile(record, "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { args: string[]; input: string });
  return { skopeo, calls };
}

describe("the image's tags", () => {
  it.each([
    ["v0.2.1", [], ["0.2.1", "0.2", "0", "latest"]],
    ["v0.2.1", ["v0.2.0", "v0.1.9"], ["0.2.1", "0.2", "0", "latest"]],
    ["v0.2.1", ["v0.2.2"], ["0.2.1"]],
    ["v0.2.1", ["v0.3.0"], ["0.2.1", "0.2"]],
    ["v0.9.1", ["v1.0.0"], ["0.9.1", "0.9", "0"]],
    ["v1.4.0", ["v0.9.9", "v1.3.7", "v1", "v2.0.0-rc.1", "latest"], ["1.4.0", "1.4", "1", "latest"]],
  ])("%s with the release tags %j → %j (never backwards)", (tag, releases, tags) => {
    expect(imageTags(tag, releases)).toEqual(tags);
  });

  it("refuses a prerelease and what is not a release tag", () => {
    expect(() => imageTags("v1.2.3-rc.1", [])).toThrow(/is a prerelease/);
    expect(() => imageTags("v1", [])).toThrow(/is not a release tag vX\.Y\.Z/);
    expect(() => imageTags(undefined, [])).toThrow(/no tag/);
  });
});

describe("pushImage with a stand-in skopeo", () => {
  it("logs in with the token on standard input only, then copies both platforms unchanged to each tag", async () => {
    const { dir, archive } = await releaseTree("0.4.0", ["v0.3.2", "v0.4.0"]);
    const { skopeo, calls } = await fakeSkopeo();
    expect(await pushImage({ tag: "v0.4.0", archive, repository: REPOSITORY, cwd: dir, skopeo, token: TOKEN, user: "octocat" })).toBe(
      `release image: pushed ${REPOSITORY} as 0.4.0, 0.4, 0, latest (linux/amd64, linux/arm64)`,
    );
    const made = await calls();
    expect(made[0]).toEqual({ args: ["login", "ghcr.io", "--username", "octocat", "--password-stdin"], input: TOKEN });
    expect(made.slice(1).map((call) => call.args)).toEqual(
      ["0.4.0", "0.4", "0", "latest"].map((name) => [
        "copy",
        "--all",
        "--preserve-digests",
        "--retry-times",
        "3",
        `oci-archive:${archive}`,
        `docker://${REPOSITORY}:${name}`,
      ]),
    );
    for (const call of made) expect(call.args.join(" ")).not.toContain(TOKEN);
  });

  it("reports skopeo's error with the token masked", async () => {
    const { dir, archive } = await releaseTree("1.0.0", ["v1.0.0"]);
    const { skopeo } = await fakeSkopeo({ fails: true });
    const failure = pushImage({ tag: "v1.0.0", archive, repository: REPOSITORY, cwd: dir, skopeo, token: TOKEN, user: "octocat" });
    await expect(failure).rejects.toThrow("release image: skopeo login failed (exit 1): unauthorized: bad credentials ***");
    await expect(failure).rejects.not.toThrow(TOKEN);
  });

  it("refuses an archive of another version, a missing archive, a file that is no archive, a bad repository, missing credentials", async () => {
    const { dir, archive } = await releaseTree("1.0.0", ["v1.0.0", "v1.0.1"]);
    const { skopeo, calls } = await fakeSkopeo();
    const push = (options: Partial<Parameters<typeof pushImage>[0]>) =>
      pushImage({ tag: "v1.0.1", archive, repository: REPOSITORY, cwd: dir, skopeo, token: TOKEN, user: "octocat", ...options });
    await expect(push({})).rejects.toThrow("release image: image.oci.tar holds version 1.0.0, not 1.0.1; run npm run image on the tag");
    await expect(push({ archive: path.join(dir, "nope.tar") })).rejects.toThrow(/nope\.tar does not exist; run npm run image first/);
    const notTar = path.join(dir, "not.tar");
    await writeFile(notTar, "x".repeat(2048));
    await expect(push({ archive: notTar })).rejects.toThrow(/not\.tar (is not an OCI archive|has no index\.json)/);
    await expect(push({ repository: "GHCR.io/Owner/Name" })).rejects.toThrow(/is not a registry repository like ghcr\.io\/owner\/name/);
    await expect(push({ tag: "v1.0.0", token: undefined })).rejects.toThrow("release image: no registry token: set GH_TOKEN");
    await expect(push({ tag: "v1.0.0", user: undefined })).rejects.toThrow("release image: no registry user: set GITHUB_ACTOR");
    await expect(calls()).rejects.toThrow(/ENOENT/); // skopeo was never run
  });

  it("from the command line: --dry-run prints the copies; a bad flag exits 2", async () => {
    const { dir, archive } = await releaseTree("0.4.0", []);
    const run = await runNode(
      path.join(repoRoot, "scripts", "release-image.js"),
      ["--tag", "v0.4.0", "--archive", archive, "--dry-run"],
      dir,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `skopeo copy --all --preserve-digests --retry-times 3 oci-archive:${archive} docker://ghcr.io/vpcep-openapi/vpcep-openapi:0.4`,
    );
    const bad = await runNode(path.join(repoRoot, "scripts", "release-image.js"), ["--tga", "v0.4.0"], dir);
    expect(bad.code).toBe(2);
  });
});

describe("release.yml's image job", () => {
  const workflow = parse(readFileSync(path.join(repoRoot, ".github", "workflows", "release.yml"), "utf8")) as {
    jobs: Record<
      string,
      {
        needs?: string;
        permissions?: Record<string, string>;
        steps: { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> }[];
      }
    >;
  };

  it("runs after publish, may write packages only, builds the image and pushes it with the workflow's token", () => {
    const job = workflow.jobs["image"]!;
    expect(job.needs).toBe("publish");
    expect(job.permissions).toEqual({ contents: "read", packages: "write" });
    expect(job.steps[0]).toMatchObject({ uses: "actions/checkout@v4", with: { "fetch-depth": 0 } });
    const runs = job.steps.map((step) => step.run);
    const order = ["npm ci", "npm run image", "node scripts/release-image.js"].map((run) => runs.indexOf(run));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(job.steps.find((step) => step.run === "node scripts/release-image.js")?.env).toEqual({ GH_TOKEN: "${{ github.token }}" });
  });
});
