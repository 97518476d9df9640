// The credentials of one call, as the client, the checker and the bins take them.
import type { AkSkCredentials } from "./signer.js";

/** Credentials of a call: an IAM token (`X-Auth-Token`), or an access key pair to sign with. */
export type Auth = { token: string } | AkSkCredentials;
