// drift.yml's two scripts, run as the workflow runs them: drift-check.js (skip without credentials,
// otherwise `vpcep-contract check --report-novelty <file>`) and drift-issue.js (one GitHub issue,
// opened or updated, through a fake `gh` on PATH that records every call).
import { execFile } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/lib/paths.js";
import { driftCheck, NOVELTY_FLAG } from "../../scripts/drift-check.js";
import { LABEL, MARKER, MAX_REPORT, TITLE } from "../../scripts/drift-issue.js";

const DRIFT_ISSUE = path.join(repoRoot, "scripts", "drift-issue.js");
const REPORT = "## Novelty\n\n| where | what | example |\n|---|---|---|\n| endpoint_services[].ip_version | field | `ipv4` |\n";
const GH_TOKEN = "ghs_fakeTokenThatMustNeverBePrinted";

// The fake gh: records argv (and the body file's text) as one JSON line per call; `issue list`
// answers FAKE_GH_ISSUES; FAKE_GH_FAIL makes every call fail with the token in its stderr.
const FAKE_GH = `#!/usr/bin/env node
const fs = require("node:fs");
const args = process.argv.slice(2);
const at = args.indexOf("--body-file");
const body = at >= 0 ? fs.readFileSync(args[at + 1], "utf8") : undefined;
fs.appendFileSync(process.env.FAKE_GH_LOG, JSON.stringify({ args, body }) + "\\n");
if (process.env.FAKE_GH_FAIL) { process.stderr.write("HTTP 403: Resource not accessible by integration (token " + process.env.GH_TOKEN + ")\\n"); process.exit(1); }
if (args[0] === "issue" && args[1] === "list") process.stdout.write(process.env.FAKE_GH_ISSUES || "[]");
if (args[0] === "issue" && args[1] === "create") process.stdout.write("https://github.com/o/r/issues/12\\n");
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "drift-"));
  await writeFile(path.join(dir, "gh"), FAKE_GH);
  await chmod(path.join(dir, "gh"), 0o755);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Call {
  args: string[];
  body?: string;
}

async function runIssue(report: string | undefined, env: Record<string, string> = {}, args?: string[]) {
  const reportFile = path.join(dir, "drift-report.md");
  if (report !== undefined) await writeFile(reportFile, report);
  const log = path.join(dir, "gh.log");
  const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [DRIFT_ISSUE, ...(args ?? ["--report", reportFile])],
      { env: { PATH: `${dir}${path.delimiter}${process.env["PATH"]}`, FAKE_GH_LOG: log, GH_TOKEN, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
  const calls = (await readFile(log, "utf8").catch(() => ""))
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Call);
  return { ...result, calls };
}

describe("drift-issue.js", () => {
  it("opens the issue, labelled and marked, when none is open", async () => {
    const { code, stdout, calls } = await runIssue(REPORT, {
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_REPOSITORY: "o/r",
      GITHUB_RUN_ID: "99",
    });
    expect(code).toBe(0);
    expect(stdout).toContain("drift-issue: opened https://github.com/o/r/issues/12");
    expect(calls.map((c) => c.args.slice(0, 2).join(" "))).toEqual(["issue list", "label create", "issue create"]);
    expect(calls[0]!.args).toEqual(expect.arrayContaining(["--state", "open", "--label", LABEL]));
    const create = calls[2]!;
    expect(create.args).toEqual(expect.arrayContaining(["--title", TITLE, "--label", LABEL]));
    expect(create.body).toContain(MARKER);
    expect(create.body).toContain("| endpoint_services[].ip_version | field | `ipv4` |");
    expect(create.body).toContain("(https://github.com/o/r/actions/runs/99)");
  });

  it("updates the body of the open drift issue instead of opening a second one", async () => {
    const issues = [
      { number: 3, title: "Something else", body: "unrelated, but labelled" },
      { number: 7, title: "Contract drift (renamed by a maintainer)", body: `${MARKER}\nold report` },
    ];
    const { code, stdout, calls } = await runIssue(REPORT, { FAKE_GH_ISSUES: JSON.stringify(issues) });
    expect(code).toBe(0);
    expect(stdout).toContain("drift-issue: updated issue #7");
    expect(calls.map((c) => c.args.slice(0, 3).join(" "))).toEqual(["issue list --state", "issue edit 7"]);
    expect(calls[1]!.body).toContain("ip_version");
    expect(calls[1]!.body).not.toContain("old report");
  });

  it("finds the issue by its title when the marker was edited away", async () => {
    const { calls } = await runIssue(REPORT, { FAKE_GH_ISSUES: JSON.stringify([{ number: 5, title: TITLE, body: "" }]) });
    expect(calls.at(-1)!.args.slice(0, 3)).toEqual(["issue", "edit", "5"]);
  });

  it("does nothing, and calls no gh, when the report is empty", async () => {
    const { code, stdout, calls } = await runIssue(" \n\n");
    expect(code).toBe(0);
    expect(stdout).toMatch(/is empty: the service sends nothing the document does not describe; no issue changed/);
    expect(calls).toEqual([]);
  });

  it("names a report that does not exist, and calls no gh", async () => {
    const { code, stderr, calls } = await runIssue(undefined);
    expect(code).toBe(1);
    expect(stderr).toMatch(/cannot read the report .*drift-report\.md \(no such file: did the check run\?\)/);
    expect(calls).toEqual([]);
  });

  it("reports a failing gh by its call, never with the token", async () => {
    const { code, stderr } = await runIssue(REPORT, { FAKE_GH_FAIL: "1" });
    expect(code).toBe(1);
    expect(stderr).toContain("`gh issue list` failed: HTTP 403: Resource not accessible by integration");
    expect(stderr).not.toContain(GH_TOKEN);
  });

  it("refuses an answer of gh issue list that is not a JSON array", async () => {
    const { code, stderr, calls } = await runIssue(REPORT, { FAKE_GH_ISSUES: "<html>" });
    expect(code).toBe(1);
    expect(stderr).toMatch(/did not answer a JSON array/);
    expect(calls).toHaveLength(1);
  });

  it("masks a credential that reached the report, and cuts a report GitHub would refuse", async () => {
    const secret = "SK-very-secret-value";
    const { calls } = await runIssue(`${REPORT}| x-leak | header | ${secret} |\n${"x".repeat(MAX_REPORT + 5000)}`, {
      OS_SECRET_KEY: secret,
    });
    const body = calls.at(-1)!.body!;
    expect(body).not.toContain(secret);
    expect(body).toContain("| x-leak | header | *** |");
    expect(body.length).toBeLessThan(65_536);
    expect(body).toMatch(/the report is cut here/);
  });

  it("exits 2 with its usage without --report, or with an unknown flag", async () => {
    for (const args of [[], ["--report", "r.md", "--label", "x"]]) {
      const { code, stderr, calls } = await runIssue(undefined, {}, args);
      expect(code).toBe(2);
      expect(stderr).toMatch(/node scripts\/drift-issue\.js: .*\n?usage: node scripts\/drift-issue\.js/);
      expect(calls).toEqual([]);
    }
  });
});

describe("drift-check.js", () => {
  const live = { VPCEP_DRIFT_BASE_URL: "https://vpcep.eu-de.otc.t-systems.com", OS_PROJECT_ID: "6e9dfd51d1124e8d8498dce894923a0d" };

  /** A fake vpcep-contract: records its argv and the credential variables it got, writes a report. */
  async function fakeContract(exitCode: number) {
    const file = path.join(dir, "contract.cjs");
    await writeFile(
      file,
      `const fs = require("node:fs"); const args = process.argv.slice(2);
fs.writeFileSync(${JSON.stringify(path.join(dir, "contract.json"))}, JSON.stringify({ args, token: process.env.OS_TOKEN, ak: process.env.OS_ACCESS_KEY }));
fs.writeFileSync(args[args.indexOf("${NOVELTY_FLAG}") + 1], "| novelty |\\n");
process.exit(${exitCode});`,
    );
    return [process.execPath, file];
  }

  it.each([
    ["no credentials at all", { ...live }],
    ["an access key without its secret key", { ...live, OS_ACCESS_KEY: "AK" }],
    ["credentials without a region", { OS_TOKEN: "t", OS_PROJECT_ID: "p" }],
  ])("skips with a ::notice:: and exit 0 given %s, without running the check", async (_what, env) => {
    const lines: string[] = [];
    const output = path.join(dir, "github-output");
    const contract = await fakeContract(0);
    const result = await driftCheck({
      reportFile: path.join(dir, "r.md"),
      contract,
      env: { ...env, GITHUB_OUTPUT: output },
      log: (line) => lines.push(line),
    });
    expect(result).toEqual({ skipped: true, exitCode: 0 });
    expect(lines.join("\n")).toMatch(/^::notice title=drift check skipped::No live region to check: .* not set\./);
    expect(await readFile(output, "utf8")).toBe("skipped=true\n");
    await expect(readFile(path.join(dir, "contract.json"))).rejects.toThrow(/ENOENT/);
  });

  it.each([0, 1])(
    "runs `check <url> --report-novelty <file>` with the credentials in the environment only; the check's exit %i is its own",
    async (exit) => {
      const output = path.join(dir, "github-output");
      const reportFile = path.join(dir, "r.md");
      await writeFile(reportFile, "a report left by an earlier run");
      const contract = await fakeContract(exit);
      const result = await driftCheck({
        reportFile,
        contract,
        env: { ...live, OS_ACCESS_KEY: "AKEXAMPLE", OS_SECRET_KEY: "SKEXAMPLE", GITHUB_OUTPUT: output },
        log: () => {},
      });
      expect(result).toEqual({ skipped: false, exitCode: exit });
      const seen = JSON.parse(await readFile(path.join(dir, "contract.json"), "utf8")) as { args: string[]; ak: string };
      expect(seen.args).toEqual(["check", live.VPCEP_DRIFT_BASE_URL, "--report-novelty", reportFile, "--wait", "30"]);
      expect(seen.args.join(" ")).not.toMatch(/AKEXAMPLE|SKEXAMPLE/);
      expect(seen.ak).toBe("AKEXAMPLE");
      expect(await readFile(reportFile, "utf8")).toBe("| novelty |\n");
      expect(await readFile(output, "utf8")).toBe(`skipped=false\ncheck-exit=${exit}\n`);
    },
  );

  it("a contract command that cannot start is exit 3 (could not test), with an ::error::", async () => {
    const lines: string[] = [];
    const result = await driftCheck({
      reportFile: path.join(dir, "r.md"),
      contract: [path.join(dir, "no-such-command")],
      env: { ...live, OS_TOKEN: "t" },
      log: (line) => lines.push(line),
    });
    expect(result).toEqual({ skipped: false, exitCode: 3 });
    expect(lines.join("\n")).toMatch(/^::error title=drift check::could not run vpcep-contract: ENOENT/);
  });
});
