// Checks every option of createVpcepClient when the client is created, so a bad input fails at
// once with a VpcepConfigError naming the field, never on the first request as a platform
// TypeError. Messages name fields and kinds of characters, never a value (a value may be a secret).
import type { AkSkCredentials } from "../auth/sign.js";
import { baseUrlProblem } from "../floor/base-url.js";
import { VpcepConfigError } from "./errors.js";
import { checkHeaderValue, headerProblem, typeName } from "../floor/header-value.js";
import { unknownNames } from "../floor/unknown-names.js";
import { GETTING_STARTED_URL } from "../floor/reference-url.js";
import { endpointOf, type Region } from "../document/regions.js";

export interface VpcepClientOptions {
  projectId: string;
  /** A region of the document's servers (`eu-de`, `cn-north-4`, …); or give `baseUrl`. */
  region?: Region;
  /** Any `http:` or `https:` endpoint without query or fragment, e.g. a mock at `http://127.0.0.1:4010`; or give `region`. */
  baseUrl?: string;
  /** `{ token }` sends `X-Auth-Token`; `{ accessKey, secretKey, securityToken? }` signs with SDK-HMAC-SHA256. */
  auth: { token: string } | AkSkCredentials;
  /** The fetch to use; `globalThis.fetch` by default. */
  fetch?: typeof globalThis.fetch;
  /** Per attempt, until the whole body has arrived: 1 to 2 147 483 647 ms. Default 30 000. */
  timeoutMs?: number;
  /** Default `{ attempts: 3, baseDelayMs: 200, maxDelayMs: 20000 }`; each field may be left out; `false` for a single attempt. */
  retry?: Partial<RetryPolicy> | false;
  /** Sent as `User-Agent` where the runtime allows it (not in browsers). */
  userAgent?: string;
  /** The most bytes a response body may have; past it the request is aborted with `VpcepResponseTooLargeError`. Default 134 217 728 (128 MiB). */
  maxBodyBytes?: number;
  /**
   * The most pages (requests) one walk of `paginateEndpointServices` or `listAllEndpointServices`
   * makes; a walk that would need more stops with `VpcepPagingError`, whatever `total_count` the
   * server sends. 1 to 1 000 000. Default 1000 (a million services at 1000 a page).
   */
  maxPages?: number;
}

export type Auth = import("../auth/credentials.js").Auth;

export interface RetryPolicy {
  /** Attempts in all, the first included (1 means no retry). */
  attempts: number;
  /** The first backoff; each later one doubles, with full jitter. */
  baseDelayMs: number;
  /** No single wait, `Retry-After` included, is longer than this. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 200, maxDelayMs: 20_000 };
export const NO_RETRY: RetryPolicy = { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 };

export interface CheckedOptions {
  projectId: string;
  baseUrl: string;
  auth: Auth;
  fetch: typeof globalThis.fetch | undefined;
  timeoutMs: number;
  retry: RetryPolicy;
  userAgent: string | undefined;
  maxBodyBytes: number;
  maxPages: number;
}

const OPTION_NAMES = ["projectId", "region", "baseUrl", "auth", "fetch", "timeoutMs", "retry", "userAgent", "maxBodyBytes", "maxPages"];
/** A walk's pages unless `maxPages` says otherwise: a million services at 1000 a page. */
export const DEFAULT_MAX_PAGES = 1000;
const MAX_PAGES_LIMIT = 1_000_000;
/**
 * The largest legal page with room to spare: 1000 of the largest legal service (about 101 kB as
 * test/client/adversary/body-limits.test.ts computes it from the document) is about 97 MiB,
 * rounded up to 128 MiB.
 */
export const DEFAULT_MAX_BODY_BYTES = 128 * 2 ** 20;
/** Within what a JavaScript string can hold on every engine. */
const MAX_BODY_BYTES_LIMIT = 2 ** 29 - 24;
const RETRY_NAMES = ["attempts", "baseDelayMs", "maxDelayMs"];
/** setTimeout fires at once for longer delays. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const fail = (message: string): never => {
  throw new VpcepConfigError(message);
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function refuseUnknown(what: string, value: Record<string, unknown>, known: readonly string[]) {
  const unknown = unknownNames(Object.keys(value), known);
  if (unknown) fail(`${what} has unknown field(s) ${unknown}; known: ${known.join(", ")}`);
}

export function checkAuth(auth: unknown): Auth {
  const shape = "auth must be { token } or { accessKey, secretKey, securityToken? }";
  if (!isObject(auth)) return fail(`${shape}, not ${typeName(auth)}`);
  if ("token" in auth) {
    if ("accessKey" in auth || "secretKey" in auth || "securityToken" in auth) fail(`${shape}, not both`);
    return { token: checkHeaderValue("auth.token", auth["token"]) };
  }
  if (!("accessKey" in auth) || !("secretKey" in auth)) fail(`${shape}: ${"accessKey" in auth ? "secretKey" : "accessKey"} is missing`);
  refuseUnknown("auth", auth, ["accessKey", "secretKey", "securityToken"]);
  const accessKey = checkHeaderValue("auth.accessKey", auth["accessKey"]);
  const secretKey = checkHeaderValue("auth.secretKey", auth["secretKey"]);
  if (auth["securityToken"] === undefined) return { accessKey, secretKey };
  return { accessKey, secretKey, securityToken: checkHeaderValue("auth.securityToken", auth["securityToken"]) };
}

function checkDelay(field: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > MAX_TIMER_MS) {
    return fail(`retry.${field} must be a number of milliseconds from 0 to ${MAX_TIMER_MS}`);
  }
  return value;
}

export function checkRetry(retry: unknown): RetryPolicy {
  if (retry === false) return NO_RETRY;
  if (retry === undefined) return DEFAULT_RETRY;
  if (!isObject(retry)) return fail("retry must be an object { attempts?, baseDelayMs?, maxDelayMs? } or false");
  refuseUnknown("retry", retry, RETRY_NAMES);
  const attempts = countOption("retry.attempts", retry["attempts"], DEFAULT_RETRY.attempts, 10);
  const baseDelayMs = checkDelay("baseDelayMs", retry["baseDelayMs"], DEFAULT_RETRY.baseDelayMs);
  const maxDelayMs = checkDelay("maxDelayMs", retry["maxDelayMs"], Math.max(DEFAULT_RETRY.maxDelayMs, baseDelayMs));
  if (maxDelayMs < baseDelayMs) fail("retry.maxDelayMs must not be below retry.baseDelayMs");
  return { attempts, baseDelayMs, maxDelayMs };
}

export function checkBaseUrl(baseUrl: unknown): string {
  if (typeof baseUrl !== "string") return fail(`baseUrl must be a string, not ${typeName(baseUrl)}`);
  const problem = baseUrlProblem(baseUrl);
  return problem ? fail(`baseUrl ${problem}`) : new URL(baseUrl).href.replace(/\/+$/, "");
}

function checkTimeout(timeoutMs: unknown): number {
  if (timeoutMs === undefined) return 30_000;
  if (typeof timeoutMs !== "number" || !Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_TIMER_MS) {
    return fail(`timeoutMs must be a number of milliseconds above 0 and at most ${MAX_TIMER_MS}`);
  }
  return timeoutMs;
}

/** An option that is a whole number from 1 to `max` (an integer number `of` what); `fallback` when absent. */
function countOption(name: string, value: unknown, fallback: number, max: number, of = ""): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    return fail(`${name} must be an integer${of} from 1 to ${max}`);
  }
  return value;
}

/** A call's query and per-call options; the signal of the options. */
export function checkCall(query: unknown, options: unknown): AbortSignal | undefined {
  if (query !== undefined && !isObject(query)) fail("the query must be an object");
  if (options === undefined) return undefined;
  if (!isObject(options) || (options["signal"] !== undefined && !(options["signal"] instanceof AbortSignal))) {
    return fail("request options must be { signal?: AbortSignal }");
  }
  // timeoutMs, retry and the rest are the client's options: given on a call they would do nothing.
  refuseUnknown("request options", options, ["signal"]);
  return options["signal"] as AbortSignal | undefined;
}

export function checkClientOptions(options: unknown): CheckedOptions {
  if (!isObject(options)) return fail("createVpcepClient needs an options object { projectId, region or baseUrl, auth }");
  refuseUnknown("options", options, OPTION_NAMES);
  const { projectId, region, baseUrl, fetch, userAgent } = options;
  if (typeof projectId !== "string" || headerProblem(projectId)) {
    fail(`projectId must be the project's ID, a non-empty string of printable ASCII (see ${GETTING_STARTED_URL})`);
  }
  const auth = checkAuth(options["auth"]);
  if (fetch !== undefined && typeof fetch !== "function") fail(`fetch must be a function like globalThis.fetch, not ${typeName(fetch)}`);
  if (fetch === undefined && typeof globalThis.fetch !== "function") fail("this runtime has no global fetch; pass options.fetch");
  if ("accessKey" in auth && !globalThis.crypto?.subtle)
    fail("AK/SK signing needs Web Crypto (crypto.subtle): browsers have it on https: pages only");
  if (userAgent !== undefined) checkHeaderValue("userAgent", userAgent);
  if (region !== undefined && baseUrl !== undefined) fail("give region or baseUrl, not both");
  if (region === undefined && baseUrl === undefined) fail('give region (e.g. "eu-de") or baseUrl');
  const endpoint =
    baseUrl !== undefined
      ? checkBaseUrl(baseUrl)
      : typeof region === "string"
        ? endpointOf(region)
        : fail('region must be a string such as "eu-de"');
  return {
    projectId: projectId as string,
    baseUrl: endpoint,
    auth,
    fetch: fetch as typeof globalThis.fetch | undefined,
    timeoutMs: checkTimeout(options["timeoutMs"]),
    retry: checkRetry(options["retry"]),
    userAgent: userAgent as string | undefined,
    maxBodyBytes: countOption("maxBodyBytes", options["maxBodyBytes"], DEFAULT_MAX_BODY_BYTES, MAX_BODY_BYTES_LIMIT, " number of bytes"),
    maxPages: countOption("maxPages", options["maxPages"], DEFAULT_MAX_PAGES, MAX_PAGES_LIMIT, " number of pages"),
  };
}
