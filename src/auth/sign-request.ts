// The public signRequest, loading the signing code on first call (see transport.ts). The floor's
// errors and header checks it passes in are those the package root already loaded.
import { VpcepConfigError } from "../floor/error-base.js";
import { checkHeaderValue, typeName } from "../floor/header-value.js";
import { unknownNames } from "../floor/unknown-names.js";
import type { AkSkCredentials } from "./signer.js";
import type { SignInput, SignOptions } from "./sign-with.js";

export type { AkSkCredentials, SignInput, SignOptions };

/**
 * Returns a copy of `request` (a `Request`, or a URL for a GET) signed with SDK-HMAC-SHA256:
 * `X-Sdk-Date`, `Authorization` and, for temporary credentials, `X-Security-Token`. The date may
 * be a `Date`, epoch milliseconds or an `X-Sdk-Date` string; `X-Sdk-Content-Sha256:
 * UNSIGNED-PAYLOAD` leaves the body unhashed. Rejects with `VpcepConfigError` for any bad input.
 */
export async function signRequest(request: SignInput, credentials: AkSkCredentials, options?: SignOptions): Promise<Request> {
  const { signing } = await import("./sign-with.js");
  return signing({ VpcepConfigError, checkHeaderValue, typeName, unknownNames }).signRequest(request, credentials, options);
}
