// The bookkeeping of a check run: cases with their requests, problems and timing; skipped cases
// with their reason; every exchange folded into coverage (no answer is kept past its case).
import { CoverageCollector } from "./coverage.js";
import { CaseNotRun, CouldNotTest, deadlineReason, send, type Answer, type Query, type SendOptions, type Target } from "./http.js";
import { validateListEndpointServicesResponse } from "../document/validators.js";
import { NoveltyCollector } from "./novelty.js";
import { createRedactor } from "../floor/redact.js";
import { checkOfError, problemRequest, problemText, Problems, type CheckName, type Problem } from "./problems.js";

export { CHECKS, problemText, Problems, type CheckName, type Problem, type ProblemRequest } from "./problems.js";

export interface CaseResult {
  name: string;
  /** The check (a unit `--checks` selects, `--list-checks` lists) the case belongs to. */
  check?: string;
  /** The requests made, as method, path and query (no headers: credentials never appear). */
  requests: string[];
  status: number | undefined;
  /** The problems as lines for people (`problemText` of each of `failures`). */
  problems: string[];
  /** The problems as records: the check's name, the JSON path, the message and the request. */
  failures?: Problem[];
  ms: number;
  /** Set when the case did not run, with the reason. */
  skipped?: string;
  /** How a passing case passed when that is worth saying (`refused as documented: …`). */
  note?: string;
  /**
   * Set when the case started but could not be completed (a redirect, an answer past the size or
   * depth limit, the page cap), with the reason: neither passed nor skipped. Problems it found
   * before it stopped are still violations.
   */
  notRun?: string;
}

export type CaseBody = (get: (query: Query, options?: SendOptions) => Promise<Answer>, problems: Problems) => Promise<number | undefined>;

export class Suite {
  readonly results: CaseResult[] = [];
  readonly coverage = new CoverageCollector();
  /** The check the cases run now belong to (`checks.ts` sets it before each check). */
  check: string | undefined;
  /** What the answers hold that the document does not describe (`novelty.ts`). */
  readonly novelty: NoveltyCollector;
  constructor(readonly target: Target) {
    this.novelty = new NoveltyCollector(createRedactor(target.auth ? Object.values(target.auth) : []));
  }

  /** `where` names the case for the novelty report (default: the request). */
  async get(query: Query, requests: string[] = [], where?: string, options?: SendOptions): Promise<Answer> {
    const answer = await send(this.target, query, requests, this.coverage, options);
    const request = answer.request ? problemRequest(answer.request) : undefined;
    const shown = request ? `${request.method} ${request.url}` : undefined;
    this.novelty.add({
      where: where ?? shown ?? "",
      ...(shown ? { request: shown } : {}),
      status: answer.status,
      headers: answer.headers,
      body: answer.body,
    });
    return answer;
  }

  /** Runs one case; a CouldNotTest leaves the case not run with the reason, then is rethrown to stop the run. */
  async run(name: string, body: CaseBody): Promise<void> {
    const started = performance.now();
    const requests: string[] = [];
    const problems = new Problems(() => requests.at(-1));
    let status: number | undefined;
    let notRun: string | undefined;
    const check = this.check;
    const record = () =>
      this.results.push({
        name,
        ...(check === undefined ? {} : { check }),
        requests,
        status,
        problems: problems.all().map(problemText),
        failures: problems.all(),
        ms: performance.now() - started,
        ...(notRun === undefined ? {} : { notRun }),
      });
    if (this.target.deadline !== undefined && Date.now() >= this.target.deadline) {
      notRun = deadlineReason(this.target);
      return void record();
    }
    try {
      status = await body((query, options) => this.get(query, requests, name, options), problems);
    } catch (error) {
      if (error instanceof CaseNotRun) {
        notRun = error.message;
        return void record();
      }
      if (!(error instanceof CouldNotTest)) throw error;
      // The case could not be tested (no answer, credentials refused): not run, never failed or passed.
      notRun = error.message;
      record();
      throw error;
    }
    record();
  }

  /** A case declared skipped (`--stateless`, `--open`), with the reason. */
  skip(name: string, reason: string): void {
    this.unrun(name, { skipped: reason });
  }

  /** A case that cannot run (its baseline could not be had, the deadline passed): not run, with the reason. */
  notRun(name: string, reason: string): void {
    this.unrun(name, { notRun: reason });
  }

  private unrun(name: string, outcome: { skipped: string } | { notRun: string }): void {
    const check = this.check;
    this.results.push({
      name,
      ...(check === undefined ? {} : { check }),
      requests: [],
      status: undefined,
      problems: [],
      ms: 0,
      ...outcome,
    });
  }
}

/** An id no service has, UUID-shaped like the provider's, so a server that checks the form still answers 200. */
export const NO_SUCH_ID = "00000000-0000-4000-8000-00000000dead";

/** What the document says is wrong with an answer: status, content type, body. */
export const contractProblems = (answer: Answer): Problem[] =>
  validateListEndpointServicesResponse(answer.status, answer.headers, answer.text).errors.map((e) => ({
    check: checkOfError(e),
    path: e.path,
    message: e.message,
    ...(answer.request ? { request: problemRequest(answer.request) } : {}),
  }));

export function expectStatus(answer: Answer, expected: number, problems: Problems, check: CheckName = "status-expected"): boolean {
  if (answer.status === expected) return true;
  problems.add(check, "status", `expected ${expected}, got ${answer.status}`, answer.request ? { request: answer.request } : {});
  return false;
}

export interface Service {
  id?: unknown;
  service_name?: unknown;
  status?: unknown;
  created_at?: unknown;
  updated_at?: unknown;
  update_at?: unknown;
}

export const servicesOf = (answer: Answer): Service[] => {
  const list = (answer.body as { endpoint_services?: unknown } | null)?.endpoint_services;
  return Array.isArray(list) ? (list as Service[]) : [];
};

export const totalOf = (answer: Answer): number | undefined => {
  const total = (answer.body as { total_count?: unknown } | null)?.total_count;
  return typeof total === "number" ? total : undefined;
};
