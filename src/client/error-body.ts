// The fields of an error body, read only on the error path and to tell the service's rate limit
// (HTTP 400 EndPoint.0022) from other 400s: browser bundles load it with those, not up front.

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
