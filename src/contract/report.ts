// Reports of check and validate results: a table for terminals, JSON, JUnit XML for CI; a one-line
// summary for stderr; under GitHub Actions a Markdown job summary and one annotation per failure.
import type { Coverage } from "./coverage.js";
import { renderCoverage } from "./coverage.js";
import { type Novelty, noveltyMarkdown, renderNoveltyTable } from "./novelty.js";
import { problemText, type Problem, type ProblemRequest } from "./problems.js";
import type { CaseResult } from "./suite.js";
import { neutralize } from "../floor/printable.js";

export { neutralize, withoutCommands } from "../floor/printable.js";

export type Reporter = "table" | "json" | "junit";
export const REPORTERS: readonly Reporter[] = ["table", "json", "junit"];

export interface Report {
  suite: string;
  results: readonly CaseResult[];
  notes?: readonly string[];
  coverage?: Coverage;
  /** What the answers held that the document does not describe (`novelty.ts`); never a failure by itself. */
  novelties?: readonly Novelty[];
}

/** A report whose every text has its secrets masked, then is neutralized: done before anything is cut, escaped or rendered. */
export function safeReport(report: Report, redact: (text: string) => string): Report {
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return neutralize(redact(value));
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, walk(inner)]));
    return value;
  };
  return walk(report) as Report;
}

// XML 1.0 forbids most control characters and lone surrogates even when escaped: replace them.
const FORBIDDEN_IN_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export const xml = (text: string) =>
  text.replace(FORBIDDEN_IN_XML, "\uFFFD").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A case that started but could not be completed, and found no problem before it stopped: neither passed nor failed. */
export const isNotRun = (result: CaseResult) => result.notRun !== undefined && result.problems.length === 0;

const counts = (results: readonly CaseResult[]) => {
  const skipped = results.filter((r) => r.skipped !== undefined).length;
  const failed = results.filter((r) => r.problems.length > 0).length;
  const notRun = results.filter(isNotRun).length;
  return { passed: results.length - skipped - failed - notRun, failed, skipped, notRun };
};

const notRunText = (notRun: number) => (notRun ? `, ${notRun} not run` : "");

export function summaryLine({ suite, results, novelties = [] }: Report, stopped?: string): string {
  const { passed, failed, skipped, notRun } = counts(results);
  const tail = stopped ? `; stopped: ${stopped}` : "";
  const novel = novelties.length
    ? `; ${novelties.length} novelt${novelties.length === 1 ? "y" : "ies"} (not described by the document)`
    : "";
  return `${suite}: ${passed} passed, ${failed} failed, ${skipped} skipped${notRunText(notRun)}${novel}${tail}`;
}

/** A case's problems as records; a result made without them (text only) gets the check `case`. */
export const failuresOf = (result: CaseResult): Problem[] =>
  result.failures ?? result.problems.map((message) => ({ check: "case", path: "", message }));

/** The problems of a case grouped by check, in the order the checks first failed. */
export function byCheck(result: CaseResult): Map<string, Problem[]> {
  const groups = new Map<string, Problem[]>();
  for (const problem of failuresOf(result)) {
    const group = groups.get(problem.check);
    if (group) group.push(problem);
    else groups.set(problem.check, [problem]);
  }
  return groups;
}

const requestLine = (request: ProblemRequest) => `${request.method} ${request.url}`;

/** How many problems each check found over the run. */
const checkCounts = (results: readonly CaseResult[]) => {
  const counts: Record<string, number> = {};
  for (const result of results) for (const problem of failuresOf(result)) counts[problem.check] = (counts[problem.check] ?? 0) + 1;
  return counts;
};

/** One JUnit failure per case (CI tools show one), typed by the checks that failed, its text grouped by check. */
function junitFailure(result: CaseResult): string {
  const groups = byCheck(result);
  const text = [...groups].flatMap(([check, problems]) => {
    const requests = [...new Set(problems.flatMap((p) => (p.request ? [requestLine(p.request)] : [])))];
    return [`[${check}]`, ...problems.map(problemText), ...requests.map((q) => `request: ${q}`)];
  });
  const unplaced = result.requests.filter((q) => !text.includes(`request: ${q}`)).map((q) => `request: ${q}`);
  return `<failure message="${xml(result.problems[0] ?? "")}" type="${xml([...groups.keys()].join(" "))}">${xml([...text, ...unplaced].join("\n"))}</failure>`;
}

/** A case that could not be completed is a JUnit error: CI shows it, neither green nor skipped. */
const junitNotRun = (reason: string) => `<error message="${xml(`not run: ${reason}`)}" type="not-run"/>`;

const junitErrors = (results: readonly CaseResult[]) => {
  const errors = results.filter((r) => r.notRun !== undefined).length;
  return errors ? ` errors="${errors}"` : "";
};

const TABLE_PROBLEMS = 10;

export function renderReport(report: Report, reporter: Reporter): string {
  const { suite, results, notes = [], coverage, novelties = [] } = report;
  const { passed, failed, skipped, notRun } = counts(results);
  if (reporter === "json") {
    const cases = results.map((r) => ({ ...r, failures: failuresOf(r) }));
    return JSON.stringify(
      {
        suite,
        passed,
        failed: failed,
        skipped,
        notRun,
        notes,
        checks: checkCounts(results),
        cases,
        novelties,
        ...(coverage ? { coverage } : {}),
      },
      null,
      2,
    );
  }
  if (reporter === "junit") {
    const cases = results.map((r) => {
      const body =
        r.skipped !== undefined
          ? `\n      <skipped message="${xml(r.skipped)}"/>\n    `
          : r.problems.length
            ? `\n      ${junitFailure(r)}${r.notRun === undefined ? "" : `\n      ${junitNotRun(r.notRun)}`}\n    `
            : r.notRun !== undefined
              ? `\n      ${junitNotRun(r.notRun)}\n    `
              : "";
      return `    <testcase classname="${xml(suite)}" name="${xml(r.name)}" time="${(r.ms / 1000).toFixed(3)}">${body}</testcase>`;
    });
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="${xml(suite)}" tests="${results.length}" failures="${failed}"${junitErrors(results)} skipped="${skipped}">\n${cases.join("\n")}\n  </testsuite>\n</testsuites>`;
  }
  const lines = results.flatMap((r) => {
    if (r.skipped !== undefined) return [`skip --- ${r.name} (${r.skipped})`];
    if (isNotRun(r)) return [`NOT RUN ${r.name}`, `          not run: ${r.notRun}`];
    const mark = r.problems.length ? "FAIL" : "ok  ";
    const status = r.status === undefined ? "---" : String(r.status);
    // The table is read on a screen: a case that fails for every service of a large page shows the first
    // problems and a count; the JSON and JUnit reports keep them all.
    const problems =
      r.problems.length > TABLE_PROBLEMS
        ? [...r.problems.slice(0, TABLE_PROBLEMS), `… and ${r.problems.length - TABLE_PROBLEMS} more problems (all in --reporter json)`]
        : r.problems;
    const checks = r.problems.length ? [`checks: ${[...byCheck(r).keys()].join(", ")}`] : [];
    const stoppedAt = r.notRun === undefined ? [] : [`not run to the end: ${r.notRun}`];
    const shown = r.problems.length ? [...problems, ...stoppedAt, ...r.requests.slice(-3).map((q) => `request: ${q}`), ...checks] : [];
    const note = !r.problems.length && r.note ? [`          ${r.note}`] : [];
    return [`${mark} ${status} ${r.name}`, ...shown.map((p) => `          ${p}`), ...note];
  });
  return [
    ...lines,
    ...notes,
    ...renderNoveltyTable(novelties),
    ...(coverage ? [renderCoverage(coverage)] : []),
    `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}${notRunText(notRun)}`,
  ].join("\n");
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The first three problems of a case and, when there are more, how many more: a summary never drops them silently. */
const summaryProblems = (problems: readonly string[]) =>
  `${problems.slice(0, 3).join("; ")}${problems.length > 3 ? `; … and ${problems.length - 3} more (all in the JUnit and JSON reports)` : ""}`;

/** The job summary for GitHub Actions ($GITHUB_STEP_SUMMARY). */
export function markdownSummary(report: Report, stopped?: string): string {
  const { passed, failed, skipped, notRun } = counts(report.results);
  const rows = report.results.map((r) => {
    const result = r.skipped !== undefined ? "⏭️ skipped" : r.problems.length ? "❌ failed" : isNotRun(r) ? "⚠️ not run" : "✅ passed";
    const detail =
      r.skipped ??
      (isNotRun(r) ? r.notRun : undefined) ??
      (r.problems.length ? `${summaryProblems(r.problems)}${r.requests.length ? ` (${r.requests.at(-1)})` : ""}` : (r.note ?? ""));
    const checks = r.problems.length ? [...byCheck(r).keys()].map((check) => `\`${check}\``).join(", ") : "";
    return `| ${cell(r.name)} | ${result} | ${r.status ?? ""} | ${cell(detail)} | ${checks} |`;
  });
  const coverage = report.coverage ? [``, `Coverage: ${report.coverage.seen} of ${report.coverage.total} parts of the document seen.`] : [];
  return [
    `### ${report.suite}: ${passed} passed, ${failed} failed, ${skipped} skipped${notRunText(notRun)}`,
    ...(stopped ? [``, `**Stopped:** ${cell(stopped)}`] : []),
    ...(report.notes ?? []).map((n) => `\n${cell(n)}`),
    ``,
    `| Case | Result | Status | Details | Checks |`,
    `| --- | --- | --- | --- | --- |`,
    ...rows,
    ...coverage,
    ``,
    ...(report.novelties?.length ? [noveltyMarkdown(report.novelties, { suite: report.suite })] : []),
  ].join("\n");
}

// Workflow commands: data escapes %, CR, LF; property values also : and ,.
const escapeData = (text: string) => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** One `::error` annotation per failed case (and one for a stopped run). */
export function annotations(report: Report, stopped?: string): string[] {
  const lines = report.results
    .filter((r) => r.problems.length > 0)
    .map(
      (r) =>
        `::error title=${escapeProperty(`${report.suite}: ${r.name}`)}::${escapeData([...r.problems, ...r.requests.slice(-1).map((q) => `request: ${q}`)].join("\n"))}`,
    );
  for (const r of report.results.filter(isNotRun))
    lines.push(`::error title=${escapeProperty(`${report.suite}: ${r.name} (not run)`)}::${escapeData(r.notRun ?? "")}`);
  if (stopped) lines.push(`::error title=${escapeProperty(`${report.suite}: could not test`)}::${escapeData(stopped)}`);
  return lines;
}
