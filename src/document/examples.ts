// The document's examples per status, for `Prefer: code=…, example=…`: read from the bundled
// document at build time (generated/document-facts.js).
import { examplesByStatus, type Json } from "./facts.js";

export type { Json };

let cache: Map<number, Map<string, Json>> | undefined;

/** Status → example name → value, for every documented status of the operation. */
export function documentedExamples(): Map<number, Map<string, Json>> {
  cache ??= new Map(
    Object.entries(examplesByStatus as Readonly<Record<string, Readonly<Record<string, Json>>>>)
      .filter(([status]) => /^\d{3}$/.test(status))
      .map(([status, named]) => [Number(status), new Map(Object.entries(named))]),
  );
  return cache;
}
