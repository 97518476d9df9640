// The one refusal of option names a reader does not know (vpcep-openapi/msw, startMock), in the
// words both use; the names are shown as the floor's `unknownNames` shows them (a value put in
// the wrong place may be a secret), then the known ones. No Node built-in.
import { unknownNames } from "../../floor/unknown-names.js";

/** Throws (through `fail`) when `given` holds a name not in `known`. */
export function refuseUnknownOptions(given: readonly string[], known: Iterable<string>, fail: (message: string) => never): void {
  const names = [...known];
  const unknown = unknownNames(given, names);
  if (unknown) fail(`unknown option(s) ${unknown}; known: ${names.join(", ")}`);
}
