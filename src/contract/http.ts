// One GET of the operation as `vpcep-contract check` sends it: credentials attached, the answer
// read whole, every exchange recorded for coverage. A 401/403 or no answer stops the run.
import { operationPath } from "../../generated/contract-validators.js";
import { signRequest } from "../sign-request.js";
import type { Observation } from "./coverage.js";

export type Credentials = import("../shared-types.js").Auth;

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
  /** The request this answers, as method and path with query (`GET /v1/…?limit=1`). */
  request?: string;
}

export type Query = Record<string, string | number>;

/** The run cannot go on: the server did not answer, or refused the credentials. Exit code 3. */
export class CouldNotTest extends Error {
  override name = "CouldNotTest";
}

export interface Target {
  baseUrl: string;
  projectId: string;
  auth?: Credentials;
  /** Where the credentials came from (`OS_TOKEN`, `--token`, …), to name them, never their value. */
  authSource?: string;
  timeoutMs: number;
  fetch?: typeof globalThis.fetch;
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError"))
    return `no answer within ${timeoutMs} ms (timed out)`;
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `no HTTP answer (${error instanceof Error ? error.message : String(error)}${cause})`;
}

function refusedCredentials(status: number, request: string, target: Target): string {
  const source = target.authSource ?? "the credentials";
  if (status === 401 && !target.auth) {
    return `the server answered 401 to ${request}: no credentials were sent; set OS_TOKEN (or OS_ACCESS_KEY and OS_SECRET_KEY), or pass --token`;
  }
  if (status === 401)
    return `the server answered 401 to ${request}: it rejected the ${"token" in target.auth! ? "token" : "AK/SK signature"} from ${source}`;
  return `the server answered 403 to ${request}: the ${target.auth && "token" in target.auth ? "token" : "access key"} from ${source} is not allowed to list the services of project ${target.projectId}`;
}

export const requestTarget = (projectId: string, query: Query) => {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  return `${operationPath.replace("{project_id}", encodeURIComponent(projectId))}${search ? `?${search}` : ""}`;
};

/** Sends GET with the query, records it in `requests` (method and URL only) and in `observations`. */
export async function send(target: Target, query: Query, requests: string[], observations: Observation[]): Promise<Answer> {
  const base = target.baseUrl.replace(/\/$/, "");
  const path = requestTarget(target.projectId, query);
  const shown = `GET ${path}`;
  requests.push(shown);
  let request = new Request(`${base}${path}`, { headers: { Accept: "application/json" }, signal: AbortSignal.timeout(target.timeoutMs) });
  if (target.auth && "token" in target.auth) request.headers.set("X-Auth-Token", target.auth.token);
  else if (target.auth) {
    request.headers.set("X-Project-Id", target.projectId);
    request = await signRequest(request, target.auth);
  }
  let response: Response;
  let text: string;
  try {
    response = await (target.fetch ?? globalThis.fetch)(request);
    text = await response.text();
  } catch (error) {
    throw new CouldNotTest(`${describeFailure(error, target.timeoutMs)} to ${shown}`);
  }
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // validated as text: the validator reports it is not JSON
  }
  observations.push({ query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])), status: response.status, body });
  if (response.status === 401 || response.status === 403) throw new CouldNotTest(refusedCredentials(response.status, shown, target));
  return { status: response.status, headers: response.headers, text, body, request: shown };
}
