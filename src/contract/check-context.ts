// What every check is given: the suite that runs and records its cases, the run's options, and the
// baseline listing (walked once, by the `paging` check or by the first check that needs it). The
// shapes of a case that sends one valid or one invalid request live here too.
import { errorBodies } from "../document/facts.js";
import { invalidParameter } from "../document/refusals.js";
import { CaseNotRun, CouldNotTest } from "./http.js";
import { type Baseline, type Get, walkBaseline } from "./listing.js";
import { errorCodeOf } from "./novelty.js";
import { Problems } from "./problems.js";
import { contractProblems, expectStatus, servicesOf, type Suite } from "./suite.js";

export interface ContextOptions {
  /** Pages walked at most by one walk of the list. */
  maxPages: number;
  /** `--open`: the server is open by design; the authentication checks are skipped. */
  open: boolean;
  /** `--stateless`: an example server (Prism) answers a refusal with the document's example, whatever the parameter. */
  stateless: boolean;
  fuzz?: { runs: number; seed: number };
}

export class CheckContext {
  private listing: Promise<Baseline> | undefined;
  constructor(
    readonly suite: Suite,
    readonly options: ContextOptions,
  ) {}

  /** Walks the baseline within the case running now (its requests and paging problems are that case's). */
  walkBaseline(get: Get, problems: Problems): Promise<Baseline> {
    this.listing ??= walkBaseline(get, this.options.maxPages, problems).catch((error: unknown) => {
      if (error instanceof CaseNotRun && !(error instanceof CouldNotTest)) return { reason: error.message };
      throw error;
    });
    return this.listing;
  }

  /** The baseline, walked now (outside any case) when no check walked it yet. */
  baseline(): Promise<Baseline> {
    return this.walkBaseline((query, options) => this.suite.get(query, [], "the baseline listing", options), new Problems());
  }

  /** A case that compares with the baseline: not run, with the reason, when it could not be had. */
  async withBaseline(
    name: string,
    body: (get: Get, problems: Problems, baseline: Extract<Baseline, { services: unknown }>) => Promise<number | undefined>,
  ) {
    const baseline = await this.baseline();
    if ("reason" in baseline) return this.suite.notRun(name, `needs the listing as a baseline, which could not be had: ${baseline.reason}`);
    await this.suite.run(name, (get, problems) => body(get, problems, baseline));
  }

  /**
   * A case that judges what it can without the baseline and the rest with it: without the baseline,
   * its problems still fail it, and when it found none it is not run, with the reason.
   */
  async partlyWithBaseline(
    name: string,
    body: (get: Get, problems: Problems, baseline: Extract<Baseline, { services: unknown }> | undefined) => Promise<number | undefined>,
  ) {
    const baseline = await this.baseline();
    await this.suite.run(name, async (get, problems) => {
      if (!("reason" in baseline)) return body(get, problems, baseline);
      await body(get, problems, undefined);
      throw new CaseNotRun(`needs the listing as a baseline for the rest, which could not be had: ${baseline.reason}`);
    });
  }

  /** A valid request: 200 and a valid page; `extra` judges what it means. */
  valid(name: string, query: Record<string, string | number>, extra?: (services: number, problems: Problems) => void) {
    return this.suite.run(name, async (get, problems) => {
      const answer = await get(query);
      if (expectStatus(answer, 200, problems)) extra?.(servicesOf(answer).length, problems);
      problems.addAll(contractProblems(answer));
      return answer.status;
    });
  }

  /** An invalid request: 400, a valid error body, and the code the document names for the refused parameter. */
  refused(name: string, query: Record<string, string | number>, parameter: string) {
    return this.suite.run(name, async (get, problems) => {
      const answer = await get(query);
      expectStatus(answer, 400, problems);
      if (answer.status < 400) return answer.status;
      problems.addAll(contractProblems(answer));
      const expected = refusalCode(parameter);
      const code = errorCodeOf(answer.body);
      if (answer.status === 400 && code !== expected && !this.options.stateless)
        problems.add("error-code", "error_code", `expected ${expected} for an invalid ${parameter}, got ${code ?? "no error code"}`);
      return answer.status;
    });
  }
}

/** The documented 400 code for an invalid value of `parameter` (`EndPoint.0002` for the parameters without their own). */
export const refusalCode = (parameter: string): string =>
  errorCodeOf(invalidParameter(`query.${parameter}`)) ?? errorBodies["EndPoint.0002"].error_code;
