// `vpcep-openapi/raw`: the typed openapi-fetch client, for those who want `{ data, error }`
// results. The only entry that loads openapi-fetch, so the package root stays small.
import { createRawClient, type VpcepRawClient } from "../generated/raw-client.js";
import { checkClientOptions, type VpcepClientOptions } from "./client-options.js";
import { createRedactor, VpcepConfigError } from "./errors.js";
import { createTransport } from "./transport.js";

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

export { createRawClient, listEndpointServices, operationIndex, servers, type VpcepRawClient, type VpcepRawClientOptions } from "../generated/raw-client.js";

/**
 * The typed openapi-fetch client with the options, checks, authentication, timeout and retries
 * of `createVpcepClient`; it returns `{ data, error, response }` instead of throwing for HTTP
 * errors (network failures and timeouts still throw `VpcepNetworkError` / `VpcepTimeoutError`).
 */
export function createVpcepRawClient(options: VpcepClientOptions): VpcepRawClient {
  const { projectId, baseUrl, auth, fetch, timeoutMs, retry, userAgent } = checkClientOptions(options);
  const redact = createRedactor("token" in auth ? [auth.token] : [auth.accessKey, auth.secretKey, auth.securityToken]);
  const transport = createTransport({ auth, projectId, fetch, timeoutMs, retry, userAgent, redact });
  return createRawClient({
    baseUrl,
    async fetch(request: Request) {
      if (request.method !== "GET") throw new VpcepConfigError(`this client sends only GET requests, not ${request.method}`);
      const answer = await transport.get(request.url, request.headers, request.signal);
      const body = NULL_BODY_STATUS.has(answer.status) ? null : answer.text;
      return new Response(body, { status: answer.status, statusText: answer.statusText, headers: answer.headers });
    },
  });
}
