// The one refusal of option names a reader does not know (vpcep-openapi/msw, startMock): each name
// shown only when it looks like one (a value put in the wrong place may be a secret), then the known
// ones. No Node built-in.

/** Throws (through `fail`) when `given` holds a name not in `known`. */
export function refuseUnknownOptions(given: readonly string[], known: Iterable<string>, fail: (message: string) => never): void {
  const names = new Set(known);
  const unknown = given.filter((name) => !names.has(name));
  if (unknown.length > 0)
    fail(`unknown option(s) ${unknown.map((name) => (/^\w{1,40}$/.test(name) ? name : "?")).join(", ")}; known: ${[...names].join(", ")}`);
}
