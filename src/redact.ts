// Secrets in recorded or reported URLs and bodies: which names hold one, and how a URL is shown without them.
// A field, parameter or header name that holds a secret, whatever its casing and separators
// (`access_key`, `secretAccessKey`, `X-Amz-Signature`, `access_token`, `credential.access`).
export const SECRET_FIELD =
  /^(ak|sk|access|secret|token|signature|password|passwd|credentials?)$|access[_-]?key|secret|token|signature|password|passwd|credential/i;
export const MASK = "***";

/** The URL with user and password, and every query parameter named like a secret, masked. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.username || parsed.password) [parsed.username, parsed.password] = [MASK, MASK];
  for (const name of [...parsed.searchParams.keys()]) if (SECRET_FIELD.test(name)) parsed.searchParams.set(name, MASK);
  return parsed.toString();
}

const hexDigit = (d: string) => (/[a-f]/i.test(d) ? `[${d.toLowerCase()}${d.toUpperCase()}]` : d);
const hexAnyCase = (code: number, width: number) => [...code.toString(16).padStart(width, "0")].map(hexDigit).join("");
const escapeRegExp = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\\\"',
  "\\": "\\\\\\\\",
  "/": "\\\\/",
  "\b": "\\\\b",
  "\f": "\\\\f",
  "\n": "\\\\n",
  "\r": "\\\\r",
  "\t": "\\\\t",
};
const encoder = new TextEncoder();

/** Backslashes in a row up to which a backslash's forms may backtrack: at most 2^4 paths a position. */
const BACKTRACKING_RUN = 4;

/**
 * A regular-expression source matching `secret` in every form it can take on the wire, character
 * by character, so mixed forms match too: raw; JSON-escaped (`\"`, `\\`, `\/`, `\uXXXX` for any
 * character, hex in either case, astral characters as surrogate pairs); percent-encoded (any
 * character as its UTF-8 bytes, hex in either case, space also as `+`). The raw secret comes first.
 * A backslash's raw form is a prefix of its escaped one, so a row of them could backtrack
 * exponentially: in a row longer than BACKTRACKING_RUN each is matched atomically (`(?=(…))\k`,
 * longest form first), which keeps the scan linear in the text for any secret (and misses only
 * mixes of raw and escaped backslashes in such a row). Capture groups used for that are numbered
 * from `firstGroup`; `groups` says how many.
 */
export function secretPattern(secret: string, firstGroup: number): { source: string; groups: number } {
  let groups = 0;
  const chars = [...secret];
  const longRun = new RegExp(`\\\\{${BACKTRACKING_RUN + 1},}`, "g");
  const atomic = new Set<number>();
  for (const run of [...secret.matchAll(longRun)]) {
    const start = [...secret.slice(0, run.index)].length;
    for (let i = start; i < start + run[0].length; i++) atomic.add(i);
  }
  const parts = chars.map((char, index) => {
    const code = char.codePointAt(0) as number;
    const units = code > 0xffff ? [0xd800 + ((code - 0x10000) >> 10), 0xdc00 + ((code - 0x10000) & 0x3ff)] : [code];
    const forms = [
      SHORT_ESCAPES[char] ?? "",
      units.map((unit) => `\\\\u${hexAnyCase(unit, 4)}`).join(""),
      [...encoder.encode(char)].map((byte) => `%${hexAnyCase(byte, 2)}`).join(""),
      char === " " ? "\\+" : "",
      escapeRegExp(char), // last: a backslash's longer forms are tried first
    ].filter(Boolean);
    if (!atomic.has(index)) return `(?:${forms.join("|")})`;
    const group = firstGroup + groups++;
    return `(?=(${forms.join("|")}))\\${group}`;
  });
  return { source: `${escapeRegExp(secret)}|${parts.join("")}`, groups };
}

/**
 * Replaces every occurrence of the given secrets in a text by `***`, in every form a server can
 * echo them: raw, JSON-escaped and percent-encoded (see `secretPattern`). One pass over the text
 * with one compiled alternation, so the time is linear in the text's length. Secrets shorter than
 * four characters are left alone (they would mask ordinary words).
 */
export function createRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const pattern = secretsPattern(secrets);
  return pattern ? (text) => String(text).replace(pattern, MASK) : (text) => text;
}

/**
 * One global pattern for every form of every secret of four characters or more, the longest first
 * (so a secret containing another is masked whole); undefined when there is none.
 */
export function secretsPattern(secrets: readonly (string | undefined)[]): RegExp | undefined {
  const known = [...new Set(secrets.filter((s): s is string => typeof s === "string" && s.length >= 4))].sort(
    (a, b) => b.length - a.length,
  );
  if (known.length === 0) return undefined;
  let groups = 1;
  const sources = known.map((secret) => {
    const { source, groups: used } = secretPattern(secret, groups);
    groups += used;
    return source;
  });
  return new RegExp(sources.join("|"), "g");
}

/**
 * A body's text with every secret masked at each level a JSON reader decodes: a server that escapes
 * an echoed secret twice (`\\/` on the wire) shows it once-escaped in a decoded string, which the
 * pass over the text alone does not see. A text that is not JSON gets that pass only.
 */
export function redactBody(redact: (text: string) => string, text: string, levels = 3): string {
  const once = redact(text);
  if (levels === 0) return once;
  let parsed: unknown;
  try {
    parsed = JSON.parse(once);
  } catch {
    return once;
  }
  let changed = false;
  const masked = (value: string) => {
    const result = redactBody(redact, value, levels - 1);
    if (result !== value) changed = true;
    return result;
  };
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return masked(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [masked(key), walk(inner)]));
    return value;
  };
  const result = walk(parsed);
  return changed ? JSON.stringify(result) : once;
}
