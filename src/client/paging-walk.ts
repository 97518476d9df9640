// The walk of `paginate` (paging.ts), in a module of its own so browser bundles load it only when
// an app pages. It imports nothing: what it needs comes in as arguments, so the bundler does not
// split the modules it shares with the entry into chunks of their own.
import type { EndpointService, ListEndpointServicesQuery, ListEndpointServicesResponse } from "../document/types.js";

export type PagingQuery = Omit<ListEndpointServicesQuery, "limit" | "offset">;
export type FetchPage = (query: ListEndpointServicesQuery) => Promise<ListEndpointServicesResponse>;

/**
 * How many requests a walk may make: ceil(total_count of the first page × 1.1 / page size) + 2
 * (at least 1 before the margin: an empty list costs one request). A walk ends when `offset`
 * reaches `total_count`, so only a count that grows while the list is walked makes more requests;
 * the margin lets the list grow by a tenth plus two pages during one walk (services created while
 * paging), and stops a server whose count grows with every page, for ever.
 */
export const GROWTH_ALLOWED = 0.1;
export const PAGING_MARGIN = 2;

export interface WalkContext {
  /** VpcepConfigError, thrown for a query the walk cannot take. */
  ConfigError: new (
    message: string,
  ) => Error;
  /** Counts the requests as they are made. */
  counter: { requestCount: number };
  /** The typed error (VpcepPagingError) thrown for a walk that cannot end. */
  PagingError: new (
    message: string,
    requestCount: number,
    totalCount: number,
  ) => Error;
}

/**
 * Yields every matching service once. Stops when a page is short or `offset` reaches
 * `total_count`, so N services cost ceil(N / 1000) requests (one for an empty list). Services that
 * shift onto a later page while the list changes are recognised by `id` and not yielded again.
 * Stops with an error when the pages cannot end: a full page with no new `id` while `total_count`
 * says more remain, more requests than the first page's `total_count` allows (see PAGING_MARGIN),
 * or `maxPages` requests (the caller's bound: a first `total_count` of 10^12 is not trusted).
 */
export async function* walkPages(
  fetchPage: FetchPage,
  query: PagingQuery,
  { counter, PagingError, ConfigError }: WalkContext,
  pageSize: number,
  /** The most requests the caller allows, whatever the server's `total_count` says. */
  maxPages: number,
): AsyncGenerator<EndpointService> {
  if (typeof query !== "object" || query === null || Array.isArray(query)) throw new ConfigError("the query must be an object");
  for (const name of ["limit", "offset"] as const) {
    if ((query as Record<string, unknown>)[name] !== undefined) {
      throw new ConfigError(
        `the query of paginateEndpointServices and listAllEndpointServices must not hold ${name}: the walk sets limit and offset itself (pages of ${pageSize}); ` +
          "to bound the requests of a walk use the client's maxPages option; for one page of a size of your own call listEndpointServices({ limit, offset })",
      );
    }
  }
  const seen = new Set<string>();
  let allowed = 0;
  for (let offset = 0; ; ) {
    counter.requestCount++;
    const page = await fetchPage({ ...query, limit: pageSize, offset });
    let fresh = 0;
    for (const [index, service] of page.endpoint_services.entries()) {
      if (service === null || typeof service !== "object" || Array.isArray(service))
        throw new PagingError(
          `paging stopped: page ${counter.requestCount} (offset ${offset}): endpoint_services[${index}] is not an object`,
          counter.requestCount,
          page.total_count,
        );
      if (seen.has(service.id)) continue;
      seen.add(service.id);
      fresh++;
      yield service;
    }
    offset += page.endpoint_services.length;
    if (page.endpoint_services.length < pageSize || offset >= page.total_count) return;
    const { requestCount } = counter;
    if (requestCount === 1) allowed = Math.max(1, Math.ceil((page.total_count * (1 + GROWTH_ALLOWED)) / pageSize)) + PAGING_MARGIN;
    const more = `while total_count ${page.total_count} says more remain`;
    const why =
      fresh === 0
        ? `page ${requestCount} (offset ${offset - pageSize}) brought no id not seen before, ${more}; the server's pages cannot end`
        : requestCount >= maxPages
          ? `${requestCount} requests are the client's maxPages, ${more}; a longer list needs a larger maxPages`
          : requestCount >= allowed
            ? `${requestCount} requests are the most a list of the first page's count allows, grown by a tenth plus ${PAGING_MARGIN} pages while walked, ${more}; the server's pages cannot end`
            : undefined;
    if (why) throw new PagingError(`paging stopped: ${why}`, requestCount, page.total_count);
  }
}
