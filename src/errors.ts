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
}

/** The service or its gateway answered with an error status, or with a body that is not the documented JSON. */
export class VpcepApiError extends VpcepError {
  override name = "VpcepApiError";
  readonly status: number;
  readonly errorCode: string | undefined;
  readonly errorMsg: string | undefined;
  readonly requestId: string | undefined;
  readonly body: string;
  readonly method: string;
  readonly url: string;

  constructor(details: VpcepApiErrorDetails, summary?: string) {
    const code = details.errorCode ? ` ${details.errorCode}` : "";
    const text = summary ?? details.errorMsg ?? "the response body is not the provider's error JSON";
    const request = details.requestId ? ` (request ${details.requestId})` : "";
    super(`${details.method} ${details.url} failed with HTTP ${details.status}${code}: ${text}${request}`);
    this.status = details.status;
    this.errorCode = details.errorCode;
    this.errorMsg = details.errorMsg;
    this.requestId = details.requestId;
    this.body = details.body;
    this.method = details.method;
    this.url = details.url;
  }
}

/** The request never got an HTTP answer: DNS, connection refused or reset, TLS, CORS. */
export class VpcepNetworkError extends VpcepError {
  override name = "VpcepNetworkError";
  constructor(
    readonly method: string,
    readonly url: string,
    cause: unknown,
  ) {
    super(`${method} ${url} failed before any HTTP answer: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
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

/** Replaces every occurrence of the given secrets in a text by `***`. */
export function createRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const known = secrets.filter((s): s is string => typeof s === "string" && s.length >= 4);
  if (known.length === 0) return (text) => text;
  return (text) => known.reduce((out, secret) => out.split(secret).join("***"), text);
}
