// `vpcep-openapi/raw`: the typed openapi-fetch client, for those who want `{ data, error }`
// results. The only entry that loads openapi-fetch, so the package root stays small.
import { createRawClient, type VpcepRawClient } from "../document/raw-client.js";
import { checkClientOptions, type VpcepClientOptions } from "./client-options.js";
import { VpcepConfigError } from "./errors.js";
import { createTransport, rawResponse } from "./transport.js";

export {
  createRawClient,
  listEndpointServices,
  operationIndex,
  servers,
  type VpcepRawClient,
  type VpcepRawClientOptions,
} from "../document/raw-client.js";

/**
 * The typed openapi-fetch client with the options, checks, authentication, timeout and retries
 * of `createVpcepClient`; it returns `{ data, error, response }` instead of throwing for HTTP
 * errors (network failures and timeouts still throw `VpcepNetworkError` / `VpcepTimeoutError`).
 */
export function createVpcepRawClient(options: VpcepClientOptions): VpcepRawClient {
  const { projectId, baseUrl, auth, fetch, timeoutMs, retry, userAgent, maxBodyBytes } = checkClientOptions(options);
  const transport = createTransport({ auth, projectId, fetch, timeoutMs, retry, userAgent, maxBodyBytes });
  return createRawClient({
    baseUrl,
    async fetch(request: Request) {
      if (request.method !== "GET") throw new VpcepConfigError(`this client sends only GET requests, not ${request.method}`);
      return rawResponse(transport, request.url, await transport.get(request.url, request.headers, request.signal));
    },
  });
}
