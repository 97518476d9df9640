// The errors a transport builds from what a server sent, every text in them masked. Needed only
// when something goes wrong (and by the raw client), so browser bundles load it then, as a chunk
// of its own, with the masking code. What it shares with the entry (errors.ts) comes in as an
// argument: importing it here would split errors.ts into a chunk of its own.
import { VpcepApiError, VpcepResponseTooLargeError, VpcepTimeoutError } from "./answer-error-classes.js";
import { readErrorBody } from "./error-body.js";
import type { VpcepNetworkError as NetworkError } from "./errors.js";
import { createRedactor, redactBody } from "../floor/redact.js";
import type { Answer } from "./answer.js";

export type ErrorKit = ReturnType<typeof errorKit>;

/** A secret as a URL's host name shows it (lower case, international names as `xn--`), when it can be one. */
function asHostName(secret: string): string | undefined {
  try {
    return new URL(`http://${secret}/`).hostname;
  } catch {
    return undefined;
  }
}

export function errorKit(secrets: readonly (string | undefined)[], maxDepth: number, VpcepNetworkError: typeof NetworkError) {
  // Host names and header names reach us folded to lower case (a Location's host also punycoded):
  // every text is masked with the secrets in those forms too.
  const given = secrets.filter((s): s is string => typeof s === "string");
  const redact = createRedactor([...given, ...given.map((s) => s.toLowerCase()), ...given.map(asHostName)]);
  const apiError = (url: string, status: number, headers: Headers, body: string, summary?: string, location?: string) => {
    const { errorCode, errorMsg, requestId } = readErrorBody(body);
    const header = headers.get("X-Request-Id");
    const fromHeader = header === null ? undefined : redact(header);
    return new VpcepApiError(
      { status, errorCode, errorMsg, requestId: requestId ?? fromHeader, body, method: "GET", url: redact(url), location },
      summary,
    );
  };
  const answer = (url: string, given: Answer, summary?: string) =>
    apiError(url, given.status, given.headers, redactBody(redact, given.text), summary);
  return {
    redact,
    redactBody: (text: string) => redactBody(redact, text),
    answer,
    notJson: (url: string, given: Answer) => answer(url, given, "the response body is not valid JSON"),
    notAPage: (url: string, given: Answer) => answer(url, given, "the response body has no endpoint_services array or total_count"),
    redirect(url: string, response: Response) {
      const header = response.headers.get("Location");
      let location: string | undefined;
      try {
        if (header !== null) location = redact(new URL(header, url).origin);
      } catch {} // an unreadable Location is left out
      const what = response.redirected
        ? 'the fetch given followed a redirect despite redirect: "manual"; its answer was discarded'
        : `the redirect${location ? ` to ${location}` : ""} was not followed`;
      return apiError(url, response.status, response.headers, "", `the VPCEP service does not redirect; ${what}`, location);
    },
    tooLarge: (url: string, status: number, maxBodyBytes: number) =>
      new VpcepResponseTooLargeError("GET", redact(url), status, maxBodyBytes),
    tooDeep: (url: string, response: Response) =>
      apiError(
        url,
        response.status,
        response.headers,
        "",
        `the response body nests arrays and objects deeper than ${maxDepth} levels; it was not read further`,
      ),
    timeout: (url: string, timeoutMs: number) => new VpcepTimeoutError("GET", redact(url), timeoutMs),
    network: (url: string, cause: unknown) =>
      new VpcepNetworkError("GET", redact(url), maskedCause(cause, redact), (error) => redact(describeCause(error))),
  };
}

/**
 * The root cause of a failed fetch, e.g. `fetch failed: connect ECONNREFUSED 127.0.0.1:4011`
 * or `fetch failed: other side closed (UND_ERR_SOCKET)`, not just the outer `fetch failed`.
 */
export function describeCause(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    if (!(current instanceof Error)) {
      parts.push(String(current));
      break;
    }
    const nested = current instanceof AggregateError && current.errors.length > 0 ? current.errors[0] : current.cause;
    const code = (current as { code?: unknown }).code;
    let message = current.message.trim();
    // OpenSSL: "…:SSL routines:ssl3_get_record:wrong version number:../deps/…" → "TLS: wrong version number"
    const openssl = /SSL routines:[^:]*:([^:]+):/.exec(message);
    if (openssl) message = `TLS: ${openssl[1]}`;
    message = message.split("\n")[0] ?? "";
    if (typeof code === "string" && !message.includes(code)) message = message ? `${message} (${code})` : code;
    if (message && !parts.includes(message)) parts.push(message);
    current = nested;
  }
  return parts.join(": ") || "unknown failure";
}

/** Every string (and byte string) a value holds, a few levels down: what `util.inspect` could show of it. */
function textsIn(value: unknown, depth = 0, seen = new Set<unknown>()): string[] {
  if (typeof value === "string") return [value];
  if (value instanceof Uint8Array) return [new TextDecoder().decode(value)];
  if (typeof value !== "object" || value === null || depth > 6 || seen.has(value)) return [];
  seen.add(value);
  return Reflect.ownKeys(value).flatMap((key) => {
    try {
      return textsIn((value as Record<PropertyKey, unknown>)[key], depth + 1, seen);
    } catch {
      return [];
    }
  });
}

/**
 * The platform's error as the cause of a VpcepNetworkError: itself when nothing in it holds a
 * credential; otherwise a copy of its chain (name, message, code, stack, masked) without the rest,
 * since a parser error can carry the server's raw bytes (undici's `data`).
 */
export function maskedCause(cause: unknown, redact: (text: string) => string, depth = 0): unknown {
  if (textsIn(cause).every((text) => redact(text) === text)) return cause;
  if (!(cause instanceof Error) || depth > 8) return redact(String(cause));
  const nested = cause instanceof AggregateError && cause.errors.length > 0 ? cause.errors[0] : cause.cause;
  const copy = new Error(redact(cause.message), nested === undefined ? undefined : { cause: maskedCause(nested, redact, depth + 1) });
  copy.name = cause.name;
  copy.stack = redact(cause.stack ?? "");
  const { code } = cause as { code?: unknown };
  if (typeof code === "string") Object.assign(copy, { code: redact(code) });
  return copy;
}
