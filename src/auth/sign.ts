// AK/SK signing, algorithm SDK-HMAC-SHA256, with Web Crypto only, so it runs in Node 20+,
// browsers, Deno, Bun and edge runtimes: the checked functions of sign-with.ts bound to the
// floor's errors and header checks, and the signature's parts (signer.ts).
import { VpcepConfigError } from "../floor/error-base.js";
import { checkHeaderValue, typeName } from "../floor/header-value.js";
import { unknownNames } from "../floor/unknown-names.js";
import { signing } from "./sign-with.js";

export type { SignInput, SignOptions } from "./sign-with.js";
export { ALGORITHM, type AkSkCredentials, canonicalRequest, parseSdkDate, type SignableRequest, UNSIGNED_PAYLOAD } from "./signer.js";

export const { checkSignOptions, createSigner, signingDate, signRequest } = signing({
  VpcepConfigError,
  checkHeaderValue,
  typeName,
  unknownNames,
});
