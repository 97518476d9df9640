// The suite `vpcep-contract check` runs against a live server: the checks of `checks.ts`, each a
// named unit, derived from the document. Every answer's status, headers and body are validated.
// Whether the server keeps state is the user's to say (`--stateless` for Prism or an example
// server); the run never turns a check off by guessing. A whole-run deadline (`--deadline`) leaves
// the cases it did not reach not run, with the reason.
import type { CoverageCollector } from "./coverage.js";
import type { Novelty } from "./novelty.js";
import { CheckContext } from "./check-context.js";
import { CHECK_UNITS, type Check, selectChecks } from "./checks.js";
import { CouldNotTest, type Target } from "./http.js";
import { Suite, type CaseResult } from "./suite.js";

export type { CaseResult, CheckName, Problem, ProblemRequest } from "./suite.js";
export type { Credentials } from "./http.js";

/** The page cap of one walk: 150 pages of up to 1,000 services see 150,000 services whole. */
export const MAX_PAGES = 150;

export interface CheckOptions extends Target {
  /** Pages walked at most by one walk of the list (default MAX_PAGES). */
  maxPages?: number;
  /**
   * `stateless` (declared, e.g. Prism or an example server): the checks that need state are skipped
   * with the reason. `stateful` (the default): every check runs.
   */
  state?: "stateful" | "stateless";
  /** `--open`: the server is open by design; the authentication checks are skipped, and the report says so. */
  open?: boolean;
  /** `--checks`: only these checks (by name). */
  checks?: readonly string[];
  /** `--exclude-checks`: not these. */
  excludeChecks?: readonly string[];
  /** Generated requests (`--fuzz N --seed S`). */
  fuzz?: { runs: number; seed: number };
}

export interface CheckRun {
  results: CaseResult[];
  /** What coverage needs of the answers (no answer body is kept). */
  coverage: CoverageCollector;
  /** What the answers held that the document does not describe (never a failure by itself). */
  novelties: Novelty[];
  notes: string[];
  /** Set when the run stopped early and nothing more could be tested (exit code 3). */
  stopped?: string;
  stateless: boolean;
}

const STATELESS_HINT =
  "note: cases that compare answers with each other failed; if this server keeps no state (Prism, an example server), pass --stateless";

export async function runCheck(options: CheckOptions): Promise<CheckRun> {
  const startedAt = options.startedAt ?? Date.now();
  const deadline = options.deadline ?? (options.deadlineSeconds === undefined ? undefined : startedAt + options.deadlineSeconds * 1000);
  const target: Target = { ...options, startedAt, ...(deadline === undefined ? {} : { deadline }) };
  const suite = new Suite(target);
  const stateless = options.state === "stateless";
  const ctx = new CheckContext(suite, {
    maxPages: options.maxPages ?? MAX_PAGES,
    open: options.open === true,
    stateless,
    ...(options.fuzz ? { fuzz: options.fuzz } : {}),
  });
  const notes: string[] = [];
  if (stateless)
    notes.push(
      "note: --stateless: the checks that need a server that keeps state are skipped, and a refusal's error code is not compared (an example server answers with the document's example).",
    );
  if (options.open)
    notes.push("note: --open: authentication not checked (auth-missing and auth-wrong skipped): the server is open by design.");
  const excluded = [...(options.excludeChecks ?? [])];
  // `fuzz` belongs to a run only with --fuzz: without it, it is neither selected nor left out.
  const planned = CHECK_UNITS.filter((c) => c.name !== "fuzz" || options.fuzz);
  const selected = selectChecks(options.checks, excluded).filter((c) => planned.includes(c));
  if (options.checks || excluded.length) notes.push(`note: checks selected: ${selected.map((c) => c.name).join(", ") || "none"}`);
  const leaveOut = (check: Check) => {
    suite.check = check.name;
    suite.skip(`${check.name}: ${check.description}`, notSelectedReason(check.name, options.checks, excluded));
  };
  const ran = () => ({ results: suite.results, coverage: suite.coverage, novelties: suite.novelty.list(), notes, stateless });
  let next = 0;
  try {
    for (; next < planned.length; next++) {
      const check = planned[next] as Check;
      if (!selected.includes(check)) {
        leaveOut(check);
        continue;
      }
      suite.check = check.name;
      if (stateless && check.needsState) {
        suite.skip(`${check.name}: ${check.description}`, check.needsState);
        continue;
      }
      await check.run(ctx);
    }
  } catch (error) {
    if (!(error instanceof CouldNotTest)) throw error;
    // Nothing more can be tested: every further case would wait for the same timeout or 401. The
    // checks left out after this one are still listed as skipped.
    for (const check of planned.slice(next + 1)) if (!selected.includes(check)) leaveOut(check);
    return { ...ran(), stopped: error.message };
  }
  const meaningFailed = suite.results.some(
    (r) =>
      r.problems.length > 0 &&
      ["paging", "sort-order", "filter-status", "filter-id", "filter-name", "limit", "defaults"].includes(r.check ?? ""),
  );
  if (!stateless && meaningFailed) notes.push(STATELESS_HINT);
  return ran();
}

/** Why a check is left out of the run: the flag that left it out, as given. */
function notSelectedReason(name: string, only: readonly string[] | undefined, excluded: readonly string[]): string {
  return excluded.includes(name)
    ? `not selected (--exclude-checks ${excluded.join(",")})`
    : `not selected (--checks ${(only ?? []).join(",")})`;
}
