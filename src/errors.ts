// Errors are values callers can `instanceof` and read fields from. None of them ever carries a
// token, access key or secret key: messages are built from status, code and the server's message,
// and every text taken from a response passes through the client's redactor first.

/** The base class of every error this package throws. */
export class VpcepError extends Error {
  override name = "VpcepError";
}

/** The options given to `createVpcepClient` cannot work; the message says what to change. */
export class VpcepConfigError extends VpcepError {
  override name = "VpcepConfigError";
}

export interface VpcepApiErrorDetails {
  status: number;
  errorCode: string | undefined;
  errorMsg: string | undefined;
  requestId: string | undefined;
  /** The response body as text, exactly as received (with any known secret replaced by `***`). */
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

/** Paging stopped because the server's pages cannot end: a page brought no new service, or more requests than total_count allows. */
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

/** Replaces every configured secret in a text by `***`, in every form it takes on the wire (see `redact.ts`). */
export { createRedactor } from "./redact.js";

export interface ErrorBodyFields {
  errorCode?: string;
  errorMsg?: string;
  requestId?: string;
}

/**
 * The code, message and request id of an error body in any of the provider's shapes:
 * `{error_code, error_msg, request_id}` (service and gateway), `{error: {code, message}}`
 * (the reference's per-status tables) and `{code, message}` (accepted by the Go SDK).
 * Fields missing or not strings are left out; a body that is not JSON gives `{}`.
 */
export function readErrorBody(text: string): ErrorBodyFields {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return {};
  const body = parsed as Record<string, unknown>;
  const inner = body["error"] && typeof body["error"] === "object" ? (body["error"] as Record<string, unknown>) : {};
  const pick = (...values: unknown[]) => values.find((v): v is string => typeof v === "string" && v !== "");
  const fields: ErrorBodyFields = {};
  const errorCode = pick(body["error_code"], body["code"], inner["code"]);
  const errorMsg = pick(body["error_msg"], body["message"], inner["message"]);
  const requestId = pick(body["request_id"]);
  if (errorCode) fields.errorCode = errorCode;
  if (errorMsg) fields.errorMsg = errorMsg;
  if (requestId) fields.requestId = requestId;
  return fields;
}
