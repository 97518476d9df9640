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

/**
 * Secrets are masked by runs, never by whole forms only: every stretch of a text that spells
 * FRAGMENT or more characters in a row of a secret (the whole secret when it is shorter) is
 * replaced by `***`, in every form a server can echo it, character by character, so mixed forms
 * match too: raw; JSON-escaped (`\"`, `\\`, `\/`, `\n`…, `\uXXXX` for any character, hex in either
 * case, astral characters as surrogate pairs); percent-encoded (any character as its UTF-8 bytes,
 * hex in either case, space also as `+`). So a secret cut short before it was masked (an excerpt,
 * a preview) still leaves no FRAGMENT characters of it behind, whatever its length or alphabet.
 *
 * The text is read raw, and around its escapes in up to seven decoded views (JSON-unescaped, also with
 * a row of backslashes read from its second, also with only `\\uXXXX` read as escapes; percent-decoded;
 * both, also with only `\\uXXXX` read as escapes), each a string of UTF-16 units mapped back to the text's offsets; every window of
 * each view is looked up among the secrets' windows by rolling hashes: linear in the text for any
 * secret, a self-repeating one (`"A"×2000+"B"`) included, and independent of how many there are.
 */
export const FRAGMENT = 8;
/** Secrets shorter than this are left alone (they would mask ordinary words). */
export const MIN_SECRET = 4;

const JSON_SHORT: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
const HEX4 = /^[0-9a-fA-F]{4}$/;
const [BACKSLASH, PERCENT, PLUS, SPACE] = [0x5c, 0x25, 0x2b, 0x20];

/**
 * A view of a text: its first `length` UTF-16 units in `codes`, and for each unit the text's
 * offsets where the form spelling it starts and ends (none: the raw view, each unit its own form).
 */
interface View {
  codes: Uint16Array;
  length: number;
  starts?: Int32Array;
  ends?: Int32Array;
}

/** Buffers the views are written into, grown as needed: allocating typed arrays for every stretch costs more than reading it. */
const KEPT_SCRATCH = 1 << 20;
const scratch = { raw: new Uint16Array(0), codes: new Uint16Array(0), starts: new Int32Array(0), ends: new Int32Array(0) };

const rawView = (text: string): View => {
  if (scratch.raw.length < text.length) scratch.raw = new Uint16Array(Math.max(text.length, 2 * scratch.raw.length));
  const codes = scratch.raw;
  for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
  return { codes, length: text.length };
};

const hexByte = (text: string, at: number): number => {
  if (text[at] !== "%") return -1;
  const value = Number.parseInt(text.slice(at + 1, at + 3), 16);
  return /^[0-9a-fA-F]{2}$/.test(text.slice(at + 1, at + 3)) ? value : -1;
};

/** The character a run of `%XX` bytes spells at `at` (valid UTF-8 only), and how long the run is. */
function percentChar(text: string, at: number): { char: string; length: number } | undefined {
  const lead = hexByte(text, at);
  if (lead < 0) return undefined;
  if (lead < 0x80) return { char: String.fromCharCode(lead), length: 3 };
  const count = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (count === 0) return undefined;
  let code = lead & (0xff >> (count + 1));
  for (let k = 1; k < count; k++) {
    const byte = hexByte(text, at + 3 * k);
    if (byte < 0x80 || byte > 0xbf) return undefined;
    code = (code << 6) | (byte & 0x3f);
  }
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) || code < [0, 0, 0x80, 0x800, 0x10000][count]!) return undefined;
  return { char: String.fromCodePoint(code), length: 3 * count };
}

/** How a view reads the text. */
interface Reading {
  /** JSON escapes: all of them, or only `\uXXXX` (a raw backslash before `n` stays one). */
  json?: "all" | "unicode";
  /** Percent escapes, `+` as a space. */
  percent?: boolean;
  /** In a row of backslashes an escape starts at the row's second, the first being a raw backslash before an escaped echo. */
  shifted?: boolean;
}

/** The text as a reader decodes it (see `Reading`). */
function decodedView(text: string, { json, percent = false, shifted = false }: Reading): View {
  // A form is never shorter than the units it spells: the text's length bounds the view's.
  if (scratch.codes.length < text.length) {
    const size = Math.max(text.length, 2 * scratch.codes.length);
    Object.assign(scratch, { codes: new Uint16Array(size), starts: new Int32Array(size), ends: new Int32Array(size) });
  }
  const { codes, starts, ends } = scratch;
  let n = 0;
  const push = (unit: number, at: number, length: number) => {
    codes[n] = percent && unit === PLUS ? SPACE : unit;
    starts[n] = at;
    ends[n++] = at + length;
  };
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c !== BACKSLASH && c !== PERCENT && c !== PLUS) {
      codes[n] = c;
      starts[n] = i;
      ends[n++] = ++i;
      continue;
    }
    if (json && c === BACKSLASH && !(shifted && text.charCodeAt(i + 1) === BACKSLASH && text.charCodeAt(i - 1) !== BACKSLASH)) {
      const next = text[i + 1] ?? "";
      const short = json === "all" ? JSON_SHORT[next] : undefined;
      if (short !== undefined) {
        push(short.charCodeAt(0), i, 2);
        i += 2;
        continue;
      }
      if (next === "u" && HEX4.test(text.slice(i + 2, i + 6))) {
        push(Number.parseInt(text.slice(i + 2, i + 6), 16), i, 6);
        i += 6;
        continue;
      }
    }
    if (percent && c === PERCENT) {
      const decoded = percentChar(text, i);
      if (decoded) {
        for (let k = 0; k < decoded.char.length; k++) push(decoded.char.charCodeAt(k), i, decoded.length);
        i += decoded.length;
        continue;
      }
    }
    push(c, i, 1);
    i += 1;
  }
  return { codes, length: n, starts, ends };
}

// Two rolling polynomial hashes of a window (32-bit integer arithmetic) make its key: a window of
// the text is taken for a secret's when its pair of hashes is one of the secrets' windows' pairs. A
// true window always matches; two different windows share a pair with odds of about 2^-64, and
// that would only mask eight more characters. A bitmap of the first hash's low bits turns most windows away first.
const BASE_1 = 0x01000193;
const BASE_2 = 0x5bd1e995;
const FILTER_BITS = 20;
const FILTER_MASK = (1 << FILTER_BITS) - 1;

/**
 * A set of windows' hash pairs: open addressing in typed arrays (a lookup is a few array reads,
 * where a Set of 53-bit numbers hashes a heap number).
 */
class KeyTable {
  private mask = 15;
  private used = new Uint8Array(16);
  private pairs = new Int32Array(32);
  private size = 0;

  add(h1: number, h2: number): void {
    if (this.has(h1, h2)) return;
    if (2 * (this.size + 1) > this.used.length) this.grow();
    this.put(h1, h2);
  }

  has(h1: number, h2: number): boolean {
    for (let slot = (h1 ^ (h2 >>> 7)) & this.mask; this.used[slot] === 1; slot = (slot + 1) & this.mask)
      if (this.pairs[2 * slot] === h1 && this.pairs[2 * slot + 1] === h2) return true;
    return false;
  }

  private put(h1: number, h2: number): void {
    let slot = (h1 ^ (h2 >>> 7)) & this.mask;
    while (this.used[slot] === 1) slot = (slot + 1) & this.mask;
    this.used[slot] = 1;
    this.pairs[2 * slot] = h1;
    this.pairs[2 * slot + 1] = h2;
    this.size++;
  }

  private grow(): void {
    const [used, pairs] = [this.used, this.pairs];
    this.used = new Uint8Array(2 * used.length);
    this.pairs = new Int32Array(2 * pairs.length);
    this.mask = this.used.length - 1;
    this.size = 0;
    for (let slot = 0; slot < used.length; slot++) if (used[slot] === 1) this.put(pairs[2 * slot]!, pairs[2 * slot + 1]!);
  }
}

/** The secrets' windows of one length, as hash pairs. */
interface Windows {
  length: number;
  keys: KeyTable;
  /** Which low bits of the first hash any window has: the quick no. */
  filter: Uint8Array;
  /** BASE^(length-1) of each hash, to drop a window's first unit. */
  top1: number;
  top2: number;
}

function windowsOf(secrets: readonly string[]): Windows[] {
  const byLength = new Map<number, Windows>();
  for (const secret of secrets) {
    const length = Math.min(FRAGMENT, secret.length);
    let windows = byLength.get(length);
    if (!windows) {
      let [top1, top2] = [1, 1];
      for (let k = 1; k < length; k++) [top1, top2] = [Math.imul(top1, BASE_1), Math.imul(top2, BASE_2)];
      windows = { length, keys: new KeyTable(), filter: new Uint8Array(1 << FILTER_BITS), top1, top2 };
      byLength.set(length, windows);
    }
    const { keys, filter, top1, top2 } = windows;
    let h1 = 0;
    let h2 = 0;
    for (let k = 0; k < secret.length; k++) {
      if (k >= length) {
        const first = secret.charCodeAt(k - length);
        h1 = (h1 - Math.imul(first, top1)) | 0;
        h2 = (h2 - Math.imul(first, top2)) | 0;
      }
      const unit = secret.charCodeAt(k);
      h1 = (Math.imul(h1, BASE_1) + unit) | 0;
      h2 = (Math.imul(h2, BASE_2) + unit) | 0;
      if (k >= length - 1) {
        keys.add(h1, h2);
        filter[h1 & FILTER_MASK] = 1;
      }
    }
  }
  return [...byLength.values()];
}

/** Adds to `spans` (text offsets plus `offset`, start then end) the stretches of the view that spell part of a secret. */
function findIn(view: View, all: readonly Windows[], spans: number[], offset = 0): void {
  const { codes, starts, ends, length: units } = view;
  for (const { length, keys, filter, top1 } of all) {
    // Windows come in order of their start: one that overlaps this pass's last stretch extends it.
    let open = -1;
    let last = -1;
    let h1 = 0;
    for (let k = 0; k < units; k++) {
      if (k >= length) h1 = (h1 - Math.imul(codes[k - length]!, top1)) | 0;
      h1 = (Math.imul(h1, BASE_1) + codes[k]!) | 0;
      if (k < length - 1 || filter[h1 & FILTER_MASK] === 0) continue;
      // The second hash only for the few windows the first lets through.
      const i = k - length + 1;
      let h2 = 0;
      for (let j = i; j <= k; j++) h2 = (Math.imul(h2, BASE_2) + codes[j]!) | 0;
      if (!keys.has(h1, h2)) continue;
      const start = offset + (starts ? starts[i]! : i);
      const end = offset + (ends ? ends[k]! : k + 1);
      if (open >= 0 && start <= last) last = Math.max(last, end);
      else {
        if (open >= 0) spans.push(open, last);
        open = start;
        last = end;
      }
    }
    if (open >= 0) spans.push(open, last);
  }
}

/** The longest form of one character (`%F0%9F%98%80`, or `\uD83D\uDE00`): 12 characters. */
const LONGEST_FORM = 12;
const ESCAPE_START = /[\\%+]/g;

/**
 * The stretches of the text where a decoded view can differ from the raw one: around every `\\`,
 * `%` and `+`, as far as a window that holds the form starting there reaches (FRAGMENT - 1
 * characters before it, its longest form and FRAGMENT - 1 after), merged when they touch. A window
 * with no escape in it reads the same raw, where it was looked for already; one with escapes lies
 * in one stretch, since the stretches of escapes a window apart touch. A stretch never begins
 * inside an escape: it would touch the stretch of that escape's first character.
 */
function escapedStretches(text: string): [number, number][] {
  const stretches: [number, number][] = [];
  ESCAPE_START.lastIndex = 0;
  for (let match = ESCAPE_START.exec(text); match !== null; match = ESCAPE_START.exec(text)) {
    const start = Math.max(0, match.index - (FRAGMENT - 1));
    const end = Math.min(text.length, match.index + LONGEST_FORM + FRAGMENT - 1);
    const last = stretches.at(-1);
    if (last && start <= last[1]) last[1] = end;
    else stretches.push([start, end]);
  }
  return stretches;
}

/** How many backslashes end just before `at`. */
function backslashesBefore(text: string, at: number): number {
  let count = 0;
  while (at - count - 1 >= 0 && text.charCodeAt(at - count - 1) === BACKSLASH) count++;
  return count;
}

/**
 * A stretch widened to whole JSON escapes: a stretch that began or ended inside one (found in a view
 * that read a row of backslashes the other way) would leave half an escape, which turns the rest of
 * a JSON text invalid or changes what it says.
 */
function wholeEscapes(text: string, start: number, end: number): [number, number] {
  if (backslashesBefore(text, start) % 2 === 1) start--;
  if (backslashesBefore(text, end) % 2 === 1) end += text[end] === "u" && HEX4.test(text.slice(end + 1, end + 5)) ? 5 : 1;
  return [start, Math.min(end, text.length)];
}

/** Merges spans (pairs of start and end offsets, widened to whole escapes) that overlap or touch; sorted by start. */
function merged(text: string, spans: number[]): [number, number][] {
  const pairs: [number, number][] = [];
  for (let k = 0; k < spans.length; k += 2) pairs.push(wholeEscapes(text, spans[k]!, spans[k + 1]!));
  pairs.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const pair of pairs) {
    const last = out.at(-1);
    if (last && pair[0] <= last[1]) last[1] = Math.max(last[1], pair[1]);
    else out.push(pair);
  }
  return out;
}

export interface Masker {
  /** The text with every stretch that spells part of a secret (see FRAGMENT) replaced by `***`. */
  redact(text: string): string;
  /** Where those stretches are: `[start, end)` offsets, sorted, merged. */
  spans(text: string): [number, number][];
}

/** A masker of the given secrets (those shorter than MIN_SECRET are left alone). */
export function createMasker(secrets: readonly (string | undefined)[]): Masker {
  const known = [...new Set(secrets.filter((s): s is string => typeof s === "string" && s.length >= MIN_SECRET))];
  if (known.length === 0) return { redact: (text) => text, spans: () => [] };
  const raw = windowsOf(known);
  // The percent views read `+` as a space: there a secret's `+` and space are one unit.
  const spaced = windowsOf(known.map((s) => s.replace(/\+/g, " ")));
  const spans = (input: string): [number, number][] => {
    const text = String(input);
    const found: number[] = [];
    findIn(rawView(text), raw, found);
    for (const [from, to] of escapedStretches(text)) {
      const part = text.slice(from, to);
      const json = part.includes("\\");
      const percent = part.includes("%") || part.includes("+");
      const shifted = part.includes("\\\\");
      const readings: Reading[] = [
        // Only \uXXXX read as escapes too: a raw backslash before an escaped echo (`\//\u0020`) is one.
        ...(json ? [{ json: "all" } as const, { json: "unicode" } as const] : []),
        ...(shifted ? [{ json: "all", shifted } as const] : []),
        ...(percent ? [{ percent }] : []),
        ...(json && percent ? [{ json: "all", percent } as const, { json: "unicode", percent } as const] : []),
        ...(shifted && percent ? [{ json: "all", percent, shifted } as const] : []),
      ];
      for (const reading of readings) findIn(decodedView(part, reading), reading.percent ? spaced : raw, found, from);
    }
    // Buffers grown for a large text are let go: the masker holds no memory for what it read.
    if (scratch.raw.length > KEPT_SCRATCH) scratch.raw = new Uint16Array(0);
    if (scratch.codes.length > KEPT_SCRATCH)
      Object.assign(scratch, { codes: new Uint16Array(0), starts: new Int32Array(0), ends: new Int32Array(0) });
    return merged(text, found);
  };
  return {
    spans,
    redact(input) {
      const text = String(input);
      const found = spans(text);
      if (found.length === 0) return text;
      let out = "";
      let copied = 0;
      for (const [start, end] of found) {
        out += `${text.slice(copied, start)}${MASK}`;
        copied = end;
      }
      return out + text.slice(copied);
    },
  };
}

/**
 * Replaces every occurrence of the given secrets in a text by `***`, in every form a server can
 * echo them, and every stretch of FRAGMENT or more of their characters (see `createMasker`).
 */
export function createRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  return createMasker(secrets).redact;
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
