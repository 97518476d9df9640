// Which answers are worth another attempt, and how long to wait before it. Loaded when an answer
// may be worth a retry (see `mayRetry` in transport.ts): browser bundles do not carry it up front.
import { sleep } from "../floor/sleep.js";
import type { RetryPolicy } from "./client-options.js";
import { readErrorBody } from "./error-body.js";

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
/** The service's own rate limit, which it answers with HTTP 400. */
const RATE_LIMITED_CODE = "EndPoint.0022";

export function isRetryable(status: number, body: string): boolean {
  if (RETRYABLE_STATUS.has(status)) return true;
  return status === 400 && body.includes(RATE_LIMITED_CODE) && readErrorBody(body).errorCode === RATE_LIMITED_CODE;
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The wait before attempt `attempt + 1`: `Retry-After` when given, else exponential backoff with full jitter. */
export function backoffMs(policy: RetryPolicy, attempt: number, retryAfter: number | undefined, random = Math.random): number {
  if (retryAfter !== undefined) return Math.min(retryAfter, policy.maxDelayMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}

/** Waits before attempt `attempt + 1` as `backoffMs` says (`Retry-After` from `headers`); rejects as soon as `signal` aborts. */
export const waitToRetry = (policy: RetryPolicy, attempt: number, headers: Headers, signal: AbortSignal | undefined) =>
  sleep(backoffMs(policy, attempt, retryAfterMs(headers.get("Retry-After"))), signal);
