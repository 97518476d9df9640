// vpcep-contract: `check <baseUrl>` runs the contract suite against a live server; `validate
// <file>` checks recorded exchanges offline. Exit codes: 0 all hold, 1 contract violations,
// 2 usage error, 3 could not test (no answer, credentials refused, unreadable recording).
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import * as packageFiles from "../package-files.js";
import path from "node:path";
import { parseArgs } from "node:util";
import { runCheck, type CheckOptions, type Credentials } from "../contract/check.js";
import { computeCoverage, renderCoverage } from "../contract/coverage.js";
import { parseRecording, RecordingError, validateExchanges } from "../contract/exchanges.js";
import { loadFastCheck } from "../contract/fuzz.js";
import { annotations, markdownSummary, renderReport, REPORTERS, summaryLine, type Report, type Reporter } from "../contract/report.js";
import { headerProblem } from "../header-value.js";

export const EXIT = { ok: 0, violations: 1, usage: 2, couldNotTest: 3 } as const;

const USAGE = `usage: vpcep-contract check <baseUrl> [--project-id ID] [--token T | --access-key AK --secret-key SK [--security-token ST]]
                              [--reporter table|json|junit] [--junit FILE] [--coverage] [--timeout MS] [--wait SECONDS]
                              [--stateless | --stateful] [--fuzz N [--seed S]]
       vpcep-contract validate <file.har|file.jsonl> [--reporter table|json|junit] [--junit FILE] [--coverage]
       vpcep-contract --version | --help

  --reporter   the report on stdout (default table); a one-line summary always goes to stderr
  --junit      also write the report as JUnit XML to FILE
  --coverage   which query parameters, enum values, boundaries, statuses and response fields the run saw
  --wait       wait up to SECONDS for the server to answer at all before checking (default 0)
  --stateless  the server keeps no state (Prism): skip the cases that need state; --stateful runs them
               always; by default a probe decides
  --fuzz N     N requests generated from the document, reproducible with --seed S (needs fast-check)

Credentials may come from the environment instead: OS_TOKEN, or OS_ACCESS_KEY and OS_SECRET_KEY
(OS_SECURITY_TOKEN); the project from OS_PROJECT_ID. They are never printed. Under GitHub Actions
the results also go to the job summary and to one ::error annotation per failure.

Exit codes: 0 every case holds, 1 contract violations, 2 usage error, 3 could not test
(no answer, credentials refused, unreadable recording).`;

const EXAMPLE_PROJECT = "6e9dfd51d1124e8d8498dce894923a0d";

class UsageError extends Error {}

const OPTIONS = {
  help: { type: "boolean" },
  version: { type: "boolean" },
  "project-id": { type: "string" },
  token: { type: "string" },
  "access-key": { type: "string" },
  "secret-key": { type: "string" },
  "security-token": { type: "string" },
  timeout: { type: "string" },
  wait: { type: "string" },
  reporter: { type: "string" },
  junit: { type: "string" },
  coverage: { type: "boolean" },
  stateless: { type: "boolean" },
  stateful: { type: "boolean" },
  fuzz: { type: "string" },
  seed: { type: "string" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>["values"];

export function packageVersion(): string {
  return packageFiles.packageVersion();
}

function parse(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // node:util names the option in its message ("Unknown option '--verbose'", "Option '--token <value>' argument missing").
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ""));
  }
}

function reporterOf(value: string | undefined): Reporter {
  const reporter = value ?? "table";
  if (!REPORTERS.includes(reporter as Reporter)) throw new UsageError(`--reporter must be one of ${REPORTERS.join(", ")}, got ${JSON.stringify(reporter)}`);
  return reporter as Reporter;
}

function numberOf(name: string, value: string | undefined, fallback: number, { min, integer }: { min: number; integer?: boolean }): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || number < min || (integer && !Number.isInteger(number))) {
    throw new UsageError(`--${name} must be ${integer ? "an integer" : "a number"} of at least ${min}, got ${JSON.stringify(value)}`);
  }
  return number;
}

function authOf(values: Values, env: NodeJS.ProcessEnv): { auth?: Credentials; authSource?: string } {
  const pick = (flag: keyof Values, variable: string) => {
    const fromFlag = values[flag];
    if (typeof fromFlag === "string" && fromFlag === "") throw new UsageError(`--${flag} must not be empty`);
    const fromEnv = env[variable];
    const picked = typeof fromFlag === "string" ? { value: fromFlag, source: `--${flag}` } : fromEnv ? { value: fromEnv, source: variable } : undefined;
    const problem = picked && headerProblem(picked.value);
    if (problem) throw new UsageError(`${picked.source} ${problem}; a credential must travel unchanged in an HTTP header`);
    return picked;
  };
  const token = pick("token", "OS_TOKEN");
  const accessKey = pick("access-key", "OS_ACCESS_KEY");
  const secretKey = pick("secret-key", "OS_SECRET_KEY");
  const securityToken = pick("security-token", "OS_SECURITY_TOKEN");
  if (accessKey || secretKey) {
    if (!accessKey || !secretKey) throw new UsageError("AK/SK needs both --access-key and --secret-key (or OS_ACCESS_KEY and OS_SECRET_KEY)");
    return {
      auth: { accessKey: accessKey.value, secretKey: secretKey.value, ...(securityToken ? { securityToken: securityToken.value } : {}) },
      authSource: `${accessKey.source} and ${secretKey.source}`,
    };
  }
  return token ? { auth: { token: token.value }, authSource: token.source } : {};
}

function baseUrlOf(target: string | undefined): string {
  if (!target) throw new UsageError("check needs the server's base URL, e.g. http://127.0.0.1:4010");
  try {
    if (/^https?:$/.test(new URL(target).protocol)) return target;
  } catch {
    // reported below
  }
  throw new UsageError(`${JSON.stringify(target)} is not an http(s) URL`);
}

/** Polls until the server gives any HTTP answer; false when `seconds` pass first. */
async function waitForServer(baseUrl: string, seconds: number): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      await (await fetch(baseUrl, { signal: AbortSignal.timeout(2_000) })).arrayBuffer();
      return true;
    } catch {
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

interface Output {
  print: (text: string) => void;
  printError: (text: string) => void;
  /** Masks the credentials' values, should a server echo one into an answer the report quotes. */
  redact: (text: string) => string;
}

async function publish(report: Report, reporter: Reporter, values: Values, env: NodeJS.ProcessEnv, out: Output, stopped?: string) {
  const { redact } = out;
  out.print(redact(renderReport(report, reporter)));
  if (values.junit) {
    await mkdir(path.dirname(path.resolve(values.junit)), { recursive: true });
    await writeFile(values.junit, `${redact(renderReport(report, "junit"))}\n`);
  }
  if (reporter === "junit" && report.coverage) out.printError(renderCoverage(report.coverage));
  if (env["GITHUB_ACTIONS"] === "true") {
    for (const line of annotations(report, stopped)) out.printError(redact(line));
    if (env["GITHUB_STEP_SUMMARY"]) await appendFile(env["GITHUB_STEP_SUMMARY"], redact(markdownSummary(report, stopped)));
  }
  out.printError(redact(summaryLine(report, stopped)));
}

const exitOf = (report: Report) => {
  const ran = report.results.filter((r) => r.skipped === undefined);
  if (ran.length === 0) return EXIT.couldNotTest;
  return ran.every((r) => r.problems.length === 0) ? EXIT.ok : EXIT.violations;
};

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, print = console.log, printError = console.error): Promise<number> {
  const out: Output = { print, printError, redact: (text) => text };
  try {
    const { values, positionals } = parse(argv);
    const [command, target, ...rest] = positionals;
    if (values.version) {
      print(packageVersion());
      return EXIT.ok;
    }
    if (values.help) {
      print(USAGE);
      return EXIT.ok;
    }
    if (command === undefined) throw new UsageError("a command is needed: check or validate");
    if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
    const reporter = reporterOf(values.reporter);
    if (command === "check") {
      const baseUrl = baseUrlOf(target);
      const timeoutMs = numberOf("timeout", values.timeout, 10_000, { min: 1 });
      const wait = numberOf("wait", values.wait, 0, { min: 0 });
      if (values.stateless && values.stateful) throw new UsageError("--stateless and --stateful exclude each other");
      if (values.seed !== undefined && values.fuzz === undefined) throw new UsageError("--seed goes with --fuzz");
      const fuzz = values.fuzz === undefined ? undefined : { runs: numberOf("fuzz", values.fuzz, 0, { min: 1, integer: true }), seed: numberOf("seed", values.seed, Date.now() % 2 ** 31, { min: -(2 ** 31), integer: true }) };
      if (fuzz) {
        // Before any request: a run that cannot fuzz should not first spend its time on the other cases.
        try {
          await loadFastCheck();
        } catch (error) {
          printError(`vpcep-contract: ${(error as Error).message}`);
          return EXIT.couldNotTest;
        }
      }
      const projectId = values["project-id"] ?? env["OS_PROJECT_ID"] ?? EXAMPLE_PROJECT;
      const credentials = authOf(values, env);
      const secrets = credentials.auth ? Object.values(credentials.auth).filter((v): v is string => typeof v === "string" && v.length >= 4) : [];
      out.redact = (text) => secrets.reduce((masked, secret) => masked.split(secret).join("***"), text);
      if (wait > 0 && !(await waitForServer(baseUrl, wait))) {
        const message = `no HTTP answer at ${baseUrl} within ${wait} s (--wait)`;
        const results = [{ name: "the server answers within --wait", requests: [`GET ${baseUrl}`], status: undefined, problems: [message], ms: wait * 1000 }];
        await publish({ suite: "vpcep-contract check", results }, reporter, values, env, out, message);
        return EXIT.couldNotTest;
      }
      const options: CheckOptions = {
        baseUrl, projectId, timeoutMs, ...credentials,
        state: values.stateless ? "stateless" : values.stateful ? "stateful" : "auto",
        ...(fuzz ? { fuzz } : {}),
      };
      const run = await runCheck(options);
      const notes = [...run.notes, ...(credentials.auth ? [] : ["note: no credentials given (OS_TOKEN or OS_ACCESS_KEY/OS_SECRET_KEY)"])];
      const report: Report = { suite: "vpcep-contract check", results: run.results, notes, ...(values.coverage ? { coverage: computeCoverage(run.observations) } : {}) };
      await publish(report, reporter, values, env, out, run.stopped);
      if (run.stopped) return EXIT.couldNotTest;
      return exitOf(report);
    }
    if (command === "validate") {
      if (!target) throw new UsageError("validate needs a HAR or JSON-lines file");
      if (values.stateless || values.stateful || values.fuzz || values.seed || values.wait || values.timeout) throw new UsageError("validate takes only --reporter, --junit and --coverage");
      let text: string;
      try {
        text = await readFile(target, "utf8");
      } catch (error) {
        printError(`vpcep-contract: ${target}: cannot read the recording (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
        return EXIT.couldNotTest;
      }
      let validated;
      try {
        validated = validateExchanges(parseRecording(text));
      } catch (error) {
        if (!(error instanceof RecordingError)) throw error;
        printError(`vpcep-contract: ${target}: ${error.message}`);
        return EXIT.couldNotTest;
      }
      const notes = [
        ...(validated.skipped ? [`note: ${validated.skipped} exchange(s) of other operations skipped`] : []),
        ...(validated.results.length === 0 ? [`note: ${target} holds no exchange of GET /v1/{project_id}/vpc-endpoint-services`] : []),
      ];
      const skippedRows = validated.skipped ? [{ name: `${validated.skipped} exchange(s) of other operations`, requests: [], status: undefined, problems: [], ms: 0, skipped: "not this operation" }] : [];
      const report: Report = {
        suite: "vpcep-contract validate",
        results: [...validated.results, ...skippedRows],
        notes,
        ...(values.coverage ? { coverage: computeCoverage(validated.observations) } : {}),
      };
      await publish(report, reporter, values, env, out);
      return exitOf(report);
    }
    throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  } catch (error) {
    if (error instanceof UsageError) {
      printError(`vpcep-contract: ${error.message}\n${USAGE}`);
      return EXIT.usage;
    }
    printError(out.redact(`vpcep-contract: could not test: ${error instanceof Error ? error.message : String(error)}`));
    return EXIT.couldNotTest;
  }
}
