// @ts-check
// drift.yml, step 1: runs `vpcep-contract check` against a live region with the read-only
// credentials of the repository's secrets, writing the Markdown novelty report for drift-issue.js.
// Without credentials (a fork, a repository that set none) it skips with a `::notice::` and exit 0.
// Credentials travel in the environment (OS_TOKEN, or OS_ACCESS_KEY and OS_SECRET_KEY, with
// OS_PROJECT_ID), never on a command line, and are never printed.
import { spawn } from "node:child_process";
import { appendFile, rm } from "node:fs/promises";
import path from "node:path";
import { commandLine, isMain } from "./lib/cli.js";
import { repoRoot } from "./lib/paths.js";

/** The flag `vpcep-contract check` writes its Markdown novelty report with (agreed for issue 18). */
export const NOVELTY_FLAG = "--report-novelty";
const CHECK_TIMEOUT_MS = 15 * 60_000;

/** @param {NodeJS.ProcessEnv} env */
export function credentialsOf(env) {
  const set = (/** @type {string} */ name) => (env[name] ?? "").trim() !== "";
  if (set("OS_TOKEN")) return "token";
  if (set("OS_ACCESS_KEY") && set("OS_SECRET_KEY")) return "aksk";
  return undefined;
}

/** What is missing for a live check, or an empty list. @param {NodeJS.ProcessEnv} env */
export function missingSettings(env) {
  const missing = [];
  if (!credentialsOf(env)) missing.push("credentials (secret VPCEP_DRIFT_TOKEN, or VPCEP_DRIFT_ACCESS_KEY and VPCEP_DRIFT_SECRET_KEY)");
  if (!(env["OS_PROJECT_ID"] ?? "").trim()) missing.push("the project (secret VPCEP_DRIFT_PROJECT_ID)");
  if (!(env["VPCEP_DRIFT_BASE_URL"] ?? "").trim()) missing.push("the region's endpoint (variable VPCEP_DRIFT_BASE_URL)");
  return missing;
}

/**
 * @param {{ reportFile: string, contract?: string[], env?: NodeJS.ProcessEnv, log?: (line: string) => void }} options
 * @returns {Promise<{ skipped: boolean, exitCode: number }>}
 */
export async function driftCheck({
  reportFile,
  contract = [process.execPath, path.join(repoRoot, "bin", "vpcep-contract.js")],
  env = process.env,
  log = console.log,
}) {
  const output = env["GITHUB_OUTPUT"];
  const missing = missingSettings(env);
  if (missing.length > 0) {
    log(
      `::notice title=drift check skipped::No live region to check: ${missing.join("; ")} not set. Set them as repository secrets and variables to run the drift check.`,
    );
    if (output) await appendFile(output, "skipped=true\n");
    return { skipped: true, exitCode: 0 };
  }
  // A report left from an earlier run must not be taken for this run's.
  await rm(reportFile, { force: true });
  const [command, ...prefix] = contract;
  if (!command) throw new Error("drift-check: no contract command");
  const args = [...prefix, "check", String(env["VPCEP_DRIFT_BASE_URL"]).trim(), NOVELTY_FLAG, reportFile, "--wait", "30"];
  const exitCode = await new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: "inherit", timeout: CHECK_TIMEOUT_MS });
    child.on("error", (error) => {
      log(`::error title=drift check::could not run vpcep-contract: ${/** @type {NodeJS.ErrnoException} */ (error).code ?? "error"}`);
      resolve(3);
    });
    child.on("close", (code, signal) => resolve(signal ? 3 : (code ?? 3)));
  });
  if (output) await appendFile(output, `skipped=false\ncheck-exit=${exitCode}\n`);
  return { skipped: false, exitCode };
}

const FLAGS = /** @type {const} */ ({
  report: {
    type: "string",
    value: "file",
    required: true,
    description: "where `vpcep-contract check --report-novelty` writes the Markdown novelty report (required)",
  },
});

if (isMain(import.meta.url)) {
  const command = "node scripts/drift-check.js";
  const flags = commandLine(command, FLAGS);
  const { exitCode } = await driftCheck({ reportFile: flags.report });
  process.exitCode = exitCode;
}
