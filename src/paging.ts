// Walks every page of the list by `offset`, with the largest `limit` the service allows.
import { VpcepPagingError } from "./errors.js";
import type { EndpointService, ListEndpointServicesQuery, ListEndpointServicesResponse } from "./types.js";

/** The most services one page may hold (`limit` maximum). */
export const MAX_PAGE_SIZE = 1000;

export type PagingQuery = Omit<ListEndpointServicesQuery, "limit" | "offset">;

export interface EndpointServicePages extends AsyncIterable<EndpointService> {
  /** How many requests the walk has made so far. */
  readonly requestCount: number;
}

type FetchPage = (query: ListEndpointServicesQuery) => Promise<ListEndpointServicesResponse>;

/**
 * Requests a walk may make beyond ceil(total_count / 1000) (at least 1, for an empty list): a
 * list that gains services while it is walked can need one page more than the count seen, and
 * one more is kept for a server whose count lags its pages by one.
 */
export const PAGING_MARGIN = 2;

/**
 * Yields every matching service once. Stops when a page is short or `offset` reaches
 * `total_count`, so N services cost ceil(N / 1000) requests (one for an empty list). Services that
 * shift onto a later page while the list changes are recognised by `id` and not yielded again.
 * Throws `VpcepPagingError` when the pages cannot end: a full page with no new `id` while
 * `total_count` says more remain, or a request beyond ceil(total_count / 1000) + PAGING_MARGIN.
 */
export function paginate(fetchPage: FetchPage, query: PagingQuery = {}): EndpointServicePages {
  let requestCount = 0;
  async function* walk(): AsyncGenerator<EndpointService> {
    const seen = new Set<string>();
    let largestTotal = 0;
    for (let offset = 0; ; ) {
      requestCount++;
      const page = await fetchPage({ ...query, limit: MAX_PAGE_SIZE, offset });
      let fresh = 0;
      for (const service of page.endpoint_services) {
        if (seen.has(service.id)) continue;
        seen.add(service.id);
        fresh++;
        yield service;
      }
      offset += page.endpoint_services.length;
      if (page.endpoint_services.length < MAX_PAGE_SIZE || offset >= page.total_count) return;
      largestTotal = Math.max(largestTotal, page.total_count);
      const allowed = Math.max(1, Math.ceil(largestTotal / MAX_PAGE_SIZE)) + PAGING_MARGIN;
      const stop =
        fresh === 0
          ? `page ${requestCount} (offset ${offset - page.endpoint_services.length}) brought no service not seen before while total_count (${page.total_count}) says more remain`
          : requestCount >= allowed
            ? `${requestCount} requests reached what total_count (${largestTotal}) allows: ceil(${largestTotal} / ${MAX_PAGE_SIZE}) + ${PAGING_MARGIN}`
            : undefined;
      if (stop) throw new VpcepPagingError(`paging stopped: ${stop}; the server's pages cannot end`, requestCount, page.total_count);
    }
  }
  return {
    get requestCount() {
      return requestCount;
    },
    [Symbol.asyncIterator]: walk,
  };
}
