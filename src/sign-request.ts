// The public signRequest, loading the signing code on first call (see transport.ts).
import type { AkSkCredentials, SignOptions } from "./auth/sign.js";

export type { AkSkCredentials, SignOptions };

/**
 * Returns a copy of `request` signed with SDK-HMAC-SHA256: `X-Sdk-Date`, `Authorization` and,
 * for temporary credentials, `X-Security-Token`. Throws `VpcepConfigError` for empty keys or
 * signed headers the request lacks.
 */
export async function signRequest(request: Request, credentials: AkSkCredentials, options?: SignOptions): Promise<Request> {
  const { signRequest: sign } = await import("./auth/sign.js");
  return sign(request, credentials, options);
}
