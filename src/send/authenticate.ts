// The credentials of a request as headers: `X-Auth-Token` for a token; `X-Project-Id` and an
// SDK-HMAC-SHA256 signature for an access key pair. The client and the checker both send this way.
import type { AkSkCredentials, SignableRequest } from "../auth/signer.js";
import type { Auth } from "../auth/credentials.js";

/** Sets the credentials' headers (and `User-Agent` when given) on `headers` for a GET of `url`. */
export type Authenticate = (url: string, headers: Headers) => Promise<void>;

/** Signs a request in place with one key pair (`createSigner` of auth/sign.ts, or `hmacSigner` of auth/signer.ts for credentials already checked). */
export type LoadSigner = (credentials: AkSkCredentials) => Promise<(request: SignableRequest) => Promise<void>>;

/**
 * `loadSigner` is called at once for an access key pair, and only then: it loads the signing code
 * (a chunk of its own in browser bundles, so token-only apps never fetch it). A failure to load or
 * to check the credentials rejects the first request, not as an unhandled rejection.
 */
export function authenticator(
  auth: Auth | undefined,
  projectId: string,
  userAgent: string | undefined,
  loadSigner: LoadSigner,
): Authenticate {
  if (!auth || "token" in auth) {
    return async (_url, headers) => {
      if (userAgent) headers.set("User-Agent", userAgent);
      if (auth) headers.set("X-Auth-Token", auth.token);
    };
  }
  const signer = loadSigner(auth);
  signer.catch(() => undefined);
  const noBody = new Uint8Array(0);
  return async (url, headers) => {
    if (userAgent) headers.set("User-Agent", userAgent);
    headers.set("X-Project-Id", projectId);
    await (await signer)({ method: "GET", url: new URL(url), headers, body: noBody });
  };
}
