// The suite `vpcep-contract check` runs against a live server, derived from the document: valid
// requests covering every enum value, the boundaries of limit and offset, paging consistency, and
// invalid requests that must be refused with the documented 400 body. Every answer's status,
// headers and body are validated.
import { operationPath, queryParameters, type QueryParameterConstraints } from "../../generated/contract-validators.js";
import { signRequest, type AkSkCredentials } from "../sign-request.js";
import { validateListEndpointServicesResponse } from "./index.js";

export interface CheckOptions {
  baseUrl: string;
  projectId: string;
  auth?: { token: string } | AkSkCredentials;
  /** Per request. */
  timeoutMs: number;
  fetch?: typeof globalThis.fetch;
  /** Pages walked at most by the paging case. */
  maxPages?: number;
}

export interface CaseResult {
  name: string;
  /** The requests made, as method, path and query (no headers: credentials never appear). */
  requests: string[];
  status: number | undefined;
  problems: string[];
  ms: number;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

class Unreachable extends Error {}

type Query = Record<string, string | number>;

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")) return `no answer within ${timeoutMs} ms (timed out)`;
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `no HTTP answer (${error instanceof Error ? error.message : String(error)}${cause})`;
}

export async function runCheck(options: CheckOptions): Promise<CaseResult[]> {
  const base = options.baseUrl.replace(/\/$/, "");
  const path = operationPath.replace("{project_id}", encodeURIComponent(options.projectId));
  const doFetch = options.fetch ?? globalThis.fetch;

  async function get(query: Query, requests: string[]): Promise<Answer> {
    const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
    const target = `${path}${search ? `?${search}` : ""}`;
    requests.push(`GET ${target}`);
    let request = new Request(`${base}${target}`, { headers: { Accept: "application/json" }, signal: AbortSignal.timeout(options.timeoutMs) });
    if (options.auth && "token" in options.auth) request.headers.set("X-Auth-Token", options.auth.token);
    else if (options.auth) {
      request.headers.set("X-Project-Id", options.projectId);
      request = await signRequest(request, options.auth);
    }
    let response: Response;
    let text: string;
    try {
      response = await doFetch(request);
      text = await response.text();
    } catch (error) {
      throw new Unreachable(describeFailure(error, options.timeoutMs));
    }
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // validated as text: the validator reports it is not JSON
    }
    return { status: response.status, headers: response.headers, text, body };
  }

  const contractProblems = (answer: Answer) =>
    validateListEndpointServicesResponse(answer.status, answer.headers, answer.text).errors.map((e) => `${e.path}: ${e.message}`);

  function expectStatus(answer: Answer, expected: number, problems: string[]) {
    if (answer.status !== expected) problems.push(`status: expected ${expected}, got ${answer.status}`);
  }

  const page = (answer: Answer) => answer.body as { endpoint_services?: { id?: unknown }[]; total_count?: unknown };

  const results: CaseResult[] = [];
  async function run(name: string, body: (requests: string[], problems: string[]) => Promise<number | undefined>) {
    const started = performance.now();
    const requests: string[] = [];
    const problems: string[] = [];
    let status: number | undefined;
    try {
      status = await body(requests, problems);
    } catch (error) {
      if (!(error instanceof Unreachable)) throw error;
      problems.push(error.message);
      results.push({ name, requests, status, problems, ms: performance.now() - started });
      throw error;
    }
    results.push({ name, requests, status, problems, ms: performance.now() - started });
  }

  async function valid(name: string, query: Query, extra?: (answer: Answer, problems: string[]) => void) {
    await run(name, async (requests, problems) => {
      const answer = await get(query, requests);
      expectStatus(answer, 200, problems);
      problems.push(...contractProblems(answer));
      if (answer.status === 200) extra?.(answer, problems);
      return answer.status;
    });
  }

  async function refused(name: string, query: Query) {
    await run(name, async (requests, problems) => {
      const answer = await get(query, requests);
      expectStatus(answer, 400, problems);
      if (answer.status >= 400) problems.push(...contractProblems(answer));
      return answer.status;
    });
  }

  const enums = queryParameters.filter((p): p is QueryParameterConstraints & { enum: string[] } => Array.isArray(p.enum));
  const integer = (name: string) => queryParameters.find((p) => p.name === name && p.type === "integer");

  try {
    await valid("valid: no parameters", {});
    for (const parameter of enums) {
      for (const value of parameter.enum) await valid(`valid: ${parameter.name}=${value}`, { [parameter.name]: value });
    }
    const limit = integer("limit");
    const offset = integer("offset");
    if (limit?.minimum !== undefined) await valid(`boundary: limit=${limit.minimum} (minimum)`, { limit: limit.minimum });
    await valid("boundary: limit=1 holds at most one service", { limit: 1 }, (answer, problems) => {
      const count = page(answer).endpoint_services?.length ?? 0;
      if (count > 1) problems.push(`endpoint_services: ${count} services for limit=1`);
    });
    if (limit?.maximum !== undefined) await valid(`boundary: limit=${limit.maximum} (maximum)`, { limit: limit.maximum });
    if (offset?.minimum !== undefined) await valid(`boundary: offset=${offset.minimum} (minimum)`, { offset: offset.minimum });
    await run("boundary: offset=total_count gives an empty page", async (requests, problems) => {
      const first = await get({ limit: 1 }, requests);
      const total = page(first).total_count;
      if (first.status !== 200 || typeof total !== "number") {
        problems.push("total_count: unavailable, cannot test (the first page failed)");
        return first.status;
      }
      const end = await get({ offset: total, limit: 10 }, requests);
      expectStatus(end, 200, problems);
      problems.push(...contractProblems(end));
      const count = page(end).endpoint_services?.length;
      if (end.status === 200 && count !== 0) problems.push(`endpoint_services: ${count} services at offset=${total}, expected none`);
      return end.status;
    });
    await run("paging: pages are disjoint and total_count is stable", async (requests, problems) => {
      const size = 2;
      const seenOn = new Map<string, number>();
      let total: unknown;
      let status: number | undefined;
      for (let n = 0; n < (options.maxPages ?? 25); n++) {
        const answer = await get({ limit: size, offset: n * size, sort_key: "create_at", sort_dir: "asc" }, requests);
        status = answer.status;
        expectStatus(answer, 200, problems);
        problems.push(...contractProblems(answer).map((p) => `page ${n + 1}: ${p}`));
        if (answer.status !== 200) break;
        const { endpoint_services: services = [], total_count } = page(answer);
        if (n === 0) total = total_count;
        else if (total_count !== total) problems.push(`total_count: changed from ${String(total)} to ${String(total_count)} on page ${n + 1}`);
        for (const service of services) {
          const id = String(service.id);
          const earlier = seenOn.get(id);
          if (earlier !== undefined) problems.push(`id ${id}: on page ${earlier} and again on page ${n + 1}`);
          else seenOn.set(id, n + 1);
        }
        if (services.length < size || typeof total !== "number" || (n + 1) * size >= total) break;
      }
      return status;
    });
    if (limit?.maximum !== undefined) await refused(`invalid: limit=${limit.maximum + 1} is refused with 400`, { limit: limit.maximum + 1 });
    if (limit?.minimum !== undefined) await refused(`invalid: limit=${limit.minimum - 1} is refused with 400`, { limit: limit.minimum - 1 });
    await refused("invalid: limit=ten is refused with 400", { limit: "ten" });
    if (offset?.minimum !== undefined) await refused(`invalid: offset=${offset.minimum - 1} is refused with 400`, { offset: offset.minimum - 1 });
    for (const parameter of enums) await refused(`invalid: ${parameter.name}=not-a-${parameter.name} is refused with 400`, { [parameter.name]: `not-a-${parameter.name}` });
    for (const parameter of queryParameters.filter((p) => p.maxLength !== undefined)) {
      await refused(`invalid: ${parameter.name} of ${parameter.maxLength! + 1} characters is refused with 400`, { [parameter.name]: "n".repeat(parameter.maxLength! + 1) });
    }
  } catch (error) {
    if (!(error instanceof Unreachable)) throw error;
    // The server did not answer: the remaining cases would only wait for the same timeout.
  }
  return results;
}
