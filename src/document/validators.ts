// vpcep-openapi/contract: validators of the operation's requests and responses, compiled once from
// the bundled document (Ajv, draft 2020-12) at build time. They never throw: any input, however
// malformed, gives `{ valid, errors }`.
import * as compiled from "./compiled-validators.js";
import type { AjvError, CompiledValidator } from "./compiled-validators.js";
import * as facts from "./facts.js";
import { operationPath } from "./operation.js";
import { matchOperationPath } from "./operation-path.js";
import { integerQueryParameters } from "./query-parameters.js";

export interface ContractError {
  /**
   * Where: in a body, its JSON path (`endpoint_services[3].ports[0].client_port`, `(body)` for the
   * body itself); otherwise `status`, `headers.content-type`, `query.limit`, `path.project_id`.
   */
  path: string;
  message: string;
  /**
   * The JSON Schema keyword (`maximum`, `required`, `enum`, …) or the check (`status`, `json`, `content-type`, `path`);
   * `truncated` for the last error of a value with more problems than `maxCollectedErrors`.
   */
  keyword: string;
}

export interface ContractResult {
  valid: boolean;
  errors: ContractError[];
}

export type HeadersLike = Headers | Record<string, string | string[] | undefined> | Iterable<readonly [string, string]>;

const documentedStatuses = new Set<number>(facts.documentedStatuses);
/** The `default` response stands for any other failure, so every status from 400 up is documented. */
const coveredByDefault = (status: number) => facts.defaultResponse !== null && status >= 400;
const result = (errors: ContractError[]): ContractResult => ({ valid: errors.length === 0, errors });

/** `/endpoint_services/3/ports/0` → `endpoint_services[3].ports[0]`. */
function jsonPath(root: string, pointer: string, missing?: unknown): string {
  const parts = pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (typeof missing === "string") parts.push(missing);
  const path = parts.reduce((at, part) => (/^\d+$/.test(part) ? `${at}[${part}]` : `${at}${at ? "." : ""}${part}`), root);
  return path || "(body)";
}

function run(validate: CompiledValidator, data: unknown, root: string): ContractError[] {
  try {
    if (validate(data)) return [];
    const collected = validate.errors ?? [];
    const errors: ContractError[] = collected.map((error: AjvError) => {
      const extra = error.params["missingProperty"] ?? error.params["additionalProperty"];
      return {
        path: jsonPath(root, error.instancePath, extra),
        message: error.keyword === "additionalProperties" ? `is not a parameter of this operation` : (error.message ?? error.keyword),
        keyword: error.keyword,
      };
    });
    if (collected.length >= compiled.maxCollectedErrors)
      errors.push({
        path: root || "(body)",
        message: `has ${compiled.maxCollectedErrors} problems or more; validation keeps the first ${compiled.maxCollectedErrors}`,
        keyword: "truncated",
      });
    return errors;
  } catch (error) {
    return [
      {
        path: root || "(body)",
        message: `cannot be validated: ${error instanceof Error ? error.message : String(error)}`,
        keyword: "exception",
      },
    ];
  }
}

function headerValue(headers: HeadersLike | undefined, name: string): string | undefined {
  try {
    if (!headers) return undefined;
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const entries = Symbol.iterator in headers ? [...(headers as Iterable<readonly [string, string]>)] : Object.entries(headers);
    const found = entries.find(([key]) => typeof key === "string" && key.toLowerCase() === name);
    const value = found?.[1];
    return Array.isArray(value) ? value.join(", ") : typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

function parseBody(body: unknown): { value?: unknown; error?: ContractError } {
  if (typeof body !== "string" && !(body instanceof Uint8Array)) return { value: body };
  const text = typeof body === "string" ? body : new TextDecoder().decode(body);
  try {
    return { value: JSON.parse(text) };
  } catch {
    return {
      error: {
        path: "(body)",
        message: `is not JSON (${text.length} characters starting ${JSON.stringify(text.slice(0, 40))})`,
        keyword: "json",
      },
    };
  }
}

/**
 * Checks one answer of `GET /v1/{project_id}/vpc-endpoint-services`: a documented status, a JSON
 * content type, and a body valid for that status (the page for 2xx, otherwise an error body in any
 * of the provider's three shapes: `{error_code, error_msg, request_id?}`, `{error: {code, message}}`
 * or `{code, message}`).
 * `body` may be the parsed value, or the raw text or bytes.
 */
export function validateListEndpointServicesResponse(status: number, headers: HeadersLike | undefined, body: unknown): ContractResult {
  const errors: ContractError[] = [];
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    return result([{ path: "status", message: `${JSON.stringify(status)} is not an HTTP status`, keyword: "status" }]);
  }
  if (!documentedStatuses.has(status) && !coveredByDefault(status)) {
    errors.push({ path: "status", message: `${status} is not a documented status of this operation`, keyword: "status" });
  }
  const contentType = headerValue(headers, "content-type");
  if (!contentType || !/^application\/json\s*(;|$)/i.test(contentType)) {
    errors.push({
      path: "headers.content-type",
      message: `must be application/json, got ${JSON.stringify(contentType ?? null)}`,
      keyword: "content-type",
    });
  }
  const parsed = parseBody(body);
  if (parsed.error) return result([...errors, parsed.error]);
  if (status >= 200 && status <= 299) return result([...errors, ...run(compiled.listResponse, parsed.value, "")]);
  return result([...errors, ...errorBodyErrors(parsed.value)]);
}

const ERROR_SHAPES = "{error_code, error_msg}, {error: {code, message}} or {code, message}";

/**
 * An error body may take any of the provider's three shapes (see `ErrorBody` in the document). The
 * keys it carries tell which one it means, so only that shape's errors are reported.
 */
function errorBodyErrors(body: unknown): ContractError[] {
  if (compiled.errorBody(body)) return [];
  const keys = body && typeof body === "object" && !Array.isArray(body) ? Object.keys(body) : [];
  const intended =
    keys.includes("error_code") || keys.includes("error_msg")
      ? compiled.serviceErrorBody
      : keys.includes("error")
        ? compiled.wrappedErrorBody
        : keys.includes("code") || keys.includes("message")
          ? compiled.codeMessageErrorBody
          : undefined;
  if (intended) return run(intended, body, "");
  return [{ path: "(body)", message: `is not an error body of any documented shape (${ERROR_SHAPES})`, keyword: "anyOf" }];
}

export type QueryInput = Record<string, unknown>;

function queryFromUrl(url: URL, errors: ContractError[]): QueryInput {
  const query: QueryInput = {};
  for (const [name, value] of url.searchParams) {
    if (name in query) errors.push({ path: `query.${name}`, message: "is given more than once", keyword: "repeated" });
    query[name] = value;
  }
  const match = matchOperationPath(url.pathname);
  if (match?.prefix !== "") {
    errors.push({ path: "path", message: `${url.pathname} is not ${operationPath}`, keyword: "path" });
  } else {
    const raw = match.projectId;
    let projectId: string | undefined;
    try {
      projectId = decodeURIComponent(raw);
    } catch {
      errors.push({ path: "path.project_id", message: `${raw} is not valid percent-encoding`, keyword: "format" });
    }
    if (projectId !== undefined) errors.push(...run(compiled.pathParams, { project_id: projectId }, "path"));
  }
  return query;
}

/** Integers arrive as text in a URL; a value that is not a plain integer stays text and fails `type`. */
function withIntegers(query: QueryInput): QueryInput {
  const typed: QueryInput = { ...query };
  for (const name of integerQueryParameters) {
    const value = typed[name];
    if (typeof value === "string" && /^-?\d+$/.test(value)) typed[name] = Number(value);
  }
  return typed;
}

/**
 * Checks a request: a URL (string or `URL`; its path and query) or a query object. Unknown
 * parameters, repeated ones, values out of range or outside an enumeration are reported.
 */
export function validateListEndpointServicesRequest(input: string | URL | QueryInput): ContractResult {
  const errors: ContractError[] = [];
  let query: QueryInput;
  if (typeof input === "string" || input instanceof URL) {
    let url: URL;
    try {
      url = new URL(input, "http://localhost");
    } catch {
      return result([{ path: "url", message: `${JSON.stringify(String(input).slice(0, 80))} is not a URL`, keyword: "url" }]);
    }
    query = queryFromUrl(url, errors);
  } else if (input && typeof input === "object" && !Array.isArray(input)) {
    query = input;
  } else {
    return result([{ path: "query", message: "must be a URL or an object of query parameters", keyword: "type" }]);
  }
  return result([...errors, ...run(compiled.query, withIntegers(query), "query")]);
}
