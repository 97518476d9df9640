// The credentials of a request as headers: `X-Auth-Token` for a token; `X-Project-Id` and an
// SDK-HMAC-SHA256 signature for an access key pair. The client and the checker both send this way.
import type { Auth } from "../floor/shared-types.js";

/** Sets the credentials' headers (and `User-Agent` when given) on `headers` for a GET of `url`. */
export type Authenticate = (url: string, headers: Headers) => Promise<void>;

export function authenticator(auth: Auth | undefined, projectId: string, userAgent?: string): Authenticate {
  if (!auth || "token" in auth) {
    return async (_url, headers) => {
      if (userAgent) headers.set("User-Agent", userAgent);
      if (auth) headers.set("X-Auth-Token", auth.token);
    };
  }
  // Loaded only by those who sign (a separate chunk in browser bundles), so token-only apps never fetch it.
  const signer = import("../auth/sign.js").then(({ createSigner }) => createSigner(auth));
  signer.catch(() => undefined); // a failure surfaces on the first request, not as an unhandled rejection
  const noBody = new Uint8Array(0);
  return async (url, headers) => {
    if (userAgent) headers.set("User-Agent", userAgent);
    headers.set("X-Project-Id", projectId);
    await (await signer)({ method: "GET", url: new URL(url), headers, body: noBody });
  };
}
