// The mock's log line for a query parameter the document does not list: the mock ignores it, as the
// service does, and says so once per name, so a misspelt `limt=5` is noticed without flooding the
// log. Only names are printed, never values (a value may be a credential), and only names that look
// like parameter names (see `shownName`); past MAX_NAMES distinct names, one last line says so.
import { shownName } from "./query.js";

export const MAX_REPORTED_NAMES = 100;

/** A reporter of unlisted names: each name's first use writes one line with `write`. */
export function createUnlistedReporter(write: (line: string) => void, maxNames = MAX_REPORTED_NAMES): (names: readonly string[]) => void {
  const seen = new Set<string>();
  let full = false;
  return (names) => {
    for (const name of names) {
      if (full || seen.has(name)) continue;
      if (seen.size >= maxNames) {
        full = true;
        write(`warning: more than ${maxNames} unlisted query parameters; no more are reported`);
        return;
      }
      seen.add(name);
      write(
        `warning: ignored the query parameter ${shownName(name)}, which the document does not list (reported once; --strict-query refuses it)`,
      );
    }
  };
}
