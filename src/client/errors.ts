// Errors are values callers can `instanceof` and read fields from. None of them ever carries a
// token, access key or secret key: messages are built from status, code and the server's message,
// and every text taken from a response passes through the client's redactor first.

import { VpcepConfigError, VpcepError } from "../floor/error-base.js";

// The classes live in small modules of their own so that browser bundles load each where it is
// needed: the bases with the signer's chunk, the errors built from an answer with the error path.
export { VpcepConfigError, VpcepError };
export { VpcepApiError, VpcepResponseTooLargeError, VpcepTimeoutError, type VpcepApiErrorDetails } from "./answer-error-classes.js";

/** The request got no complete HTTP answer: DNS, connection refused or reset, TLS, CORS, a body cut off. */
export class VpcepNetworkError extends VpcepError {
  override name = "VpcepNetworkError";
  constructor(
    readonly method: string,
    readonly url: string,
    cause: unknown,
    /** The cause as text; the transport gives its root cause with every secret masked. */
    describe: (cause: unknown) => string = (cause) => (cause instanceof Error ? cause.message : String(cause)),
  ) {
    super(`${method} ${url} failed without a complete HTTP answer: ${describe(cause)}`, { cause });
  }
}

/** Paging stopped: the server's pages cannot end (a page brought no new service, or more requests than total_count allows), or the walk reached the client's `maxPages`. */
export class VpcepPagingError extends VpcepError {
  override name = "VpcepPagingError";
  constructor(
    message: string,
    readonly requestCount: number,
    readonly totalCount: number,
  ) {
    super(message);
  }
}
