// Sends one GET with authentication, a timeout per attempt that covers the whole body, and
// retries for what is worth retrying; turns transport failures into typed errors. The body is
// read here, so a retry decision can look at the error code and parsing never waits on the network.
import type { Auth } from "./client-options.js";
import { VpcepNetworkError, VpcepTimeoutError } from "./errors.js";
import { backoffMs, isRetryable, retryAfterMs, sleep, type RetryPolicy } from "./retry.js";

export type { Auth };

export interface TransportOptions {
  auth: Auth;
  projectId: string;
  fetch: typeof globalThis.fetch | undefined;
  timeoutMs: number;
  retry: RetryPolicy;
  userAgent: string | undefined;
  /** Removes known secrets from texts that end up in errors. */
  redact: (text: string) => string;
}

/** A complete answer: status, headers and the body as text. */
export interface Answer {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
}

export interface Transport {
  /** GETs `url` (absolute) with `headers`, retrying as configured; resolves with the last answer. */
  get(url: string, headers: HeadersInit | undefined, signal: AbortSignal | undefined): Promise<Answer>;
}

type Authenticate = (url: string, headers: Headers) => Promise<void>;

function authenticator({ auth, projectId, userAgent }: TransportOptions): Authenticate {
  if ("token" in auth) {
    return async (_url, headers) => {
      if (userAgent) headers.set("User-Agent", userAgent);
      headers.set("X-Auth-Token", auth.token);
    };
  }
  // Loaded only by clients that sign (a separate chunk in browser bundles), so token-only apps never fetch it.
  const signer = import("./auth/sign.js").then(({ createSigner }) => createSigner(auth));
  signer.catch(() => undefined); // a failure surfaces on the first request, not as an unhandled rejection
  const noBody = new Uint8Array(0);
  return async (url, headers) => {
    if (userAgent) headers.set("User-Agent", userAgent);
    headers.set("X-Project-Id", projectId);
    await (await signer)({ method: "GET", url: new URL(url), headers, body: noBody });
  };
}

export function createTransport(options: TransportOptions): Transport {
  const authenticate = authenticator(options);
  const { timeoutMs, retry } = options;

  async function attempt(url: string, init: HeadersInit | undefined, caller: AbortSignal | undefined): Promise<Answer> {
    if (caller?.aborted) throw caller.reason;
    const headers = new Headers(init);
    const timeout = new AbortController();
    const onCallerAbort = () => timeout.abort(caller?.reason);
    caller?.addEventListener("abort", onCallerAbort, { once: true });
    const timer = setTimeout(() => timeout.abort(new VpcepTimeoutError("GET", options.redact(url), timeoutMs)), timeoutMs);
    try {
      // Signing may load the signer's chunk: a failure there (a browser offline) is a network failure too.
      await authenticate(url, headers);
      const response = await (options.fetch ?? globalThis.fetch)(url, { headers, signal: timeout.signal });
      return { status: response.status, statusText: response.statusText, headers: response.headers, text: await response.text() };
    } catch (error) {
      if (caller?.aborted) throw caller.reason;
      if (timeout.signal.reason instanceof VpcepTimeoutError) throw timeout.signal.reason;
      throw new VpcepNetworkError("GET", options.redact(url), error, options.redact);
    } finally {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onCallerAbort);
    }
  }

  async function get(url: string, headers: HeadersInit | undefined, signal: AbortSignal | undefined): Promise<Answer> {
    for (let tries = 1; ; tries++) {
      const answer = await attempt(url, headers, signal);
      if (tries >= retry.attempts || !isRetryable(answer.status, answer.text)) return answer;
      await sleep(backoffMs(retry, tries, retryAfterMs(answer.headers.get("Retry-After"))), signal);
    }
  }

  return { get };
}
