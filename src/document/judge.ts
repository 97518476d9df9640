// One judge of an exchange of the operation (a request and the answer it got), shared by the
// recording proxy and `vpcep-contract validate`; each reports what it finds in its own words. Its
// errors are the validators', so their caps (`maxCollectedErrors`, then one `truncated`) hold.
import { errorCodeOf } from "./error-code.js";
import { isOperationPath } from "./operation-path.js";
import { invalidParameter } from "./refusals.js";
import {
  type ContractError,
  type HeadersLike,
  validateListEndpointServicesRequest,
  validateListEndpointServicesResponse,
} from "./validators.js";

/** Whether an exchange is the operation's, and so judged: its path, under any base path. */
export const isJudgedPath = (pathname: string): boolean => isOperationPath(pathname, { underBasePath: true });

export interface JudgedRequest {
  /** Set when the method is not GET. */
  method?: ContractError;
  /** Every problem of the request's URL: all of them the caller's failure. */
  errors: ContractError[];
  /** Of those, query parameters the document does not list: the service accepts and ignores them. */
  unlisted: ContractError[];
  /** The others: the service must refuse the request. */
  invalid: ContractError[];
}

/** The request: its method, and its URL (path and query) against the document. */
export function judgeRequest(method: string, target: string | URL): JudgedRequest {
  const errors = validateListEndpointServicesRequest(target).errors;
  return {
    ...(method.toUpperCase() === "GET" ? {} : { method: { path: "method", message: `${method} is not GET`, keyword: "method" } }),
    errors,
    unlisted: errors.filter((e) => e.keyword === "additionalProperties"),
    invalid: errors.filter((e) => e.keyword !== "additionalProperties"),
  };
}

/** The answer: status, headers and body (text or parsed JSON) against the document. */
export function judgeResponse(status: number, headers: HeadersLike, body: unknown): ContractError[] {
  return validateListEndpointServicesResponse(status, headers, body).errors;
}

const parsedJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/** The documented 400 codes an invalid request may get: each refused parameter's own, `EndPoint.0002` for the others. */
function refusalCodes(invalid: readonly ContractError[]): Set<string> {
  const codes = new Set<string>();
  for (const error of invalid) codes.add(errorCodeOf(invalidParameter(error.path)) ?? "EndPoint.0002");
  return codes;
}

export type RefusalVerdict =
  /** The request was valid (unlisted parameters aside): nothing to say. */
  | { kind: "valid request" }
  /** A failure of the answer: `status-expected` (answered 2xx) or `error-code` (refused with another code). */
  | { kind: "failure"; check: "status-expected" | "error-code"; error: ContractError }
  /** Refused with 400, a valid body and a documented code: correct behaviour. */
  | { kind: "refused as documented"; why: string }
  /** Refused otherwise (another status, or a body the response errors already name). */
  | { kind: "refused"; why: string };

/**
 * How the answer to an invalid request is judged: it must be refused with 400 and the code the
 * document names for the parameter (docs/contract-checks.md, `--judge server`).
 */
export function judgeRefusal(
  request: JudgedRequest,
  status: number,
  body: unknown,
  responseErrors: readonly ContractError[],
): RefusalVerdict {
  if (request.invalid.length === 0) return { kind: "valid request" };
  const why = request.invalid.map((e) => `${e.path}: ${e.message}`).join("; ");
  const codes = refusalCodes(request.invalid);
  const code = errorCodeOf(typeof body === "string" ? parsedJson(body) : body);
  if (status >= 200 && status <= 299)
    return {
      kind: "failure",
      check: "status-expected",
      error: { path: "status", message: `expected 400 for an invalid request (${why}), got ${status}`, keyword: "status" },
    };
  if (status === 400 && code !== undefined && !codes.has(code))
    return {
      kind: "failure",
      check: "error-code",
      error: { path: "error_code", message: `expected ${[...codes].join(" or ")} for ${why}, got ${code}`, keyword: "error_code" },
    };
  return status === 400 && responseErrors.length === 0 ? { kind: "refused as documented", why } : { kind: "refused", why };
}
