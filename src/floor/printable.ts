// Text from the wire as a report prints it: on one line and never as a command. Control characters
// (ANSI escapes included), line breaks of any kind and bidirectional overrides are written as visible
// `\uXXXX`, so nothing a server sends starts a line of its own or moves the cursor; and a line that
// would begin with `::` (a GitHub workflow command such as `::error::` or `::stop-commands::`, which
// the runner reads after leading spaces) gets those colons written `%3A%3A`.
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/** The text with every control character, line break and bidirectional override written as `\uXXXX`. */
export const neutralize = (text: string) =>
  text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);

/** The text with no line that reads as a workflow command: a line's leading `::` (after spaces) is written `%3A%3A`. */
export const withoutCommands = (text: string) => text.replace(/^([ \t]*)::/gm, "$1%3A%3A");

/** At most `max` characters of an already masked text, cut with `…`. */
export const cut = (masked: string, max: number) => (masked.length > max ? `${masked.slice(0, max - 1)}…` : masked);
