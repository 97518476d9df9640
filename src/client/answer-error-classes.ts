// The errors built from an answer (exported from errors.ts). Only the error path (answer-errors.ts)
// constructs them, so browser bundles of the client load them with it.
import { VpcepError } from "../floor/error-base.js";

export interface VpcepApiErrorDetails {
  status: number;
  errorCode: string | undefined;
  errorMsg: string | undefined;
  requestId: string | undefined;
  /** The response body as text, exactly as received (every form of a credential replaced by `***`); empty for a redirect or a body refused for its depth. */
  body: string;
  method: string;
  url: string;
  /** For a redirect: the origin (scheme, host, port) of its `Location`, never its path or query. */
  location?: string | undefined;
}

/** The service or its gateway answered with an error status, or with a body that is not the documented JSON. */
export class VpcepApiError extends VpcepError {
  override name = "VpcepApiError";
  declare readonly status: number;
  declare readonly errorCode: string | undefined;
  declare readonly errorMsg: string | undefined;
  declare readonly requestId: string | undefined;
  declare readonly body: string;
  declare readonly method: string;
  declare readonly url: string;
  /** For a 3xx: the origin of the `Location` it pointed to (no path or query); undefined otherwise. */
  declare readonly location: string | undefined;

  constructor(details: VpcepApiErrorDetails, summary?: string) {
    const code = details.errorCode ? ` ${details.errorCode}` : "";
    const text = summary ?? details.errorMsg ?? "the response body is not the provider's error JSON";
    const request = details.requestId ? ` (request ${details.requestId})` : "";
    super(`${details.method} ${details.url} failed with HTTP ${details.status}${code}: ${text}${request}`);
    const { status, errorCode, errorMsg, requestId, body, method, url, location } = details;
    Object.assign(this, { status, errorCode, errorMsg, requestId, body, method, url, location });
  }
}

/** No complete answer arrived within `timeoutMs` (per attempt). */
export class VpcepTimeoutError extends VpcepError {
  override name = "VpcepTimeoutError";
  constructor(
    readonly method: string,
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(`${method} ${url} timed out after ${timeoutMs} ms; raise timeoutMs or retry later`);
  }
}

/** The response body passed `maxBodyBytes` (declared or received): the request was aborted there. */
export class VpcepResponseTooLargeError extends VpcepError {
  override name = "VpcepResponseTooLargeError";
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly maxBodyBytes: number,
  ) {
    super(`${method} ${url} answered HTTP ${status} with a body over maxBodyBytes (${maxBodyBytes} bytes); the request was aborted`);
  }
}
