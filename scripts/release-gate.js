// @ts-check
// The release gate (release.yml): the pushed tag names the package version, which is the document's
// info.version, CHANGELOG.md has a section for it, and test/compat/versions/ holds its corpus.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { isMain, runAlone } from "./lib/cli.js";
import { repoRoot } from "./lib/paths.js";

/** @param {string | undefined} tag @param {string} root */
export async function releaseGate(tag, root = repoRoot) {
  if (!tag) throw new Error("release gate: no tag (GITHUB_REF_NAME is empty); run it on a version tag such as v1.2.3");
  const { version } = JSON.parse(await readFile(path.join(root, "package.json"), "utf8"));
  const problems = [];
  if (tag !== `v${version}`) problems.push(`the tag ${tag} is not v${version}, the version in package.json`);
  const document = JSON.parse(await readFile(path.join(root, "generated", "openapi.json"), "utf8"));
  if (document.info?.version !== version)
    problems.push(`generated/openapi.json has info.version ${document.info?.version}, package.json ${version}`);
  const changelog = await readFile(path.join(root, "CHANGELOG.md"), "utf8");
  if (!new RegExp(`^## ${version.replace(/\./g, "\\.")}\\b`, "m").test(changelog))
    problems.push(`CHANGELOG.md has no "## ${version}" section`);
  const corpus = path.join(root, "test", "compat", "versions", version);
  for (const file of ["openapi.json", "requests.json", "responses.json"]) {
    if (!existsSync(path.join(corpus, file)))
      problems.push(`test/compat/versions/${version}/${file} is missing (copy generated/openapi.json and the corpus there)`);
  }
  if (problems.length) throw new Error(`release gate: ${problems.length} problem(s)\n${problems.map((p) => `- ${p}`).join("\n")}`);
  return `release gate: ${tag} is ready to publish`;
}

if (isMain(import.meta.url)) await runAlone(() => releaseGate(process.env.GITHUB_REF_NAME));
