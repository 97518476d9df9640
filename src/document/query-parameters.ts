// The query parameters as a list, in the document's order: the view of `queryParameters` (one
// fact, by name, in generated/document-facts.js) that suites and coverage walk.
import { queryParameters as byName } from "./facts.js";

export interface QueryParameterConstraints {
  readonly name: string;
  readonly type: "string" | "integer";
  readonly enum?: readonly string[];
  /** The known values of an open enumeration: any other value is valid too. */
  readonly known?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly default?: string | number;
  readonly required: boolean;
}

/** The query parameters with the constraints a test suite derives cases from. */
export const queryParameterList: readonly QueryParameterConstraints[] = Object.entries(byName).map(
  ([name, facts]) => ({ name, ...facts }) as QueryParameterConstraints,
);

/** The query parameters whose values are integers (a URL carries them as text). */
export const integerQueryParameters: readonly string[] = queryParameterList.filter((p) => p.type === "integer").map((p) => p.name);
