// Sends one GET with authentication, a timeout per attempt that covers the whole body, and
// retries for what is worth retrying; turns transport failures into typed errors. The body is
// read here, so a retry decision can look at the error code and parsing never waits on the network.
// Against a hostile peer (the sending path of src/send/, shared with the checker): redirects are
// never followed (credentials stay with the configured origin), a body is read as a stream up to
// `maxBodyBytes`, a body nesting deeper than MAX_JSON_DEPTH is refused before anyone parses it, and
// every text taken from an answer into an error (or into the raw client's response) has the
// credentials masked in all their forms.
import type { Auth, RetryPolicy } from "./client-options.js";
import type { Answer } from "./answer.js";
import { authenticator } from "../send/authenticate.js";
import { MAX_JSON_DEPTH, TOO_LARGE } from "../send/guarded-read.js";
import { REDIRECTED, receive, sendGet } from "../send/send.js";
import type { ErrorKit } from "./answer-errors.js";
import { VpcepError, VpcepNetworkError } from "./errors.js";

export type { Answer, Auth };

export interface TransportOptions {
  auth: Auth;
  projectId: string;
  fetch: typeof globalThis.fetch | undefined;
  timeoutMs: number;
  retry: RetryPolicy;
  userAgent: string | undefined;
  /** The most bytes a response body may have; past it the request is aborted. */
  maxBodyBytes: number;
}

export interface Transport {
  /** GETs `url` (absolute) with `headers`, retrying as configured; resolves with the last answer. */
  get(url: string, headers: HeadersInit | undefined, signal: AbortSignal | undefined): Promise<Answer>;
  /** The errors built from an answer of `url`, every text taken from it masked, and the masking itself; loaded on first use, rejects with `VpcepNetworkError` when it cannot load. */
  errors(url: string): Promise<ErrorKit>;
}

const TIMED_OUT = Symbol("timed out");

/** Whether retry.ts needs a look at the answer: the statuses it may retry (a 400 only for the service's rate limit). */
const mayRetry = (status: number) => status === 400 || status === 429 || status >= 500;

/**
 * A module loaded on first use and kept; a load that fails rejects with `VpcepNetworkError` for
 * `url` (origin and path only) and is tried again next time.
 */
function onFirstUse<T>(load: () => Promise<T>): (url: string) => Promise<T> {
  let loading: Promise<T> | undefined;
  return async (url) => {
    loading ??= load();
    try {
      return await loading;
    } catch (error) {
      loading = undefined;
      const { origin, pathname } = new URL(url);
      throw new VpcepNetworkError("GET", origin + pathname, error);
    }
  };
}

export function createTransport(options: TransportOptions): Transport {
  const { auth, projectId, userAgent, timeoutMs, retry, maxBodyBytes } = options;
  // The credentials were checked when the client was created (client-options.ts): the signer that checks nothing more will do.
  const authenticate = authenticator(auth, projectId, userAgent, (credentials) =>
    import("../auth/signer.js").then(({ hmacSigner }) => hmacSigner(credentials)),
  );
  const secrets = "token" in auth ? [auth.token] : [auth.accessKey, auth.secretKey, auth.securityToken];

  // The errors built from a server's answer, with the masking code, are needed only when
  // something goes wrong, and the retry decision only for an answer that may be worth a retry:
  // browser bundles load them then. When they cannot load, nothing the server sent is shown.
  const kit = onFirstUse(() => import("./answer-errors.js").then(({ errorKit }) => errorKit(secrets, MAX_JSON_DEPTH, VpcepNetworkError)));
  const retrying = onFirstUse(() => import("./retry.js"));

  async function attempt(url: string, init: HeadersInit | undefined, caller: AbortSignal | undefined): Promise<Answer> {
    if (caller?.aborted) throw caller.reason;
    const timeout = new AbortController();
    const onCallerAbort = () => timeout.abort(caller?.reason);
    caller?.addEventListener("abort", onCallerAbort, { once: true });
    const timer = setTimeout(() => timeout.abort(TIMED_OUT), timeoutMs);
    try {
      // Signing may load the signer's chunk: a failure there (a browser offline) is a network failure too.
      const response = await sendGet(url, new Headers(init), authenticate, options.fetch, timeout.signal);
      const { status } = response;
      const text = await receive(response, maxBodyBytes);
      if (typeof text === "string") return { status, statusText: response.statusText, headers: response.headers, text };
      const errors = await kit(url);
      throw text === REDIRECTED
        ? errors.redirect(url, response)
        : text === TOO_LARGE
          ? errors.tooLarge(url, status, maxBodyBytes)
          : errors.tooDeep(url, response);
    } catch (error) {
      if (caller?.aborted) throw caller.reason;
      if (error instanceof VpcepError) {
        timeout.abort(error); // lets go of the connection at once
        throw error;
      }
      const errors = await kit(url);
      throw timeout.signal.reason === TIMED_OUT ? errors.timeout(url, timeoutMs) : errors.network(url, error);
    } finally {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onCallerAbort);
    }
  }

  async function get(url: string, headers: HeadersInit | undefined, signal: AbortSignal | undefined): Promise<Answer> {
    for (let tries = 1; ; tries++) {
      const answer = await attempt(url, headers, signal);
      if (tries >= retry.attempts || !mayRetry(answer.status)) return answer;
      const { isRetryable, waitToRetry } = await retrying(url);
      if (!isRetryable(answer.status, answer.text)) return answer;
      await waitToRetry(retry, tries, answer.headers, signal);
    }
  }

  return { get, errors: kit };
}

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

/** An answer as the raw client hands it to openapi-fetch: headers and error bodies masked; a 2xx body that is not JSON refused (the platform's SyntaxError would quote it). */
export async function rawResponse(transport: Transport, url: string, answer: Answer): Promise<Response> {
  const errors = await transport.errors(url);
  const { redact } = errors;
  const ok = answer.status >= 200 && answer.status <= 299;
  try {
    if (ok && answer.text.trim() !== "") JSON.parse(answer.text);
  } catch {
    throw errors.notJson(url, answer);
  }
  const headers = new Headers();
  answer.headers.forEach((value, name) => headers.append(redact(name), redact(value)));
  const body = NULL_BODY_STATUS.has(answer.status) ? null : ok ? answer.text : errors.redactBody(answer.text);
  return new Response(body, { status: answer.status, statusText: redact(answer.statusText), headers });
}
