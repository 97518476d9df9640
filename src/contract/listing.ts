// Walking the list page by page, keeping of each service only what the meaning checks compare (its
// id, name, status, type and times), never the pages themselves: the baseline of a run with 100,000
// services holds a few MiB. The baseline is the whole listing in creation order, walked with the
// smallest pages that still see it whole within the page cap; a case that needs it and cannot have
// it is not run, with the reason, rather than failed.
import { maxPageSize } from "../document/operation.js";
import { timestampMs } from "../floor/timestamps.js";
import { CaseNotRun, type Answer, type Query, type SendOptions } from "./http.js";
import { contractProblems, expectStatus, servicesOf, totalOf, type Problems, type Service } from "./suite.js";

/** What the meaning checks read of a service. */
export interface Listed {
  id: string;
  name: unknown;
  status: unknown;
  serverType: unknown;
  /** `created_at` and `updated_at` as epoch ms (undefined when absent or not a timestamp). */
  created: number | undefined;
  updated: number | undefined;
}

export const listed = (service: Service): Listed => {
  const updated = service.updated_at ?? service.update_at;
  return {
    id: String(service.id),
    name: service.service_name,
    status: service.status,
    serverType: (service as { server_type?: unknown }).server_type,
    created: typeof service.created_at === "string" ? timestampMs(service.created_at) : undefined,
    updated: typeof updated === "string" ? timestampMs(updated) : undefined,
  };
};

export type Get = (query: Query, options?: SendOptions) => Promise<Answer>;

export interface Walk {
  /** Every service seen, in order, with the page it was on (1-based). */
  services: (Listed & { page: number })[];
  totals: (number | undefined)[];
  status: number | undefined;
  /** Every page answered 200. */
  answered: boolean;
  /** Stopped at the page cap before the end of the list. */
  capped: boolean;
}

/** Walks pages of `size` with the query; stops at a short page, at total_count or after maxPages. */
export async function walk(get: Get, query: Query, size: number, maxPages: number, problems: Problems): Promise<Walk> {
  const services: Walk["services"] = [];
  const totals: (number | undefined)[] = [];
  let status: number | undefined;
  let ended = false;
  let answered = true;
  for (let n = 0; n < maxPages && !ended; n++) {
    const answer = await get({ ...query, limit: size, offset: n * size });
    status = answer.status;
    if (!expectStatus(answer, 200, problems)) {
      answered = false;
      break;
    }
    problems.addAll(contractProblems(answer), `page ${n + 1}`);
    const page = servicesOf(answer);
    for (const service of page) services.push({ ...listed(service), page: n + 1 });
    totals.push(totalOf(answer));
    const total = totals[0];
    ended = page.length < size || total === undefined || (n + 1) * size >= total;
  }
  return { services, totals, status, answered, capped: answered && totals.length === maxPages && !ended };
}

/** The smallest page (at least 2) with which `total` services fit in `maxPages` pages, up to the largest page. */
export const pageSizeFor = (total: number, maxPages: number) => Math.min(maxPageSize, Math.max(2, Math.ceil(total / maxPages)));

/** The case could not see every page: not run (after the problems the pages it saw showed). */
export function stopAtCap(walked: Walk, maxPages: number, size: number): void {
  if (walked.capped) throw new CaseNotRun(capReason(maxPages, size, walked.totals[0]));
}

const capReason = (maxPages: number, size: number, total: number | undefined) =>
  `stopped at the page cap (${maxPages} pages of ${size}) before the end of the list (total_count ${String(total)}); the rest was not seen`;

/** Paging problems of a walk: a service on two pages, a total_count that changes. */
export function pagingProblems(walked: Walk, problems: Problems): void {
  walked.totals.forEach((total, n) => {
    if (n > 0 && total !== walked.totals[0])
      problems.add("total-count-stable", "total_count", `changed from ${String(walked.totals[0])} to ${String(total)} on page ${n + 1}`);
  });
  const seenOn = new Map<string, number>();
  for (const { id, page } of walked.services) {
    const earlier = seenOn.get(id);
    if (earlier !== undefined) problems.add("pages-disjoint", `id ${id}`, `on page ${earlier} and again on page ${page}`);
    else seenOn.set(id, page);
  }
}

/** The whole listing, or why it could not be had. */
export type Baseline = { services: Listed[]; size: number } | { reason: string; capped?: true };

/**
 * Walks the listing in creation order (oldest first) and judges it as the `paging` check: pages
 * disjoint, total_count stable and equal to the services seen. The baseline is had only when all of
 * that holds.
 */
export async function walkBaseline(get: Get, maxPages: number, problems: Problems): Promise<Baseline> {
  const order = { sort_key: "create_at", sort_dir: "asc" } as const;
  const first = await get({ ...order, limit: 2 });
  if (!expectStatus(first, 200, problems)) return { reason: `the first page answered ${first.status}` };
  const total = totalOf(first);
  if (total === undefined) return { reason: "the first page has no total_count" };
  const size = pageSizeFor(total, maxPages);
  const walked = await walk(get, order, size, maxPages, problems);
  pagingProblems(walked, problems);
  if (!walked.answered) return { reason: `a page of the listing answered ${String(walked.status)}` };
  if (walked.capped) return { reason: capReason(maxPages, size, walked.totals[0]), capped: true };
  const distinct = new Set(walked.services.map((s) => s.id)).size;
  if (distinct !== walked.services.length) return { reason: "a service is on two pages of the listing" };
  if (walked.totals.some((t) => t !== walked.totals[0])) return { reason: "total_count changed from page to page" };
  if (walked.totals[0] !== distinct) {
    problems.add(
      "pages-complete",
      "pages",
      `the pages hold ${distinct} services, but total_count is ${String(walked.totals[0])} (page size ${size}, ${walked.totals.length} pages)`,
    );
    return { reason: `the pages hold ${distinct} services, but total_count is ${String(walked.totals[0])}` };
  }
  // The end the walk stopped at must be the end: nothing past total_count (a total_count that counts the page, not the matches, shows here).
  const past = await get({ ...order, limit: size, offset: distinct });
  if (past.status === 200 && servicesOf(past).length > 0) {
    problems.add("pages-complete", "pages", `${servicesOf(past).length} services at offset=${distinct}, past total_count ${distinct}`);
    return { reason: `there are services past total_count (${distinct})` };
  }
  return { services: walked.services.map(({ page: _page, ...service }) => service), size };
}
