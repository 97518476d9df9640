// The suite `vpcep-contract check` runs against a live server, derived from the document: valid
// requests covering every enum value, the boundaries of limit and offset, the meaning of every
// parameter (against a server that keeps state), invalid requests that must be refused with the
// documented 400 body, and optionally generated requests. Every answer's status, headers and body
// are validated.
import { queryParameters, type QueryParameterConstraints } from "../../generated/contract-validators.js";
import type { Observation } from "./coverage.js";
import type { Novelty } from "./novelty.js";
import { CaseNotRun, CouldNotTest, type Target } from "./http.js";
import { UNLISTED_VALUE } from "./query-meaning.js";
import { runSemantics } from "./semantics.js";
import { contractProblems, expectStatus, NO_SUCH_ID, servicesOf, Suite, totalOf, type CaseResult, type Problems } from "./suite.js";

export type { CaseResult, CheckName, Problem, ProblemRequest } from "./suite.js";
export type { Credentials } from "./http.js";

export interface CheckOptions extends Target {
  /** Pages walked at most by the paging cases. */
  maxPages?: number;
  /**
   * `stateless` (declared, e.g. Prism): the cases that need state are skipped with a note.
   * `stateful`: they always run. `auto` (default): a probe decides.
   */
  state?: "auto" | "stateful" | "stateless";
  /** Generated requests (`--fuzz N --seed S`). */
  fuzz?: { runs: number; seed: number };
}

export interface CheckRun {
  results: CaseResult[];
  observations: Observation[];
  /** What the answers held that the document does not describe (never a failure by itself). */
  novelties: Novelty[];
  notes: string[];
  /** Set when the run stopped early and nothing more could be tested (exit code 3). */
  stopped?: string;
  stateless: boolean;
}

/** Ask for an id no service has, one at most: a server that answers with other services keeps no state. */
async function looksStateless(suite: Suite): Promise<string | undefined> {
  let answer;
  try {
    answer = await suite.get({ id: NO_SUCH_ID, limit: 1 });
  } catch (error) {
    if (error instanceof CaseNotRun) return undefined; // the probe could not tell; the cases say why
    throw error;
  }
  const services = servicesOf(answer);
  if (answer.status !== 200 || services.length === 0) return undefined;
  return `GET ?id=${NO_SUCH_ID}&limit=1 answered with ${services.length} service(s) (${services.map((s) => String(s.id)).join(", ")})`;
}

const ran = (suite: Suite) => ({ results: suite.results, observations: suite.observations, novelties: suite.novelty.list() });

export async function runCheck(options: CheckOptions): Promise<CheckRun> {
  const suite = new Suite(options);
  const notes: string[] = [];
  const maxPages = options.maxPages ?? 25;
  let stateless = options.state === "stateless";

  async function valid(name: string, query: Record<string, string | number>, extra?: (services: number, problems: Problems) => void) {
    await suite.run(name, async (get, problems) => {
      const answer = await get(query);
      if (expectStatus(answer, 200, problems)) extra?.(servicesOf(answer).length, problems);
      problems.addAll(contractProblems(answer));
      return answer.status;
    });
  }

  async function refused(name: string, query: Record<string, string | number>) {
    await suite.run(name, async (get, problems) => {
      const answer = await get(query);
      expectStatus(answer, 400, problems);
      if (answer.status >= 400) problems.addAll(contractProblems(answer));
      return answer.status;
    });
  }

  const enums = queryParameters.filter((p): p is QueryParameterConstraints & { enum: string[] } => Array.isArray(p.enum));
  const integer = (name: string) => queryParameters.find((p) => p.name === name && p.type === "integer");
  const needsState = (name: string, body: () => Promise<void>) =>
    stateless ? Promise.resolve(suite.skip(name, "needs a server that keeps state")) : body();

  try {
    await valid("valid: no parameters", {});
    if (options.state === undefined || options.state === "auto") {
      const evidence = await looksStateless(suite);
      if (evidence) {
        stateless = true;
        notes.push(
          `note: the server looks stateless (${evidence}); the cases that need state are skipped. Pass --stateful to run them anyway.`,
        );
      }
    } else if (stateless) notes.push("note: --stateless: the cases that need state are skipped.");

    for (const parameter of enums) {
      for (const value of parameter.enum) await valid(`valid: ${parameter.name}=${value}`, { [parameter.name]: value });
    }
    // The document's example value of the one free-text filter the other cases do not send.
    if (queryParameters.some((p) => p.name === "public_border_group"))
      await valid("valid: public_border_group=center", { public_border_group: "center" });
    // An open enumeration (`known`, never `enum`): a known value and one no version lists are both
    // valid, never refused; what the filter means (honoured or ignored) is a semantics case.
    for (const parameter of queryParameters.filter((p) => p.known?.length)) {
      await valid(`valid: ${parameter.name}=${parameter.known![0]}`, { [parameter.name]: parameter.known![0]! });
      await valid(`valid: ${parameter.name}=${UNLISTED_VALUE} (open enumeration: a value no version lists)`, {
        [parameter.name]: UNLISTED_VALUE,
      });
    }
    const limit = integer("limit");
    const offset = integer("offset");
    if (limit?.minimum !== undefined) await valid(`boundary: limit=${limit.minimum} (minimum)`, { limit: limit.minimum });
    await needsState("boundary: limit=1 holds at most one service", () =>
      valid("boundary: limit=1 holds at most one service", { limit: 1 }, (count, problems) => {
        if (count > 1) problems.add("limit-respected", "endpoint_services", `${count} services for limit=1`);
      }),
    );
    if (limit?.maximum !== undefined) await valid(`boundary: limit=${limit.maximum} (maximum)`, { limit: limit.maximum });
    if (offset?.minimum !== undefined) await valid(`boundary: offset=${offset.minimum} (minimum)`, { offset: offset.minimum });
    await needsState("boundary: offset=total_count gives an empty page", () =>
      suite.run("boundary: offset=total_count gives an empty page", async (get, problems) => {
        const first = await get({ limit: 1 });
        const total = totalOf(first);
        if (first.status !== 200 || total === undefined) {
          problems.add("offset-at-end", "total_count", "unavailable, cannot test (the first page failed)");
          return first.status;
        }
        const end = await get({ offset: total, limit: 10 });
        if (expectStatus(end, 200, problems) && servicesOf(end).length !== 0)
          problems.add("offset-at-end", "endpoint_services", `${servicesOf(end).length} services at offset=${total}, expected none`);
        problems.addAll(contractProblems(end));
        return end.status;
      }),
    );
    if (stateless) {
      suite.skip("semantics: filters, sorting, limit, total_count, paging", "needs a server that keeps state");
    } else await runSemantics(suite, maxPages);

    if (limit?.maximum !== undefined)
      await refused(`invalid: limit=${limit.maximum + 1} is refused with 400`, { limit: limit.maximum + 1 });
    if (limit?.minimum !== undefined)
      await refused(`invalid: limit=${limit.minimum - 1} is refused with 400`, { limit: limit.minimum - 1 });
    await refused("invalid: limit=ten is refused with 400", { limit: "ten" });
    if (offset?.minimum !== undefined)
      await refused(`invalid: offset=${offset.minimum - 1} is refused with 400`, { offset: offset.minimum - 1 });
    for (const parameter of enums)
      await refused(`invalid: ${parameter.name}=not-a-${parameter.name} is refused with 400`, {
        [parameter.name]: `not-a-${parameter.name}`,
      });
    for (const parameter of queryParameters.filter((p) => p.maxLength !== undefined)) {
      await valid(`boundary: ${parameter.name} of ${parameter.maxLength} characters (maximum)`, {
        [parameter.name]: "n".repeat(parameter.maxLength!),
      });
      await refused(`invalid: ${parameter.name} of ${parameter.maxLength! + 1} characters is refused with 400`, {
        [parameter.name]: "n".repeat(parameter.maxLength! + 1),
      });
    }
    if (options.fuzz) {
      const { runFuzz } = await import("./fuzz.js");
      await runFuzz(suite, options.fuzz);
    }
  } catch (error) {
    if (!(error instanceof CouldNotTest)) throw error;
    // Nothing more can be tested: every further case would wait for the same timeout or 401.
    return { ...ran(suite), notes, stopped: error.message, stateless };
  }
  return { ...ran(suite), notes, stateless };
}
