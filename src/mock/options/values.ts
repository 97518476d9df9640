// The stateful mock's option values as code passes them (MSW), checked by the rules of the bin's
// flags (config.ts): a whole rate limit from 1, a fault rate from 0 to 1, a whole seed from 0, whole
// lifecycle milliseconds from 0, booleans as booleans, tokens as non-empty strings. Node-free, so
// the msw entry can use it. Messages name the option, never quote a value (it may be a secret).
import type { LifecycleOptions } from "../state/lifecycle.js";
import { refuseUnknownOptions } from "./unknown-options.js";

type Fail = (message: string) => never;

const isWhole = (value: unknown, min: number): value is number => Number.isSafeInteger(value) && (value as number) >= min;

export function checkRateLimit(value: unknown, fail: Fail): number | undefined {
  if (value === undefined) return undefined;
  return isWhole(value, 1) ? value : fail("rateLimit must be a whole number of requests per second, at least 1");
}

export function checkFaults(value: unknown, fail: Fail): { rate: number; seed: number } | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return fail("faults must be an object { rate, seed }");
  refuseUnknownOptions(Object.keys(value), ["rate", "seed"], (message) => fail(`faults: ${message}`));
  const { rate, seed = 1 } = value as { rate?: unknown; seed?: unknown };
  if (typeof rate !== "number" || !Number.isFinite(rate) || rate < 0 || rate > 1) fail("faults.rate must be a rate from 0 to 1");
  if (!isWhole(seed, 0)) fail("faults.seed must be a whole number, at least 0");
  return { rate: rate as number, seed: seed as number };
}

export function checkLifecycle(value: unknown, fail: Fail): LifecycleOptions | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return fail("lifecycle must be an object { creatingMs?, deletingMs?, creatingBecomes? }");
  refuseUnknownOptions(Object.keys(value), ["creatingMs", "deletingMs", "creatingBecomes"], (message) => fail(`lifecycle: ${message}`));
  const { creatingMs, deletingMs, creatingBecomes } = value as Record<string, unknown>;
  for (const [name, ms] of [
    ["creatingMs", creatingMs],
    ["deletingMs", deletingMs],
  ] as const)
    if (ms !== undefined && !isWhole(ms, 0)) fail(`lifecycle.${name} must be a whole number of milliseconds, at least 0`);
  if (creatingBecomes !== undefined && creatingBecomes !== "available" && creatingBecomes !== "failed")
    fail("lifecycle.creatingBecomes must be available or failed");
  return value as LifecycleOptions;
}

export function checkBoolean(name: string, value: unknown, fail: Fail): boolean | undefined {
  if (value === undefined || typeof value === "boolean") return value;
  return fail(`${name} must be true or false`);
}

/** A token or a list of them; never echoes one. */
export function checkTokens(value: unknown, fail: Fail): string[] {
  if (value === undefined) return [];
  const tokens: unknown[] = typeof value === "string" ? [value] : Array.isArray(value) ? value : [value];
  if (tokens.some((t) => typeof t !== "string" || t === "")) fail("token must be a non-empty string or an array of them");
  return tokens as string[];
}
