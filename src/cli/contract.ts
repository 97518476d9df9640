// vpcep-contract: `check <baseUrl>` runs the contract suite against a live server; `validate
// <file>` checks recorded exchanges offline. Exit codes: 0 all hold, 1 contract violations,
// 2 usage error, 3 could not test (no answer, credentials refused, unreadable recording).
// `main` reads the configuration (contract-config.ts), then runs the command and publishes its report.
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { runCheck } from "../contract/check.js";
import { listChecks } from "../contract/checks.js";
import { computeCoverage, renderCoverage } from "../contract/coverage.js";
import { parseRecording, RecordingError, validateExchanges } from "../contract/exchanges.js";
import { loadFastCheck } from "../contract/fuzz.js";
import {
  annotations,
  markdownSummary,
  neutralize,
  renderReport,
  safeReport,
  summaryLine,
  withoutCommands,
  type Report,
} from "../contract/report.js";
import { noveltyMarkdown } from "../contract/novelty.js";
import { createRedactor, redactUrl } from "../floor/redact.js";
import { readProblem } from "../floor/json-file.js";
import { UsageError } from "../floor/flags.js";
import { type CheckConfig, type ContractConfig, type Publishing, readContractConfig, type ValidateConfig } from "./contract-config.js";
import { type CliIo, ioOf, type Printer } from "./io.js";
import { packageVersion } from "../floor/package-files.js";

export const EXIT = { ok: 0, violations: 1, usage: 2, couldNotTest: 3 } as const;

const USAGE = `usage: vpcep-contract check <baseUrl> [--project-id ID] [--token T | --access-key AK --secret-key SK [--security-token ST]]
                              [--reporter table|json|junit] [--junit FILE] [--coverage] [--timeout MS] [--wait SECONDS]
                              [--deadline SECONDS] [--stateless] [--open] [--checks A,B] [--exclude-checks C]
                              [--fuzz N [--seed S]] [--report-novelty FILE] [--fail-on-novelty]
       vpcep-contract check --list-checks
       vpcep-contract validate <file.har|file.jsonl> [--judge server|client] [--reporter table|json|junit] [--junit FILE]
                              [--coverage] [--report-novelty FILE] [--fail-on-novelty]
       vpcep-contract --version | --help

  --reporter        the report on stdout (default table); a one-line summary always goes to stderr
  --junit           also write the report as JUnit XML to FILE
  --coverage        which query parameters, enum values, boundaries, statuses and response fields the run saw
  --wait            wait up to SECONDS for the server to answer at all before checking (default 0)
  --deadline        end the whole run within SECONDS: the cases not reached by then are not run (exit 3)
  --stateless       the server keeps no state (Prism, an example server): skip the checks that need state
                    (by default every check runs; --stateful says so explicitly)
  --open            the server is open by design: skip auth-missing and auth-wrong (the report says so)
  --checks          run only these checks, comma-separated; --exclude-checks leaves these out
  --list-checks     print the checks, their names and what each proves
  --fuzz N          N requests generated from the document, reproducible with --seed S (needs fast-check)
  --judge           whom validate judges (default server): server: an invalid request answered with the
                    documented 400 (and the parameter's code) passes, "refused as documented", one answered
                    200 fails, a parameter the document does not list is ignored by the service (no finding);
                    client: every invalid request fails, an unlisted parameter included
  --report-novelty  write the Markdown novelty report to FILE: every response field, enum value, header,
                    status and error code the document does not describe, with where it was seen and an
                    example (secrets masked); an empty file when there is none; written whatever the exit code
  --fail-on-novelty exit 1 when there is a novelty (by default a novelty never changes the exit code)

Credentials may come from the environment instead: OS_TOKEN, or OS_ACCESS_KEY and OS_SECRET_KEY
(OS_SECURITY_TOKEN); the project from OS_PROJECT_ID. They are never printed. Under GitHub Actions
the results also go to the job summary and to one ::error annotation per failure.

Exit codes: 0 every case holds, 1 contract violations, 2 usage error, 3 could not test
(no answer, credentials refused, unreadable recording, or a case not run: a redirect, an answer over
16 MiB or nested deeper than 64 levels, the page cap, a baseline that could not be had, --deadline). Violations win over cases not run (1).
Redirects are never followed: credentials go to <baseUrl>'s origin only. validate's violations are
those of the side --judge names. A novelty is listed, never failed, unless --fail-on-novelty (then exit 1).`;

/** The bin's streams, with the credentials' values masked wherever a server's answer is quoted. */
interface Output extends CliIo {
  redact: (text: string) => string;
}

export async function main(
  argv: readonly string[],
  env = process.env,
  print: Printer = console.log,
  printError: Printer = console.error,
): Promise<number> {
  const out: Output = { ...ioOf(env, print, printError), redact: (text) => text };
  try {
    const config = readContractConfig(argv, env);
    if (config.command === "version" || config.command === "help" || config.command === "list-checks") {
      print(config.command === "version" ? packageVersion() : config.command === "help" ? USAGE : listChecks());
      return EXIT.ok;
    }
    return await run(config, out);
  } catch (error) {
    if (error instanceof UsageError) {
      printError(`vpcep-contract: ${error.message}\n${USAGE}`);
      return EXIT.usage;
    }
    const what =
      error instanceof ReportFileError ? error.message : `could not test: ${error instanceof Error ? error.message : String(error)}`;
    printError(withoutCommands(neutralize(out.redact(`vpcep-contract: ${what}`))));
    return EXIT.couldNotTest;
  }
}

function run(config: Exclude<ContractConfig, { command: "help" | "version" | "list-checks" }>, out: Output): Promise<number> {
  return config.command === "check" ? check(config, out) : validate(config, out);
}

async function check(config: CheckConfig, out: Output): Promise<number> {
  const { options, wait } = config;
  if (options.fuzz) {
    // Before any request: a run that cannot fuzz should not first spend its time on the other cases.
    try {
      await loadFastCheck();
    } catch (error) {
      out.printError(`vpcep-contract: ${(error as Error).message}`);
      return EXIT.couldNotTest;
    }
  }
  out.redact = createRedactor(options.auth ? Object.values(options.auth) : []);
  // The deadline covers the whole run, the wait for the server included.
  const startedAt = Date.now();
  const seconds = options.deadlineSeconds;
  const timed = { ...options, startedAt, ...(seconds === undefined ? {} : { deadline: startedAt + seconds * 1000 }) };
  if (wait > 0 && !(await waitForServer(options.baseUrl, Math.min(wait, seconds ?? wait)))) {
    const message = `no HTTP answer at ${options.baseUrl} within ${wait} s (--wait)`;
    // Not run, like a case a run stops on (no answer, credentials refused): never failed or passed.
    const results = [
      {
        name: "the server answers within --wait",
        requests: [`GET ${redactUrl(options.baseUrl)}`],
        status: undefined,
        problems: [],
        failures: [],
        ms: wait * 1000,
        notRun: message,
      },
    ];
    await publish({ suite: "vpcep-contract check", results }, config, out, message);
    return EXIT.couldNotTest;
  }
  const run = await runCheck(timed);
  const notes = [...run.notes, ...(options.auth ? [] : ["note: no credentials given (OS_TOKEN or OS_ACCESS_KEY/OS_SECRET_KEY)"])];
  const report: Report = {
    suite: "vpcep-contract check",
    results: run.results,
    notes,
    novelties: run.novelties,
    ...(config.coverage ? { coverage: computeCoverage(run.coverage) } : {}),
  };
  await publish(report, config, out, run.stopped);
  return run.stopped ? EXIT.couldNotTest : exitOf(report, config, out);
}

async function validate(config: ValidateConfig, out: Output): Promise<number> {
  const { file } = config;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    out.printError(`vpcep-contract: ${file}: cannot read the recording: ${readProblem(error)}`);
    return EXIT.couldNotTest;
  }
  let validated;
  try {
    const secrets = ["OS_TOKEN", "OS_ACCESS_KEY", "OS_SECRET_KEY", "OS_SECURITY_TOKEN"].map((name) => out.env[name]);
    out.redact = createRedactor(secrets);
    validated = validateExchanges(parseRecording(text), { judge: config.judge, secrets });
  } catch (error) {
    if (!(error instanceof RecordingError)) throw error;
    out.printError(`vpcep-contract: ${file}: ${error.message}`);
    return EXIT.couldNotTest;
  }
  const refused = validated.results.filter((r) => r.note?.startsWith("refused as documented")).length;
  const notes = [
    `note: --judge ${config.judge}: ${config.judge === "server" ? "an invalid request answered with the documented refusal passes; a parameter the document does not list is ignored by the service" : "every invalid request is a failure, an unlisted parameter included"}${refused ? ` (${refused} refused as documented)` : ""}`,
    ...(validated.skipped ? [`note: ${validated.skipped} exchange(s) of other operations skipped`] : []),
    ...(validated.results.length === 0 ? [`note: ${file} holds no exchange of GET /v1/{project_id}/vpc-endpoint-services`] : []),
  ];
  const skippedRows = validated.skipped
    ? [
        {
          name: `${validated.skipped} exchange(s) of other operations`,
          requests: [],
          status: undefined,
          problems: [],
          ms: 0,
          skipped: "not this operation",
        },
      ]
    : [];
  const report: Report = {
    suite: "vpcep-contract validate",
    results: [...validated.results, ...skippedRows],
    notes,
    novelties: validated.novelties,
    ...(config.coverage ? { coverage: computeCoverage(validated.observations) } : {}),
  };
  await publish(report, config, out);
  return exitOf(report, config, out);
}

/**
 * Polls until the server gives any HTTP answer; false when `seconds` pass first. The answer's
 * status line and headers are all it needs: its body is never read (a hostile server may send an
 * endless one), and a redirect is not followed.
 */
export async function waitForServer(baseUrl: string, seconds: number): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      const left = Math.max(1, Math.min(2_000, deadline - Date.now()));
      const response = await fetch(baseUrl, { signal: AbortSignal.timeout(left), redirect: "manual" });
      await response.body?.cancel().catch(() => undefined);
      return true;
    } catch {
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** A report file that could not be written: named with its flag, the run's verdict untold (exit 3). */
class ReportFileError extends Error {}

async function writeReportFile(flag: string, file: string, text: () => string): Promise<void> {
  try {
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await writeFile(file, text());
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ReportFileError(`could not write ${flag} ${file}${code ? ` (${code})` : ""}`);
  }
}

async function publish(unsafe: Report, { reporter, junit, reportNovelty }: Publishing, out: Output, unsafeStopped?: string) {
  const { env } = out;
  // Masked and neutralized first, then rendered (cut, escaped); every text is masked once more, and
  // no line may read as a workflow command.
  const report = safeReport(unsafe, out.redact);
  const stopped = unsafeStopped === undefined ? undefined : neutralize(out.redact(unsafeStopped));
  const redact = (text: string) => withoutCommands(out.redact(text));
  if (reportNovelty !== undefined) {
    // Written first and whatever the exit code: drift.yml reads it after a run that found violations too.
    await writeReportFile("--report-novelty", reportNovelty, () =>
      redact(noveltyMarkdown(report.novelties ?? [], { suite: report.suite, version: packageVersion() })),
    );
  }
  out.print(redact(renderReport(report, reporter)));
  if (junit) {
    await writeReportFile("--junit", junit, () => `${redact(renderReport(report, "junit"))}\n`);
  }
  if (reporter === "junit" && report.coverage) out.printError(renderCoverage(report.coverage));
  if (env["GITHUB_ACTIONS"] === "true") {
    // Annotations are the one place a line starts with `::` (its data escaped by `annotations`).
    for (const line of annotations(report, stopped)) out.printError(out.redact(line));
    if (env["GITHUB_STEP_SUMMARY"]) await appendFile(env["GITHUB_STEP_SUMMARY"], redact(markdownSummary(report, stopped)));
  }
  out.printError(redact(summaryLine(report, stopped)));
}

/** 1 for any violation (or a novelty under --fail-on-novelty); else 3 when nothing ran or a case could not be completed (not run); else 0. */
const exitOf = (report: Report, { failOnNovelty }: Publishing, out: Output) => {
  const ran = report.results.filter((r) => r.skipped === undefined);
  if (ran.some((r) => r.problems.length > 0)) return EXIT.violations;
  const novelties = report.novelties?.length ?? 0;
  if (failOnNovelty && novelties > 0) {
    out.printError(`vpcep-contract: --fail-on-novelty: ${novelties} thing(s) the document does not describe (listed in the report)`);
    return EXIT.violations;
  }
  if (ran.length === 0 || ran.some((r) => r.notRun !== undefined)) return EXIT.couldNotTest;
  return EXIT.ok;
};
