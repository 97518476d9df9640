// createVpcepClient: a region's endpoint with authentication, timeouts, retries, typed errors and
// paging. It does not load openapi-fetch (the typed raw client is in `vpcep-openapi/raw`), so the
// browser bundle of an app that only lists services stays small.
import { operationIndex } from "../document/operation.js";
import { checkCall, checkClientOptions, type VpcepClientOptions } from "./client-options.js";
import { paginate, type EndpointServicePages, type PagingQuery } from "./paging.js";
import { serializeQuery } from "./query.js";
import { createTransport } from "./transport.js";
import type { EndpointService, ListEndpointServicesQuery, ListEndpointServicesResponse } from "../document/types.js";

export type { VpcepClientOptions };

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface VpcepClient {
  /** One page. Throws `VpcepApiError`, `VpcepNetworkError` or `VpcepTimeoutError`. */
  listEndpointServices(query?: ListEndpointServicesQuery, options?: RequestOptions): Promise<ListEndpointServicesResponse>;
  /** Every matching service, page by page (1000 a page); `requestCount` tells how many requests it made. */
  paginateEndpointServices(query?: PagingQuery, options?: RequestOptions): EndpointServicePages;
  /** Every matching service, as one array. */
  listAllEndpointServices(query?: PagingQuery, options?: RequestOptions): Promise<EndpointService[]>;
}

export function createVpcepClient(options: VpcepClientOptions): VpcepClient {
  const { projectId, baseUrl, auth, fetch, timeoutMs, retry, userAgent, maxBodyBytes, maxPages } = checkClientOptions(options);
  const transport = createTransport({ auth, projectId, fetch, timeoutMs, retry, userAgent, maxBodyBytes });
  const listUrl = `${baseUrl}${operationIndex.listEndpointServices.path.replace("{project_id}", encodeURIComponent(projectId))}`;
  const accept = { Accept: "application/json" };

  async function listPage(query?: ListEndpointServicesQuery, requestOptions?: RequestOptions): Promise<ListEndpointServicesResponse> {
    const signal = checkCall(query, requestOptions);
    const url = listUrl + serializeQuery(query);
    const answer = await transport.get(url, accept, signal);
    if (answer.status < 200 || answer.status > 299) throw (await transport.errors(url)).answer(url, answer);
    let page: unknown;
    try {
      page = JSON.parse(answer.text);
    } catch {
      throw (await transport.errors(url)).notJson(url, answer);
    }
    const candidate = page as Partial<ListEndpointServicesResponse> | null;
    if (!candidate || !Array.isArray(candidate.endpoint_services) || typeof candidate.total_count !== "number") {
      throw (await transport.errors(url)).notAPage(url, answer);
    }
    return candidate as ListEndpointServicesResponse;
  }

  const paginateEndpointServices = (query?: PagingQuery, requestOptions?: RequestOptions) =>
    paginate((pageQuery) => listPage(pageQuery, requestOptions), query, maxPages);

  return {
    listEndpointServices: listPage,
    paginateEndpointServices,
    async listAllEndpointServices(query, requestOptions) {
      const all: EndpointService[] = [];
      for await (const service of paginateEndpointServices(query, requestOptions)) all.push(service);
      return all;
    },
  };
}
