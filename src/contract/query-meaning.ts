// What two open points of the query mean, checked against a server that keeps state:
// - `limit=0`: the document allows exactly the answers its `x-limit-zero` lists (a 400 with
//   `EndPoint.0006`, or a 200 page with no services and the full `total_count`); anything else,
//   a page of 10 services among them, breaks "the maximum number of results on each page".
// - `server_type`: every returned service has the asked type, or the server ignored the filter
//   (the page equals the unfiltered one); both are correct, anything else is not.
import { queryParameters as queryParameterLimits } from "../document/facts.js";
import { maxPageSize } from "../document/operation.js";
import { contractProblems, expectStatus, servicesOf, totalOf, type Problems, type Service, type Suite } from "./suite.js";
import { errorCodeOf } from "./novelty.js";

/** A value of an open enumeration no version of the document lists: valid, never refused. */
export const UNLISTED_VALUE = "NOT-YET-KNOWN";

interface LimitZeroAnswer {
  status: number;
  error_code?: string;
  page_size?: number;
  total_count?: string;
}

/** The answers `limit=0` may get, from the document's `x-limit-zero` (none: the case is not run). */
export function limitZeroAnswers(): readonly LimitZeroAnswer[] {
  const limit = queryParameterLimits.limit as { limitZero?: readonly LimitZeroAnswer[] };
  return limit.limitZero ?? [];
}

const describe = (a: LimitZeroAnswer) =>
  a.status === 200
    ? `200 with ${a.page_size ?? 0} services${a.total_count === "all-matches" ? " and the full total_count" : ""}`
    : `${a.status}${a.error_code ? ` with ${a.error_code}` : ""}`;

export async function checkLimitZero(suite: Suite): Promise<void> {
  const allowed = limitZeroAnswers();
  if (allowed.length === 0) return;
  const name = `semantics: limit=0 is answered as the document allows (${allowed.map(describe).join(", or ")})`;
  await suite.run(name, async (get, problems) => {
    const before = totalOf(await get({}));
    const answer = await get({ limit: 0 });
    const expected = allowed.find((a) => a.status === answer.status);
    if (!expected) {
      problems.add("limit-zero", "status", `expected ${allowed.map(describe).join(" or ")}, got ${answer.status}`);
      if (answer.status === 200) pageProblems(answer, { status: 200, page_size: 0 }, before, undefined, problems);
      problems.addAll(contractProblems(answer));
      return answer.status;
    }
    problems.addAll(contractProblems(answer));
    if (expected.status >= 400) {
      const code = errorCodeOf(answer.body);
      if (expected.error_code && code !== expected.error_code)
        problems.add("limit-zero", "error_code", `expected ${expected.error_code} for limit=0, got ${code ?? "no error code"}`);
      return answer.status;
    }
    // The service may gain or lose a service between requests: the total of either side counts.
    const after = expected.total_count === "all-matches" ? totalOf(await get({})) : undefined;
    pageProblems(answer, expected, before, after, problems);
    return answer.status;
  });
}

function pageProblems(
  answer: Awaited<ReturnType<Suite["get"]>>,
  expected: LimitZeroAnswer,
  before: number | undefined,
  after: number | undefined,
  problems: Problems,
) {
  const count = servicesOf(answer).length;
  const size = expected.page_size ?? 0;
  if (count > size)
    problems.add("limit-zero", "endpoint_services", `${count} services for limit=0: a page holds at most limit (${size}) services`);
  if (expected.total_count !== "all-matches") return;
  const total = totalOf(answer);
  const full = [...new Set([before, after].filter((t): t is number => t !== undefined))];
  if (total !== undefined && full.length > 0 && !full.includes(total))
    problems.add(
      "limit-zero",
      "total_count",
      `${total} for limit=0, but the request without limit counts ${full.join(" (then ")}${full.length > 1 ? ")" : ""}`,
    );
}

const ids = (services: readonly Service[]) => services.map((s) => String(s.id));
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/**
 * `server_type=<value>`: honoured (only services of that type; total_count counts them when the
 * listing is whole) or ignored (the unfiltered page). Run with a type the listing has, and with a
 * value no version lists (honoured: no services).
 */
export async function checkServerTypeFilter(suite: Suite, pageSize: number = maxPageSize): Promise<void> {
  const parameter = queryParameterLimits.server_type as { known?: readonly string[] } | undefined;
  if (!parameter) return;
  const base = { sort_key: "create_at", sort_dir: "asc", limit: pageSize } as const;
  const name = "semantics: server_type returns only services of that type, or is ignored (the unfiltered page)";
  await suite.run(name, async (get, problems) => {
    const listing = await get(base);
    if (!expectStatus(listing, 200, problems)) return listing.status;
    const all = servicesOf(listing);
    const seen = all.map((s) => (s as { server_type?: unknown }).server_type).find((t): t is string => typeof t === "string");
    let status: number | undefined = listing.status;
    for (const value of [seen ?? parameter.known?.[0] ?? "VM", UNLISTED_VALUE]) {
      const answer = await get({ ...base, server_type: value });
      status = answer.status;
      if (!expectStatus(answer, 200, problems)) continue;
      problems.addAll(contractProblems(answer));
      const found = servicesOf(answer);
      const other = found.findIndex((s) => (s as { server_type?: unknown }).server_type !== value);
      if (other === -1) {
        const matching = all.filter((s) => (s as { server_type?: unknown }).server_type === value).length;
        const whole = totalOf(listing) === all.length;
        if (whole && totalOf(answer) !== matching && !sameList(ids(found), ids(all)))
          problems.add("filter-server-type", "total_count", `${String(totalOf(answer))}, but ${matching} listed services are ${value}`);
        continue;
      }
      const ignored = sameList(ids(found), ids(all)) && totalOf(answer) === totalOf(listing);
      if (!ignored)
        problems.add(
          "filter-server-type",
          `endpoint_services[${other}].server_type`,
          `${JSON.stringify((found[other] as { server_type?: unknown }).server_type)} in an answer to server_type=${value}, and the page is not the unfiltered one (a server that ignores the filter answers that)`,
        );
    }
    return status;
  });
}
