// The `fetch` the openapi-fetch client is given: authenticates every attempt, bounds each attempt
// by a timeout that covers the whole body, retries what is worth retrying, and turns transport
// failures into typed errors. The body is read here, so the caller's parsing never waits on the
// network and a retry decision can look at the error code.
import { signRequest, type AkSkCredentials } from "./auth/sign.js";
import { VpcepNetworkError, VpcepTimeoutError } from "./errors.js";
import { backoffMs, isRetryable, retryAfterMs, sleep, type RetryPolicy } from "./retry.js";

export type Auth = { token: string } | AkSkCredentials;

export interface TransportOptions {
  auth: Auth;
  projectId: string;
  fetch: typeof globalThis.fetch | undefined;
  timeoutMs: number;
  retry: RetryPolicy;
  userAgent: string | undefined;
}

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

/** The exact text of each response body the transport returned, for error reporting. */
const bodies = new WeakMap<Response, string>();
export const bodyTextOf = (response: Response): string => bodies.get(response) ?? "";

async function authenticate(request: Request, options: TransportOptions): Promise<Request> {
  const headers = new Headers(request.headers);
  if (options.userAgent) headers.set("User-Agent", options.userAgent);
  if ("token" in options.auth) {
    headers.set("X-Auth-Token", options.auth.token);
    return new Request(request, { headers });
  }
  headers.set("X-Project-Id", options.projectId);
  return signRequest(new Request(request, { headers }), options.auth);
}

/** One attempt: the response with its body fully read, within `timeoutMs`. */
async function attempt(request: Request, options: TransportOptions): Promise<{ response: Response; text: string }> {
  const timeout = new AbortController();
  const caller = request.signal;
  const onCallerAbort = () => timeout.abort(caller.reason);
  caller.addEventListener("abort", onCallerAbort, { once: true });
  const timer = setTimeout(() => timeout.abort(new VpcepTimeoutError(request.method, request.url, options.timeoutMs)), options.timeoutMs);
  const doFetch = options.fetch ?? globalThis.fetch;
  try {
    const response = await doFetch(new Request(request, { signal: timeout.signal }));
    const text = await response.text();
    return { response, text };
  } catch (error) {
    if (caller.aborted) throw caller.reason;
    if (timeout.signal.reason instanceof VpcepTimeoutError) throw timeout.signal.reason;
    throw new VpcepNetworkError(request.method, request.url, error);
  } finally {
    clearTimeout(timer);
    caller.removeEventListener("abort", onCallerAbort);
  }
}

export function createTransport(options: TransportOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    for (let tries = 1; ; tries++) {
      const { response, text } = await attempt(await authenticate(request, options), options);
      if (tries >= options.retry.attempts || !isRetryable(response.status, text)) {
        const body = NULL_BODY_STATUS.has(response.status) ? null : text;
        const buffered = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
        bodies.set(buffered, text);
        return buffered;
      }
      await sleep(backoffMs(options.retry, tries, retryAfterMs(response.headers.get("Retry-After"))), request.signal);
    }
  };
}
