// The base classes of the package's errors (exported from errors.ts), in a module of their own:
// the lazily loaded chunks (signer, error path) share only these with the entry.
/** The base class of every error this package throws. */
export class VpcepError extends Error {
  override name = "VpcepError";
}

/** The options given to `createVpcepClient` cannot work; the message says what to change. */
export class VpcepConfigError extends VpcepError {
  override name = "VpcepConfigError";
}
