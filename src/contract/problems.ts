// A problem a check found, as a record: which check, where (a JSON path such as
// `endpoint_services[3].ports[0].client_port`, or `status`, `headers.content-type`, `total_count`),
// what, and the request that showed it (method and URL, secrets masked). `problemText` is the line a
// person reads; the JSON, JUnit and Markdown reports keep the records.
import { redactUrl } from "../floor/redact.js";
import type { ContractError } from "../document/validators.js";

/** The checks, named as the cases that run them; a problem carries one of these names. */
export const CHECKS = {
  "status-documented": "the status is an HTTP status the operation documents",
  "content-type": "the answer is application/json",
  "response-json": "the body is JSON",
  "response-schema": "the body is valid for its status (the page, or an error body)",
  "request-schema": "a recorded request is valid for the operation",
  method: "a recorded request is a GET",
  url: "a recorded request has a URL",
  "status-expected": "a valid request is answered 200, an invalid one 400",
  "error-code": "a refusal carries the code the document names for the refused parameter (EndPoint.0006 for limit, …)",
  "limit-respected": "a page holds at most `limit` services, and no fewer than it can",
  "auth-missing": "a request without credentials is refused with 401 and a documented error body",
  "auth-wrong": "a request with a wrong credential is refused with 401 and a documented error body",
  "default-page-size": "without limit, a page holds the documented default number of services",
  "default-order": "without sort_key and sort_dir, the page follows the documented default order",
  "offset-respected": "offset=k starts the page at the k-th service of the listing",
  baseline: "the listing the meaning checks compare with could be walked whole",
  "limit-zero":
    "limit=0 gets one of the answers the document's x-limit-zero allows (400 EndPoint.0006, or no services and the full total_count)",
  "offset-at-end": "an offset at total_count gives an empty page",
  "filter-status": "status= returns only services of that status",
  "filter-name": "endpoint_service_name= matches names containing it, ignoring case",
  "filter-id": "id= returns at most that service",
  "filter-server-type": "server_type= returns only services of that type, or is ignored (the unfiltered page)",
  "total-count": "total_count counts the matches, not the page",
  "sort-order": "sort_key and sort_dir order holds within and across pages",
  "pages-disjoint": "no service is on two pages",
  "pages-complete": "the pages together hold every listed service",
  "total-count-stable": "total_count does not change from page to page",
  fuzz: "generated requests are answered as the document says",
  "could-not-test": "the server answered and accepted the credentials",
  case: "a problem its case reports without naming a check",
} as const;

export type CheckName = keyof typeof CHECKS;

export interface ProblemRequest {
  method: string;
  /** Path and query, or the full URL of a recorded exchange; secrets masked. */
  url: string;
}

export interface Problem {
  check: CheckName;
  /** A JSON path in the body, or `status`, `headers.content-type`, `query.limit`…; empty when the problem has no one place. */
  path: string;
  message: string;
  /** Which answer of several it is about (`page 2`), when a case walks pages. */
  where?: string;
  request?: ProblemRequest;
}

/** The line a person reads: `endpoint_services[0].status: must be equal to one of the allowed values`. */
export function problemText(problem: Problem): string {
  const prefix = problem.where ? `${problem.where}: ` : "";
  return problem.path ? `${prefix}${problem.path}: ${problem.message}` : `${prefix}${problem.message}`;
}

/** `GET /v1/p/vpc-endpoint-services?limit=1` → `{ method, url }`, with query parameters named like a secret masked. */
export function problemRequest(shown: string): ProblemRequest {
  const space = shown.indexOf(" ");
  const method = space > 0 ? shown.slice(0, space) : "GET";
  const target = space > 0 ? shown.slice(space + 1) : shown;
  const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(target);
  if (!URL.canParse(target, "http://request.local")) return { method, url: target };
  const masked = new URL(redactUrl(new URL(target, "http://request.local").href));
  return { method, url: absolute ? masked.href : `${masked.pathname}${masked.search}` };
}

/** The check a validator's error belongs to. */
export function checkOfError(error: ContractError): CheckName {
  if (error.keyword === "status") return "status-documented";
  if (error.keyword === "content-type") return "content-type";
  if (error.keyword === "json") return "response-json";
  return "response-schema";
}

/** The problems one case keeps: a page of 64,000 invalid services must not hold the run's memory. */
export const MAX_PROBLEMS_PER_CASE = 1000;

/** A case's problems as it finds them; each is stamped with the request the case made last. Past MAX_PROBLEMS_PER_CASE they are counted, not kept. */
export class Problems {
  readonly records: Problem[] = [];
  /** Problems found past the cap, counted only. */
  dropped = 0;
  constructor(private readonly lastRequest: () => string | undefined = () => undefined) {}

  private keep(problem: Problem): void {
    if (this.records.length < MAX_PROBLEMS_PER_CASE) this.records.push(problem);
    else this.dropped++;
  }

  add(check: CheckName, path: string, message: string, extra: { where?: string; request?: string } = {}): void {
    const request = extra.request ?? this.lastRequest();
    this.keep({
      check,
      path,
      message,
      ...(extra.where ? { where: extra.where } : {}),
      ...(request ? { request: problemRequest(request) } : {}),
    });
  }

  /** Records made elsewhere (`contractProblems`), optionally placed (`page 2`). */
  addAll(problems: readonly Problem[], where?: string): void {
    for (const problem of problems) this.keep(where ? { ...problem, where } : problem);
  }

  /** The records, with one more saying how many were counted past the cap. */
  all(): Problem[] {
    if (this.dropped === 0) return this.records;
    return [...this.records, { check: "case", path: "", message: `… and ${this.dropped} more problems, counted but not kept` }];
  }

  get length(): number {
    return this.records.length;
  }
}
