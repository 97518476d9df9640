// The bookkeeping of a check run: cases with their requests, problems and timing; skipped cases
// with their reason; every exchange kept for coverage.
import type { Observation } from "./coverage.js";
import { CouldNotTest, send, type Answer, type Query, type Target } from "./http.js";
import { validateListEndpointServicesResponse } from "./index.js";

export interface CaseResult {
  name: string;
  /** The requests made, as method, path and query (no headers: credentials never appear). */
  requests: string[];
  status: number | undefined;
  problems: string[];
  ms: number;
  /** Set when the case did not run, with the reason. */
  skipped?: string;
}

export type CaseBody = (get: (query: Query) => Promise<Answer>, problems: string[]) => Promise<number | undefined>;

export class Suite {
  readonly results: CaseResult[] = [];
  readonly observations: Observation[] = [];
  constructor(readonly target: Target) {}

  get(query: Query, requests: string[] = []): Promise<Answer> {
    return send(this.target, query, requests, this.observations);
  }

  /** Runs one case; a CouldNotTest is recorded on the case, then rethrown to stop the run. */
  async run(name: string, body: CaseBody): Promise<void> {
    const started = performance.now();
    const requests: string[] = [];
    const problems: string[] = [];
    let status: number | undefined;
    try {
      status = await body((query) => this.get(query, requests), problems);
    } catch (error) {
      if (!(error instanceof CouldNotTest)) throw error;
      problems.push(error.message);
      this.results.push({ name, requests, status, problems, ms: performance.now() - started });
      throw error;
    }
    this.results.push({ name, requests, status, problems, ms: performance.now() - started });
  }

  skip(name: string, reason: string): void {
    this.results.push({ name, requests: [], status: undefined, problems: [], ms: 0, skipped: reason });
  }
}

/** An id no service has, UUID-shaped like the provider's, so a server that checks the form still answers 200. */
export const NO_SUCH_ID = "00000000-0000-4000-8000-00000000dead";

export const contractProblems = (answer: Answer): string[] =>
  validateListEndpointServicesResponse(answer.status, answer.headers, answer.text).errors.map((e) => `${e.path}: ${e.message}`);

export function expectStatus(answer: Answer, expected: number, problems: string[]): boolean {
  if (answer.status === expected) return true;
  problems.push(`status: expected ${expected}, got ${answer.status}`);
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
