// Walks every page of the list by `offset`, with the largest `limit` the service allows. The walk
// itself (paging-walk.ts) is loaded when iteration starts: browser bundles of apps that never page
// do not carry it.
import { maxPageSize } from "../document/operation.js";
import { VpcepConfigError, VpcepNetworkError, VpcepPagingError } from "./errors.js";
import type { EndpointService } from "../document/types.js";
import type { FetchPage, PagingQuery } from "./paging-walk.js";

/** The most services one page may hold (`limit` maximum). */
export const MAX_PAGE_SIZE = maxPageSize;

export type { FetchPage, PagingQuery };

export interface EndpointServicePages extends AsyncIterable<EndpointService> {
  /** How many requests the walk has made so far. */
  readonly requestCount: number;
}

/**
 * Yields every matching service once (see `walkPages`): N services cost ceil(N / 1000) requests.
 * Throws `VpcepConfigError` for a query that is not an object or holds `limit` or `offset` (the walk
 * sets them), `VpcepPagingError` when the server's pages cannot end or the walk would need more than
 * `maxPages` requests; `VpcepNetworkError` when the
 * walk's code cannot load (a browser offline).
 */
export function paginate(fetchPage: FetchPage, query: PagingQuery = {}, maxPages: number): EndpointServicePages {
  const counter = { requestCount: 0 };
  return {
    get requestCount() {
      return counter.requestCount;
    },
    async *[Symbol.asyncIterator]() {
      const { walkPages } = await import("./paging-walk.js").catch((error: unknown) => {
        throw new VpcepNetworkError("GET", "(the paging code of vpcep-openapi)", error);
      });
      yield* walkPages(
        fetchPage,
        query,
        { counter, PagingError: VpcepPagingError, ConfigError: VpcepConfigError },
        MAX_PAGE_SIZE,
        maxPages,
      );
    },
  };
}
