// The walk of `paginate` (paging.ts), in a module of its own so browser bundles load it only when
// an app pages. It imports nothing: what it needs comes in as arguments, so the bundler does not
// split the modules it shares with the entry into chunks of their own.
import type { EndpointService } from "./types.js";
import type { FetchPage, PagingQuery } from "./paging.js";

/**
 * Requests a walk may make beyond ceil(total_count / page size), itself at least 1 (an empty list
 * costs one request): a list that gains services while it is walked can need one page more than
 * the largest count seen so far, and one more is kept for a server whose count lags its pages.
 */
export const PAGING_MARGIN = 2;

export interface WalkContext {
  pageSize: number;
  /** Counts the requests as they are made. */
  counter: { requestCount: number };
  /** Throws the typed error (VpcepPagingError) for a walk that cannot end. */
  stop(reason: string, requestCount: number, totalCount: number): never;
}

/**
 * Yields every matching service once. Stops when a page is short or `offset` reaches
 * `total_count`, so N services cost ceil(N / 1000) requests (one for an empty list). Services that
 * shift onto a later page while the list changes are recognised by `id` and not yielded again.
 * Stops with an error when the pages cannot end: a full page with no new `id` while `total_count`
 * says more remain, or a request beyond ceil(total_count / 1000) + PAGING_MARGIN.
 */
export async function* walkPages(fetchPage: FetchPage, query: PagingQuery, { pageSize, counter, stop }: WalkContext): AsyncGenerator<EndpointService> {
  const seen = new Set<string>();
  let largestTotal = 0;
  for (let offset = 0; ; ) {
    counter.requestCount++;
    const page = await fetchPage({ ...query, limit: pageSize, offset });
    let fresh = 0;
    for (const service of page.endpoint_services) {
      if (seen.has(service.id)) continue;
      seen.add(service.id);
      fresh++;
      yield service;
    }
    offset += page.endpoint_services.length;
    if (page.endpoint_services.length < pageSize || offset >= page.total_count) return;
    largestTotal = Math.max(largestTotal, page.total_count);
    const allowed = Math.max(1, Math.ceil(largestTotal / pageSize)) + PAGING_MARGIN;
    const { requestCount } = counter;
    if (fresh === 0) stop(`page ${requestCount} (offset ${offset - pageSize}) brought no id not seen before`, requestCount, page.total_count);
    if (requestCount >= allowed) {
      stop(`${requestCount} requests are the most that total_count ${largestTotal} allows, ceil(${largestTotal} / ${pageSize}) + ${PAGING_MARGIN}`, requestCount, page.total_count);
    }
  }
}
