// createVpcepClient: the generated openapi-fetch client, wired to a region's endpoint, with
// authentication, timeouts, retries, typed errors and paging.
import { createRawClient, operationIndex, type VpcepRawClient } from "../generated/client.js";
import type { AkSkCredentials } from "./auth/sign.js";
import { createRedactor, VpcepApiError, VpcepConfigError } from "./errors.js";
import { paginate, type EndpointServicePages, type PagingQuery } from "./paging.js";
import { endpointOf } from "./regions.js";
import { DEFAULT_RETRY, NO_RETRY, type RetryPolicy } from "./retry.js";
import { serializeQuery } from "./query.js";
import { createTransport, type Answer, type Auth } from "./transport.js";
import type { EndpointService, ListEndpointServicesQuery, ListEndpointServicesResponse } from "./types.js";

export interface VpcepClientOptions {
  projectId: string;
  /** A region of the document's servers (`eu-de`, `cn-north-4`, …); or give `baseUrl`. */
  region?: string;
  /** Any endpoint, e.g. a mock at `http://127.0.0.1:4010`; or give `region`. */
  baseUrl?: string;
  /** `{ token }` sends `X-Auth-Token`; `{ accessKey, secretKey, securityToken? }` signs with SDK-HMAC-SHA256. */
  auth: { token: string } | AkSkCredentials;
  /** The fetch to use; `globalThis.fetch` by default. */
  fetch?: typeof globalThis.fetch;
  /** Per attempt, until the whole body has arrived. Default 30 000. */
  timeoutMs?: number;
  /** Default `{ attempts: 3, baseDelayMs: 200 }`; `false` for a single attempt. */
  retry?: { attempts: number; baseDelayMs: number; maxDelayMs?: number } | false;
  /** Sent as `User-Agent` where the runtime allows it (not in browsers). */
  userAgent?: string;
}

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
  /** The typed openapi-fetch client with the same endpoint, auth, timeout and retries; it returns `{ data, error }` instead of throwing. */
  readonly raw: VpcepRawClient;
}

const isNonEmptyString = (value: unknown): value is string => typeof value === "string" && value.length > 0;

function checkAuth(auth: unknown): Auth {
  if (auth && typeof auth === "object") {
    const a = auth as Record<string, unknown>;
    if ("token" in a && !("accessKey" in a) && isNonEmptyString(a["token"])) return { token: a["token"] };
    if (!("token" in a) && isNonEmptyString(a["accessKey"]) && isNonEmptyString(a["secretKey"])) {
      const token = a["securityToken"];
      if (token !== undefined && !isNonEmptyString(token)) throw new VpcepConfigError("auth.securityToken must be a non-empty string when given");
      return { accessKey: a["accessKey"], secretKey: a["secretKey"], ...(token ? { securityToken: token } : {}) };
    }
  }
  throw new VpcepConfigError("auth must be { token } or { accessKey, secretKey, securityToken? } with non-empty strings");
}

function checkRetry(retry: VpcepClientOptions["retry"]): RetryPolicy {
  if (retry === false) return NO_RETRY;
  if (retry === undefined) return DEFAULT_RETRY;
  const { attempts, baseDelayMs, maxDelayMs = DEFAULT_RETRY.maxDelayMs } = retry;
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > 10) throw new VpcepConfigError("retry.attempts must be an integer from 1 to 10");
  if (!(baseDelayMs >= 0) || !(maxDelayMs >= 0)) throw new VpcepConfigError("retry.baseDelayMs and retry.maxDelayMs must be 0 or more");
  return { attempts, baseDelayMs, maxDelayMs };
}

function resolveBaseUrl(options: VpcepClientOptions): string {
  if (options.region !== undefined && options.baseUrl !== undefined) throw new VpcepConfigError("give region or baseUrl, not both");
  if (options.baseUrl !== undefined) {
    try {
      return new URL(options.baseUrl).href.replace(/\/$/, "");
    } catch {
      throw new VpcepConfigError(`baseUrl is not an absolute URL: ${JSON.stringify(options.baseUrl)}`);
    }
  }
  if (options.region !== undefined) return endpointOf(options.region);
  throw new VpcepConfigError("give region (e.g. \"eu-de\") or baseUrl");
}

/** The code, message and request ID of an error body in any of the three documented shapes. */
function errorFields(text: string): { error_code?: string; error_msg?: string; request_id?: string } {
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== "object") return {};
    const body = parsed as Record<string, unknown>;
    // {error_code, error_msg}, {"error": {"code", "message"}} or {code, message} (see ErrorBody).
    const inner = body["error"] && typeof body["error"] === "object" ? (body["error"] as Record<string, unknown>) : {};
    const pick = (...values: unknown[]) => values.find((v): v is string => typeof v === "string" && v !== "");
    const fields: { error_code?: string; error_msg?: string; request_id?: string } = {};
    const code = pick(body["error_code"], body["code"], inner["code"]);
    const msg = pick(body["error_msg"], body["message"], inner["message"]);
    const requestId = pick(body["request_id"]);
    if (code) fields.error_code = code;
    if (msg) fields.error_msg = msg;
    if (requestId) fields.request_id = requestId;
    return fields;
  } catch {
    return {};
  }
}

export function createVpcepClient(options: VpcepClientOptions): VpcepClient {
  if (!options || typeof options !== "object") throw new VpcepConfigError("createVpcepClient needs an options object");
  if (!isNonEmptyString(options.projectId)) throw new VpcepConfigError("projectId must be a non-empty string (see 'Getting started' in the API reference for how to find it)");
  const auth = checkAuth(options.auth);
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new VpcepConfigError("timeoutMs must be a positive number");
  const baseUrl = resolveBaseUrl(options);
  const redact = createRedactor("token" in auth ? [auth.token] : [auth.accessKey, auth.secretKey, auth.securityToken]);
  const transport = createTransport({
    auth,
    projectId: options.projectId,
    fetch: options.fetch,
    timeoutMs,
    retry: checkRetry(options.retry),
    userAgent: options.userAgent,
  });
  // The raw openapi-fetch client shares the transport; the methods below skip its Request and
  // Response objects, which cost more than the rest of a loopback request (see `npm run bench`).
  const raw = createRawClient({ baseUrl, fetch: (request: Request) => transport.fetch(request) });
  const listUrl = `${baseUrl}${operationIndex.listEndpointServices.path.replace("{project_id}", encodeURIComponent(options.projectId))}`;
  const accept = { Accept: "application/json" };

  function apiError(answer: Answer, summary?: string): VpcepApiError {
    const body = redact(answer.text);
    const fields = errorFields(body);
    return new VpcepApiError(
      {
        status: answer.status,
        errorCode: fields.error_code,
        errorMsg: fields.error_msg,
        requestId: fields.request_id ?? answer.headers.get("X-Request-Id") ?? undefined,
        body,
        method: "GET",
        url: listUrl,
      },
      summary,
    );
  }

  async function listPage(query?: ListEndpointServicesQuery, { signal }: RequestOptions = {}): Promise<ListEndpointServicesResponse> {
    const answer = await transport.get(listUrl + serializeQuery(query), accept, signal);
    if (answer.status < 200 || answer.status > 299) throw apiError(answer);
    let page: unknown;
    try {
      page = JSON.parse(answer.text);
    } catch {
      throw apiError(answer, "the response body is not valid JSON");
    }
    const candidate = page as Partial<ListEndpointServicesResponse> | null;
    if (!candidate || !Array.isArray(candidate.endpoint_services) || typeof candidate.total_count !== "number") {
      throw apiError(answer, "the response body has no endpoint_services array or total_count");
    }
    return candidate as ListEndpointServicesResponse;
  }

  const paginateEndpointServices = (query?: PagingQuery, requestOptions?: RequestOptions) =>
    paginate((pageQuery) => listPage(pageQuery, requestOptions), query);

  return {
    listEndpointServices: listPage,
    paginateEndpointServices,
    async listAllEndpointServices(query, requestOptions) {
      const all: EndpointService[] = [];
      for await (const service of paginateEndpointServices(query, requestOptions)) all.push(service);
      return all;
    },
    raw,
  };
}
