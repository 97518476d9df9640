// Every check of `vpcep-contract check`, in the order a run takes them, and the selection
// `--checks` / `--exclude-checks` make of them.
import type { Check } from "./check-unit.js";
import {
  defaults,
  filterId,
  filterName,
  filterServerType,
  filterStatus,
  limit,
  limitZero,
  offset,
  paging,
  sortOrder,
} from "./checks-meaning.js";
import { authMissing, authWrong, refusals, responses } from "./checks-request.js";
import { fuzz } from "./fuzz-check.js";

export type { Check } from "./check-unit.js";

export const CHECK_UNITS: readonly Check[] = [
  responses,
  authMissing,
  authWrong,
  paging,
  defaults,
  limit,
  limitZero,
  offset,
  sortOrder,
  filterStatus,
  filterName,
  filterId,
  filterServerType,
  refusals,
  fuzz,
];

export const CHECK_NAMES: readonly string[] = CHECK_UNITS.map((c) => c.name);

/** The checks a run takes: those named by `only` (all when absent), minus those `exclude` names. */
export function selectChecks(only?: readonly string[], exclude: readonly string[] = []): Check[] {
  return CHECK_UNITS.filter((c) => (only === undefined || only.includes(c.name)) && !exclude.includes(c.name));
}

/** `--list-checks`: one line per check, its name and what it proves. */
export function listChecks(): string {
  const width = Math.max(...CHECK_NAMES.map((n) => n.length));
  return CHECK_UNITS.map((c) => `${c.name.padEnd(width)}  ${c.description}${c.needsState ? " (skipped with --stateless)" : ""}`).join("\n");
}
