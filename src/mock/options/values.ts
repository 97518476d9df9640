// The stateful mock's option values as code passes them (MSW), checked by the rules the bin's
// flags keep (rules.ts): booleans as booleans, tokens as non-empty strings, objects with known
// keys. Node-free, so the msw entry can use it. Messages name the option, never quote a value (it
// may be a secret).
import type { LifecycleOptions } from "../state/lifecycle.js";
import { CREATING_BECOMES_SAYS, isCreatingBecomes, optionNumber, RULES } from "./rules.js";
import { refuseUnknownOptions } from "./unknown-options.js";

type Fail = (message: string) => never;

export const checkRateLimit = (value: unknown, fail: Fail): number | undefined => optionNumber("rateLimit", value, RULES.rateLimit, fail);

export function checkFaults(value: unknown, fail: Fail): { rate: number; seed: number } | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return fail("faults must be an object { rate, seed }");
  refuseUnknownOptions(Object.keys(value), ["rate", "seed"], (message) => fail(`faults: ${message}`));
  const { rate, seed = 1 } = value as { rate?: unknown; seed?: unknown };
  if (rate === undefined) fail(`faults.rate must be ${RULES.faultRate.says}`);
  return { rate: optionNumber("faults.rate", rate, RULES.faultRate, fail)!, seed: optionNumber("faults.seed", seed, RULES.seed, fail)! };
}

export function checkLifecycle(value: unknown, fail: Fail): LifecycleOptions | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return fail("lifecycle must be an object { creatingMs?, deletingMs?, creatingBecomes? }");
  refuseUnknownOptions(Object.keys(value), ["creatingMs", "deletingMs", "creatingBecomes"], (message) => fail(`lifecycle: ${message}`));
  const { creatingMs, deletingMs, creatingBecomes } = value as Record<string, unknown>;
  optionNumber("lifecycle.creatingMs", creatingMs, RULES.lifecycleMs, fail);
  optionNumber("lifecycle.deletingMs", deletingMs, RULES.lifecycleMs, fail);
  if (creatingBecomes !== undefined && !isCreatingBecomes(creatingBecomes))
    fail(`lifecycle.creatingBecomes must be ${CREATING_BECOMES_SAYS}`);
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
