// Walks every page of the list by `offset`, with the largest `limit` the service allows.
import { maxPageSize } from "../generated/operations.js";
import type { EndpointService, ListEndpointServicesQuery, ListEndpointServicesResponse } from "./types.js";

/** The most services one page may hold (`limit` maximum). */
export const MAX_PAGE_SIZE = maxPageSize;

export type PagingQuery = Omit<ListEndpointServicesQuery, "limit" | "offset">;

export interface EndpointServicePages extends AsyncIterable<EndpointService> {
  /** How many requests the walk has made so far. */
  readonly requestCount: number;
}

type FetchPage = (query: ListEndpointServicesQuery) => Promise<ListEndpointServicesResponse>;

/**
 * Yields every matching service once. Stops when a page is short or `offset` reaches
 * `total_count`, so N services cost ceil(N / 1000) requests (one for an empty list). Services that
 * shift onto a later page while the list changes are recognised by `id` and not yielded again.
 */
export function paginate(fetchPage: FetchPage, query: PagingQuery = {}): EndpointServicePages {
  let requestCount = 0;
  async function* walk(): AsyncGenerator<EndpointService> {
    const seen = new Set<string>();
    for (let offset = 0; ; ) {
      requestCount++;
      const page = await fetchPage({ ...query, limit: MAX_PAGE_SIZE, offset });
      for (const service of page.endpoint_services) {
        if (seen.has(service.id)) continue;
        seen.add(service.id);
        yield service;
      }
      offset += page.endpoint_services.length;
      if (page.endpoint_services.length < MAX_PAGE_SIZE || offset >= page.total_count) return;
    }
  }
  return {
    get requestCount() {
      return requestCount;
    },
    [Symbol.asyncIterator]: walk,
  };
}
