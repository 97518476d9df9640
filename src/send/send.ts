// One GET as the client and the checker send it: credentials attached (authenticate.ts), a
// redirect never followed, the body read guarded (guarded-read.ts). Each caller turns what comes
// back into its own errors or reports, and bounds the time with its signal.
import type { Authenticate } from "./authenticate.js";
import { readGuarded, type TOO_DEEP, type TOO_LARGE } from "./guarded-read.js";

/** A redirect came back: a 3xx, an opaque redirect (a browser's, status 0), or an answer a fetch followed despite `redirect: "manual"`. */
export const REDIRECTED = Symbol("redirected");

/**
 * Sends GET `url` with `headers` and the credentials, `redirect: "manual"` (credentials stay
 * with the URL's origin). Rejects with what authentication or the fetch rejects with.
 */
export async function sendGet(
  url: string,
  headers: Headers,
  authenticate: Authenticate,
  fetch: typeof globalThis.fetch | undefined,
  signal: AbortSignal,
): Promise<Response> {
  await authenticate(url, headers);
  return (fetch ?? globalThis.fetch)(url, { headers, signal, redirect: "manual" });
}

/** The answer's body as text; a marker instead for a redirect (its body cancelled) or a body past `maxBytes` or too deep. */
export async function receive(
  response: Response,
  maxBytes: number,
): Promise<string | typeof REDIRECTED | typeof TOO_LARGE | typeof TOO_DEEP> {
  const { status } = response;
  if (response.type === "opaqueredirect" || (status >= 300 && status < 400) || response.redirected) {
    response.body?.cancel().catch(() => undefined);
    return REDIRECTED;
  }
  return readGuarded(response, maxBytes);
}
