// The query string of the list, serialised as openapi-fetch does for primitives (form, explode):
// `name=encodeURIComponent(value)` for each given parameter.
import type { ListEndpointServicesQuery } from "../document/types.js";

export function serializeQuery(query: ListEndpointServicesQuery | undefined): string {
  let search = "";
  if (query) {
    for (const name in query) {
      const value = query[name as keyof ListEndpointServicesQuery];
      if (value === undefined || value === null) continue;
      search += `${search ? "&" : "?"}${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`;
    }
  }
  return search;
}
