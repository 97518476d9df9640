// One GET of the operation as `vpcep-contract check` sends it: credentials attached, the answer
// read whole, every exchange recorded for coverage. A 401/403 or no answer stops the run.
// It sends as the client does (src/send/). Against a hostile server: a redirect is never followed
// (the credentials stay with the base URL's origin; the case is not run, naming the status and the
// Location's origin only, or that the fetch given followed it), and the body is read as a stream
// up to MAX_ANSWER_BYTES and MAX_JSON_DEPTH (past either: the case is not run).
import { operationPath } from "../document/operation.js";
import type { HttpAnswer } from "../floor/shared-types.js";
import { authenticator } from "../send/authenticate.js";
import { MAX_JSON_DEPTH, TOO_DEEP, TOO_LARGE } from "../send/guarded-read.js";
import { REDIRECTED, receive, sendGet } from "../send/send.js";
import type { CoverageCollector } from "./coverage.js";

export type Credentials = import("../auth/credentials.js").Auth;

export interface Answer extends HttpAnswer {
  body: unknown;
  /** The request this answers, as method and path with query (`GET /v1/…?limit=1`). */
  request?: string;
}

/** The most bytes of one answer the check reads: the largest legal page (1,000 services) with room to spare. */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/**
 * One case could not be completed (a redirect, an answer past the size or depth limit, the page
 * cap): the case is reported as not run, with this reason, and the run goes on. Exit code 3 unless
 * another case found violations (1).
 */
export class CaseNotRun extends Error {
  override name = "CaseNotRun";
}

/** The run's deadline (`--deadline`) passed: this case and every later one are not run. */
export class DeadlineReached extends CaseNotRun {
  override name = "DeadlineReached";
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
  /** When the run started (epoch ms), to name the deadline in seconds. */
  startedAt?: number;
  timeoutMs: number;
  /** When the whole run must end (epoch ms, `--deadline`); a request in flight then is aborted. */
  deadline?: number;
  /** `--deadline` as given, in seconds, to name it in the reason of the cases it left not run. */
  deadlineSeconds?: number;
  fetch?: typeof globalThis.fetch;
}

/** How one request of a case is sent. */
export interface SendOptions {
  /** Other credentials than the target's: `null` sends none (the authentication checks). */
  credentials?: Credentials | null;
  /** A 401 or 403 is the answer the case asks for, not the end of the run. */
  refusalExpected?: boolean;
}

export const deadlineReason = (target: Target) =>
  `the run's deadline (--deadline ${target.deadlineSeconds ?? Math.round((target.deadline ?? 0) - (target.startedAt ?? 0)) / 1000} s) passed before this case could finish`;

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

/** Why a redirect ends the case: the status and where it pointed, as an origin only (no path, query or user info). */
function redirected(response: Response, shown: string, base: string): string {
  const policy = `the service never redirects, and the check does not follow a redirect (credentials go to ${new URL(base).origin} only)`;
  // A fetch given to the check that follows redirects despite redirect: "manual": what it answers is not the server's.
  if (response.redirected && !(response.status >= 300 && response.status < 400))
    return `the fetch given followed a redirect of ${shown} despite redirect: "manual"; its answer (${response.status}) was discarded; ${policy}`;
  const location = response.headers.get("Location");
  const resolved = location !== null && URL.canParse(location, base) ? new URL(location, base) : undefined;
  const where =
    location === null
      ? "without a Location"
      : resolved === undefined || !/^https?:$/.test(resolved.protocol)
        ? "to a Location that is not an http(s) URL"
        : resolved.origin === new URL(base).origin
          ? `to the same origin (${resolved.origin})`
          : `to another origin (${resolved.origin})`;
  const status = response.type === "opaqueredirect" ? "a redirect" : String(response.status);
  return `the server answered ${status} to ${shown}, redirecting ${where}; ${policy}`;
}

const isReset = (error: unknown) => {
  const code = error instanceof Error && error.cause instanceof Error ? (error.cause as NodeJS.ErrnoException).code : undefined;
  return code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "EPIPE";
};

/** Sends GET with the query, records it in `requests` (method and URL only) and folds it into `coverage`. */
export async function send(
  target: Target,
  query: Query,
  requests: string[],
  coverage: CoverageCollector,
  options: SendOptions = {},
): Promise<Answer> {
  const base = target.baseUrl.replace(/\/$/, "");
  const path = requestTarget(target.projectId, query);
  const shown = `GET ${path}`;
  const left = target.deadline === undefined ? Infinity : target.deadline - Date.now();
  if (left <= 0) throw new DeadlineReached(deadlineReason(target));
  requests.push(shown);
  const auth = options.credentials === undefined ? target.auth : (options.credentials ?? undefined);
  const signal = AbortSignal.timeout(Math.max(1, Math.min(target.timeoutMs, left)));
  const authenticate = authenticator(auth, target.projectId, undefined, async (credentials) => {
    const { createSigner } = await import("../auth/sign.js");
    return createSigner(credentials);
  });
  const request = () => sendGet(`${base}${path}`, new Headers({ Accept: "application/json" }), authenticate, target.fetch, signal);
  let response: Response | undefined;
  let text: string | typeof TOO_LARGE | typeof TOO_DEEP;
  try {
    try {
      response = await request();
    } catch (error) {
      // A kept-alive connection the server closed just as it was reused: the GET is sent once more, on a new one.
      if (!isReset(error) || signal.aborted) throw error;
      response = await request();
    }
    const received = await receive(response, MAX_ANSWER_BYTES);
    if (received === REDIRECTED) throw new CaseNotRun(redirected(response, shown, base));
    text = received;
  } catch (error) {
    if (error instanceof CaseNotRun) throw error;
    // The timer that ends the wait may fire a millisecond before the clock reads the deadline: an
    // abort of a wait the deadline cut short is the deadline's, whatever the clock says.
    const cutByDeadline = signal.aborted && left < target.timeoutMs;
    // Said when no answer had begun: a server that stays silent is not taken for a slow run.
    if (target.deadline !== undefined && (cutByDeadline || Date.now() >= target.deadline))
      throw new DeadlineReached(`${deadlineReason(target)}${response === undefined ? `; ${shown} had no answer by then` : ""}`);
    throw new CouldNotTest(`${describeFailure(error, target.timeoutMs)} to ${shown}`);
  }
  if (text === TOO_LARGE) throw new CaseNotRun(`the answer to ${shown} is larger than ${MAX_ANSWER_BYTES} bytes; the check reads no more`);
  if (text === TOO_DEEP)
    throw new CaseNotRun(
      `the answer to ${shown} nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels; the check does not parse it`,
    );
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // validated as text: the validator reports it is not JSON
  }
  coverage.add({ query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])), status: response.status, body });
  if (!options.refusalExpected && (response.status === 401 || response.status === 403))
    throw new CouldNotTest(refusedCredentials(response.status, shown, target));
  return { status: response.status, headers: response.headers, text, body, request: shown };
}
