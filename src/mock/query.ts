// The query of a list request: refused with the documented 400 when the document refuses it, else
// read into the store's page query with the document's defaults.
import { queryParameterLimits } from "../../generated/document-facts.js";
import { validateListEndpointServicesRequest } from "../contract/index.js";
import { type Outcome, proceed, stop } from "./exchange.js";
import { invalidParameter } from "./refusals.js";
import type { PageQuery, SortDir, SortKey } from "./store.js";

/** The step: a 400 with the documented code of the first parameter the document refuses, or go on. */
export function refuseInvalidQuery(url: URL): Outcome<void> {
  const request = validateListEndpointServicesRequest(url);
  return request.valid ? proceed(undefined) : stop(400, invalidParameter(request.errors[0]?.path));
}

/** The parameters of a valid query, with the document's defaults (create_at, desc, offset 0, limit 10). */
export function pageQueryOf(q: URLSearchParams): PageQuery {
  return {
    id: q.get("id") ?? undefined,
    status: q.get("status") ?? undefined,
    name: q.get("endpoint_service_name")?.toLowerCase(),
    publicBorderGroup: q.get("public_border_group") ?? undefined,
    sortKey: (q.get("sort_key") ?? queryParameterLimits.sort_key.default) as SortKey,
    sortDir: (q.get("sort_dir") ?? queryParameterLimits.sort_dir.default) as SortDir,
    offset: Number(q.get("offset") ?? queryParameterLimits.offset.default),
    limit: Number(q.get("limit") ?? queryParameterLimits.limit.default),
  };
}

/** The step: the page the request asks for, or the documented refusal. */
export function readQuery(url: URL): Outcome<PageQuery> {
  const refused = refuseInvalidQuery(url);
  return refused.ok ? proceed(pageQueryOf(url.searchParams)) : refused;
}
