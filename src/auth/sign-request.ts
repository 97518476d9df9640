// The public signRequest, loading the signing code on first call (see transport.ts).
import type { AkSkCredentials, SignInput, SignOptions } from "./sign.js";

export type { AkSkCredentials, SignInput, SignOptions };

/**
 * Returns a copy of `request` (a `Request`, or a URL for a GET) signed with SDK-HMAC-SHA256:
 * `X-Sdk-Date`, `Authorization` and, for temporary credentials, `X-Security-Token`. The date may
 * be a `Date`, epoch milliseconds or an `X-Sdk-Date` string; `X-Sdk-Content-Sha256:
 * UNSIGNED-PAYLOAD` leaves the body unhashed. Rejects with `VpcepConfigError` for any bad input.
 */
export async function signRequest(request: SignInput, credentials: AkSkCredentials, options?: SignOptions): Promise<Request> {
  const { signRequest: sign } = await import("./sign.js");
  return sign(request, credentials, options);
}
