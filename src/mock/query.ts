// The query of a list request, as the service treats it: a parameter the document does not list is
// accepted and ignored (`x-unlisted-query-parameters: ignore`), or refused with 400 `EndPoint.0002`
// under `--strict-query`; a listed parameter with a value the document refuses gets its documented
// 400; a valid query is read into the store's page query with the document's defaults.
import { queryParameters as queryParameterLimits } from "../document/facts.js";
import { type ContractError, validateListEndpointServicesRequest } from "../document/validators.js";
import { type Outcome, proceed, stop } from "./exchange.js";
import { invalidParameter, parameterError } from "../document/refusals.js";

/** How the query step treats a parameter the document does not list. */
export interface QueryPolicy {
  /** Refuse it with 400 `EndPoint.0002` (`--strict-query`); by default it is ignored, as by the service. */
  strict?: boolean;
  /** Hears the names of the unlisted parameters of a request that goes on without them. */
  onUnlisted?: (names: readonly string[]) => void;
}

const isListed = (name: string) => Object.hasOwn(queryParameterLimits, name);

/** The names in `query` the document does not list, each once, in order of appearance. */
export function unlistedParameters(query: URLSearchParams): string[] {
  const names = new Set<string>();
  for (const name of query.keys()) if (!isListed(name)) names.add(name);
  return [...names];
}

/**
 * A parameter name as the mock may print it: one that looks like a parameter name (at most 32
 * characters of letters, digits and `_ . - [ ]`, words of at most 16, at most 2 digits), quoted;
 * any other (a pasted token, an access key, a value sent as a name) only by its length.
 */
export function shownName(name: string): string {
  const looksLikeAName =
    /^[A-Za-z0-9_.[\]-]{1,32}$/.test(name) &&
    name.split(/[_.[\]-]/).every((word) => word.length <= 16) &&
    (name.match(/\d/g)?.length ?? 0) <= 2;
  return looksLikeAName ? JSON.stringify(name) : `(a name of ${name.length} characters, not shown)`;
}

/**
 * Whether the validator's finding is about a parameter the document does not list (an unlisted
 * name, or one repeated): the request validator judges callers and reports those; the service ignores them.
 */
function aboutUnlisted(error: ContractError, unlisted: readonly string[]): boolean {
  if (error.keyword === "additionalProperties") return true;
  return error.keyword === "repeated" && error.path.startsWith("query.") && unlisted.includes(error.path.slice("query.".length));
}

/**
 * The step: a 400 with the documented code of the first listed parameter the document refuses;
 * then, for unlisted parameters, a 400 `EndPoint.0002` under `strict`, or go on (telling `onUnlisted`).
 */
export function refuseInvalidQuery(url: URL, policy: QueryPolicy = {}): Outcome<void> {
  const request = validateListEndpointServicesRequest(url);
  if (request.valid) return proceed(undefined);
  const unlisted = unlistedParameters(url.searchParams);
  const refused = request.errors.find((error) => !aboutUnlisted(error, unlisted));
  if (refused) return stop(400, invalidParameter(refused.path));
  return treatUnlisted(unlisted, policy);
}

/** Query parameters the document does not list: refused under `strict`, else told to `onUnlisted` and ignored. */
export function treatUnlisted(unlisted: readonly string[], policy: QueryPolicy): Outcome<void> {
  if (unlisted.length === 0) return proceed(undefined);
  if (policy.strict) return stop(400, strictRefusal(unlisted));
  policy.onUnlisted?.(unlisted);
  return proceed(undefined);
}

/** `EndPoint.0002`, naming the first unlisted parameter (as `shownName` shows it). */
export const strictRefusal = (unlisted: readonly string[]) =>
  parameterError(`--strict-query: ${shownName(unlisted[0] ?? "")} is not a parameter of this operation`);

/** The parameters of a valid query, with the document's defaults (create_at, desc, offset 0, limit 10). */
export function pageQueryOf(q: URLSearchParams): PageQuery {
  return {
    id: q.get("id") ?? undefined,
    status: q.get("status") ?? undefined,
    name: q.get("endpoint_service_name")?.toLowerCase(),
    publicBorderGroup: q.get("public_border_group") ?? undefined,
    serverType: q.get("server_type") ?? undefined,
    sortKey: (q.get("sort_key") ?? queryParameterLimits.sort_key.default) as SortKey,
    sortDir: (q.get("sort_dir") ?? queryParameterLimits.sort_dir.default) as SortDir,
    offset: Number(q.get("offset") ?? queryParameterLimits.offset.default),
    limit: Number(q.get("limit") ?? queryParameterLimits.limit.default),
  };
}

/** The step: the page the request asks for, or the documented refusal. */
export function readQuery(url: URL, policy: QueryPolicy = {}): Outcome<PageQuery> {
  const refused = refuseInvalidQuery(url, policy);
  return refused.ok ? proceed(pageQueryOf(url.searchParams)) : refused;
}

export type SortKey = "create_at" | "update_at";
export type SortDir = "asc" | "desc";

/** What the store pages by: the filters, the order and the window of one request. */
export interface PageQuery {
  id?: string | undefined;
  status?: string | undefined;
  /** Matched as a case-insensitive substring of `service_name`. */
  name?: string | undefined;
  publicBorderGroup?: string | undefined;
  /** Services whose `server_type` is exactly this (an open value: one no service has matches none). */
  serverType?: string | undefined;
  sortKey: SortKey;
  sortDir: SortDir;
  offset: number;
  limit: number;
}
