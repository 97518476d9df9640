// The error table: the documented bodies the stateful mock answers with when it refuses a request,
// and which one fits. The constants are facts of the document typed here by hand, grouped so they
// can be replaced by the build's generated facts in one place.
import type { ErrorBody } from "../types.js";
import type { Verdict } from "./gateway.js";

/** The documented 400 code for a refused parameter (`EndPoint.0002` for the others). */
export const CODE_BY_PARAMETER: Record<string, [string, string]> = {
  limit: ["EndPoint.0006", "Invalid limit."],
  offset: ["EndPoint.0010", "Invalid offset."],
  sort_key: ["EndPoint.0017", "Invalid sort_key."],
  sort_dir: ["EndPoint.0018", "Invalid sort_dir."],
  status: ["EndPoint.0019", "Invalid status."],
  endpoint_service_name: ["EndPoint.1003", "Invalid service name."],
  project_id: ["EndPoint.0014", "Invalid project ID."],
};
export const SYSTEM_ERROR: ErrorBody = { error_code: "EndPoint.0001", error_msg: "System error. Please retry." };
export const RANDOM_CODE_BODIES: Record<number, ErrorBody> = {
  500: SYSTEM_ERROR,
  504: { error_code: "EndPoint.0013", error_msg: "The request timed out." },
};
export const NOT_FOUND: ErrorBody = { error_code: "EndPoint.0005", error_msg: "The requested resource does not exist." };

/** `EndPoint.0002` with what the mock could not read (a `Prefer` header): the documented code, the mock's own words. */
export const parameterError = (detail: string): ErrorBody => ({ error_code: "EndPoint.0002", error_msg: `Parameter error. vpcep-mock: ${detail}` });

/** The documented body for a refused query parameter, named as the validator names it (`query.limit`). */
export function invalidParameter(path: string | undefined): ErrorBody {
  const parameter = path?.split(".").pop() ?? "";
  const [code, message] = CODE_BY_PARAMETER[parameter] ?? ["EndPoint.0002", "Parameter error."];
  return { error_code: code, error_msg: message };
}

/** The gateway's refusals carry the request id (`APIGW.*`); the service's (`EndPoint.*`) do not. */
export function credentialRefusal(verdict: Extract<Verdict, { ok: false }>, requestId: string): ErrorBody {
  return verdict.code.startsWith("APIGW.")
    ? { error_code: verdict.code, error_msg: verdict.message, request_id: requestId }
    : { error_code: verdict.code, error_msg: verdict.message };
}
