// @ts-check
// drift.yml, step 2: opens or updates ONE GitHub issue with the novelty report of the scheduled
// check against a live region (what the service sends that the document does not describe).
// The issue is found by its label and the marker in its body; an open one gets the new body, none
// open means a new one; an empty report changes nothing. GitHub is reached through a `gh`-like
// command (`--gh`, default `gh` on PATH), so tests run it with a fake that records its calls.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { commandLine, isMain } from "./lib/cli.js";

export const LABEL = "contract-drift";
export const MARKER = "<!-- vpcep-contract-drift -->";
export const TITLE = "Contract drift: the live service sends what the document does not describe";
/** GitHub refuses an issue body over 65,536 characters; the report is cut well before that. */
export const MAX_REPORT = 60_000;
const GH_TIMEOUT_MS = 60_000;
const SECRET_VARIABLES = ["OS_TOKEN", "OS_ACCESS_KEY", "OS_SECRET_KEY", "OS_SECURITY_TOKEN", "GH_TOKEN", "GITHUB_TOKEN"];

export class DriftError extends Error {}

/**
 * Runs the gh-like command; resolves with its stdout, rejects with a DriftError naming the call
 * (never the environment, which holds the token).
 * @param {string} gh @param {string[]} args @param {NodeJS.ProcessEnv} env
 */
function runGh(gh, args, env) {
  return new Promise((resolve, reject) => {
    execFile(gh, args, { env, timeout: GH_TIMEOUT_MS, maxBuffer: 8 * 1024 * 1024, encoding: "utf8" }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const why =
        /** @type {NodeJS.ErrnoException} */ (error).code === "ENOENT"
          ? `${gh} is not installed or not on PATH`
          : (stderr.trim().split("\n").at(-1) ?? error.message);
      reject(new DriftError(`drift-issue: \`${path.basename(gh)} ${args.slice(0, 2).join(" ")}\` failed: ${mask(why, env)}`));
    });
  });
}

/** Replaces the value of every credential variable that is set with `***`. @param {string} text @param {NodeJS.ProcessEnv} env */
export function mask(text, env) {
  let masked = text;
  for (const name of SECRET_VARIABLES) {
    const value = env[name];
    if (value && value.length >= 4) masked = masked.split(value).join("***");
  }
  return masked;
}

/** The issue body: the marker, where it comes from, and the report (masked, cut to size). @param {string} report @param {NodeJS.ProcessEnv} env */
export function issueBody(report, env) {
  let text = mask(report.trim(), env);
  if (text.length > MAX_REPORT)
    text = `${text.slice(0, MAX_REPORT)}\n\n… the report is cut here (${text.length} characters); the run's artifact holds all of it.`;
  const run =
    env["GITHUB_SERVER_URL"] && env["GITHUB_REPOSITORY"] && env["GITHUB_RUN_ID"]
      ? ` by [run ${env["GITHUB_RUN_ID"]}](${env["GITHUB_SERVER_URL"]}/${env["GITHUB_REPOSITORY"]}/actions/runs/${env["GITHUB_RUN_ID"]})`
      : "";
  return `${MARKER}
The scheduled drift check (\`.github/workflows/drift.yml\`) ran \`vpcep-contract check\` against a live region and found what the service sends that the document does not describe yet. Each entry is a candidate for the next version of the contract (\`CHANGELOG.md\`, \`test/compat/\`). This issue is updated in place${run}; close it once the document describes what it lists.

${text}
`;
}

/**
 * Opens or updates the drift issue with the report in `reportFile`.
 * @param {{ reportFile: string, gh?: string, env?: NodeJS.ProcessEnv }} options
 * @returns {Promise<string>} what was done, one line
 */
export async function driftIssue({ reportFile, gh = "gh", env = process.env }) {
  let report;
  try {
    report = await readFile(reportFile, "utf8");
  } catch (error) {
    const code = /** @type {NodeJS.ErrnoException} */ (error).code;
    throw new DriftError(
      `drift-issue: cannot read the report ${reportFile} (${code === "ENOENT" ? "no such file: did the check run?" : code})`,
    );
  }
  if (report.trim() === "")
    return `drift-issue: the report ${reportFile} is empty: the service sends nothing the document does not describe; no issue changed`;

  const listed = await runGh(
    gh,
    ["issue", "list", "--state", "open", "--label", LABEL, "--json", "number,title,body", "--limit", "100"],
    env,
  );
  /** @type {{ number: number, title: string, body?: string }[]} */
  let issues;
  try {
    issues = JSON.parse(listed);
    if (!Array.isArray(issues)) throw new Error("not an array");
  } catch {
    throw new DriftError(`drift-issue: \`${path.basename(gh)} issue list\` did not answer a JSON array (${listed.length} characters)`);
  }
  const open = issues
    .filter((issue) => (issue.body ?? "").includes(MARKER) || issue.title === TITLE)
    .sort((a, b) => a.number - b.number)[0];

  const dir = await mkdtemp(path.join(tmpdir(), "drift-issue-"));
  try {
    const bodyFile = path.join(dir, "body.md");
    await writeFile(bodyFile, issueBody(report, env));
    if (open) {
      await runGh(gh, ["issue", "edit", String(open.number), "--body-file", bodyFile], env);
      return `drift-issue: updated issue #${open.number}`;
    }
    await runGh(
      gh,
      [
        "label",
        "create",
        LABEL,
        "--color",
        "d93f0b",
        "--description",
        "The live service sends what the contract does not describe",
        "--force",
      ],
      env,
    );
    const created = await runGh(gh, ["issue", "create", "--title", TITLE, "--label", LABEL, "--body-file", bodyFile], env);
    return `drift-issue: opened ${created.trim() || "an issue"}`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const FLAGS = /** @type {const} */ ({
  report: {
    type: "string",
    value: "file",
    required: true,
    description: "the Markdown novelty report of `vpcep-contract check --report-novelty <file>` (required)",
  },
  gh: { type: "string", value: "command", description: "the gh-compatible command that talks to GitHub (default gh on PATH)" },
});

if (isMain(import.meta.url)) {
  const command = "node scripts/drift-issue.js";
  const flags = commandLine(command, FLAGS);
  try {
    console.log(await driftIssue({ reportFile: flags.report, ...(flags.gh ? { gh: flags.gh } : {}) }));
  } catch (error) {
    console.error(error instanceof DriftError ? error.message : `drift-issue: ${mask(String(error), process.env)}`);
    process.exitCode = 1;
  }
}
