// "Refuse unknown option names", written once: the names an object has that the caller does not
// take, shown without risking a secret, for each site to put in its own words and error type.

/** A name shown as written when it looks like an identifier; otherwise `?` (a value pasted as a name may be a secret). */
const shownName = (name: string) => (/^\w{1,40}$/.test(name) ? name : "?");

/** The names among `given` that `known` lacks, shown and joined (`colour, ?`); undefined when every name is known. */
export function unknownNames(given: readonly string[], known: readonly string[], show = shownName): string | undefined {
  const unknown = given.filter((name) => !known.includes(name));
  return unknown.length > 0 ? unknown.map(show).join(", ") : undefined;
}
