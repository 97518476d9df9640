// The error table: the documented bodies the stateful mock answers with when it refuses a request,
// and which one fits. The bodies come from the document's examples (generated/document-facts.js);
// which parameter is refused with which code is the mock's reading of the error-code list.
import { errorBodies } from "./facts.js";
import type { ErrorBody } from "./types.js";

/** The documented 400 code for a refused parameter (`EndPoint.0002` for the others). */
export const CODE_BY_PARAMETER: Record<string, ErrorBody> = {
  limit: errorBodies["EndPoint.0006"],
  offset: errorBodies["EndPoint.0010"],
  sort_key: errorBodies["EndPoint.0017"],
  sort_dir: errorBodies["EndPoint.0018"],
  status: errorBodies["EndPoint.0019"],
  endpoint_service_name: errorBodies["EndPoint.1003"],
  project_id: errorBodies["EndPoint.0014"],
};
export const SYSTEM_ERROR: ErrorBody = errorBodies["EndPoint.0001"];
export const RANDOM_CODE_BODIES: Record<number, ErrorBody> = {
  500: SYSTEM_ERROR,
  504: errorBodies["EndPoint.0013"],
};
const PARAMETER_ERROR: ErrorBody = errorBodies["EndPoint.0002"];
export const NOT_FOUND: ErrorBody = errorBodies["EndPoint.0005"];

/** `EndPoint.0002` with what the mock could not read (a `Prefer` header): the documented code, the mock's own words. */
export const parameterError = (detail: string): ErrorBody => ({
  ...PARAMETER_ERROR,
  error_msg: `${PARAMETER_ERROR.error_msg} vpcep-mock: ${detail}`,
});

/** The documented body for a refused query parameter, named as the validator names it (`query.limit`). */
export function invalidParameter(path: string | undefined): ErrorBody {
  const parameter = path?.split(".").pop() ?? "";
  return CODE_BY_PARAMETER[parameter] ?? PARAMETER_ERROR;
}

/** The gateway's refusals carry the request id (`APIGW.*`); the service's (`EndPoint.*`) do not. */
export function credentialRefusal(verdict: { code: string; message: string }, requestId: string): ErrorBody {
  return verdict.code.startsWith("APIGW.")
    ? { error_code: verdict.code, error_msg: verdict.message, request_id: requestId }
    : { error_code: verdict.code, error_msg: verdict.message };
}
