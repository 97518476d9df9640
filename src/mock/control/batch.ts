// JSON text parsed the way JSON.parse parses it (the same value, the same SyntaxError), but a large
// top-level array in pieces of a few thousand items with a turn of the event loop between two: one
// JSON.parse of a 23 MB batch would keep every other request waiting for it. The pieces are found
// by a linear scan that knows strings and their escapes; each piece is checked by JSON.parse itself,
// so a scan that cut in the wrong place makes a piece fail, never a wrong value: then the whole text
// goes to JSON.parse once, for its own verdict and message.
import { nextTurn } from "../turn.js";

/** Where a text is parsed in pieces; a test crosses both with small texts. */
export interface Piecewise {
  /** Below this many characters, a text is parsed in one call (a few milliseconds). */
  from: number;
  /** Items of a top-level array parsed in one call, between two turns of the event loop. */
  itemsPerPiece: number;
}

export const PIECEWISE: Piecewise = { from: 1 << 20, itemsPerPiece: 2_000 };

export interface ParsedJson {
  value: unknown;
  /** How deep arrays and objects nest (0 for a scalar, 1 for `[]`, 2 for `[{}]`). */
  depth: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

const isSpace = (code: number) => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;

/** The index just past the string whose opening quote is at `at`; -1 when it never closes. */
function stringEnd(text: string, at: number): number {
  let close = at;
  for (;;) {
    close = text.indexOf('"', close + 1);
    if (close < 0) return -1;
    // A quote after an odd run of backslashes is escaped; each run is counted once, so this stays linear.
    let slashes = 0;
    while (text.charCodeAt(close - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return close + 1;
  }
}

/** Where a scan is: how deep it is, the deepest it has been, the top-level commas it has passed. */
interface Scan {
  depth: number;
  deepest: number;
  commas: number;
}

/**
 * Scans text[at, end) outside strings (synchronous, so the engine optimises the loop) up to the
 * comma at depth 1 that completes `perPiece` more items; returns that comma's index, `end` when
 * none comes, or -1 when a string runs past `end`.
 */
function nextCut(text: string, at: number, end: number, scan: Scan, perPiece: number): number {
  let { depth, deepest, commas } = scan;
  let found = end;
  while (at < end) {
    const code = text.charCodeAt(at);
    if (code === QUOTE) {
      at = stringEnd(text, at);
      if (at < 0 || at > end) {
        found = -1;
        break;
      }
      continue;
    }
    if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
      if (++depth > deepest) deepest = depth;
    } else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) depth--;
    else if (code === COMMA && depth === 1 && ++commas % perPiece === 0) {
      found = at;
      break;
    }
    at++;
  }
  scan.depth = depth;
  scan.deepest = deepest;
  scan.commas = commas;
  return found;
}

/** How deep arrays and objects nest in a valid JSON text (what the scan sees outside strings). */
export function depthOf(text: string): number {
  const scan = { depth: 0, deepest: 0, commas: 0 };
  nextCut(text, 0, text.length, scan, Number.POSITIVE_INFINITY);
  return scan.deepest;
}

/** JSON.parse of the whole text, for its value or its refusal. */
const whole = (text: string): ParsedJson => ({ value: JSON.parse(text), depth: depthOf(text) });

/** What takeJsonInTurns found: a top-level array (its items handed over) or another value. */
export type TakenJson = { array: true; depth: number } | { array: false; value: unknown; depth: number };

/**
 * Parses `text` as JSON.parse does (the same value, or the same SyntaxError, message included),
 * handing the items of a top-level array to `take` in order, a piece at a time, keeping none: a
 * caller that makes what it keeps of each piece at once lets the parsed objects die young. A text
 * of `from` characters or more that is an array is parsed in pieces of `itemsPerPiece` items with a
 * turn of the event loop between two; linear in the text, on the error path too.
 */
export async function takeJsonInTurns(
  text: string,
  take: (items: unknown[]) => void,
  { from, itemsPerPiece }: Piecewise = PIECEWISE,
): Promise<TakenJson> {
  let taken = 0;
  // The whole text's value; an array's items not taken yet go to `take`.
  const rest = (parsed: ParsedJson): TakenJson => {
    if (!Array.isArray(parsed.value)) return { array: false, value: parsed.value, depth: parsed.depth };
    if (taken === 0) take(parsed.value);
    else if (parsed.value.length > taken) take(parsed.value.slice(taken));
    return { array: true, depth: parsed.depth };
  };
  let first = 0;
  while (first < text.length && isSpace(text.charCodeAt(first))) first++;
  let last = text.length - 1;
  while (last > first && isSpace(text.charCodeAt(last))) last--;
  if (text.length < from || text.charCodeAt(first) !== OPEN_ARRAY || text.charCodeAt(last) !== CLOSE_ARRAY) return rest(whole(text));
  const scan: Scan = { depth: 1, deepest: 1, commas: 0 };
  let pieceStart = first + 1;
  // Parses text[pieceStart, end) as the items of one array and hands them over; false when
  // JSON.parse refuses it, or when it holds no item while the array has more than one piece
  // (`[ , ]` is not JSON).
  const piece = (end: number): boolean => {
    let parsed: unknown[];
    try {
      parsed = JSON.parse(`[${text.slice(pieceStart, end)}]`) as unknown[];
    } catch {
      return false;
    }
    if (parsed.length === 0 && (taken > 0 || end < last)) return false;
    taken += parsed.length;
    take(parsed);
    pieceStart = end + 1;
    return true;
  };
  for (;;) {
    const cut = nextCut(text, pieceStart, last, scan, itemsPerPiece);
    if (cut < 0 || !piece(cut)) return rest(whole(text));
    if (cut === last) return { array: true, depth: scan.deepest };
    await nextTurn();
  }
}

/** A `take` that keeps the pieces, and the array they make together. */
export function collector(): { take: (items: unknown[]) => void; items: () => unknown[] } {
  // Joined once at the end (flat() takes one level off: the pieces, not the items).
  const pieces: unknown[][] = [];
  return { take: (items) => void pieces.push(items), items: () => (pieces.length === 1 ? pieces[0]! : pieces.flat()) };
}

/**
 * Parses `text` as JSON.parse does: the same value, or the same SyntaxError (message included). A
 * text of `from` characters or more that is an array is parsed in pieces of `itemsPerPiece` items
 * with a turn of the event loop between two; linear in the text, on the error path too.
 */
export async function parseJsonInTurns(text: string, piecewise: Piecewise = PIECEWISE): Promise<ParsedJson> {
  const pieces = collector();
  const taken = await takeJsonInTurns(text, pieces.take, piecewise);
  return { value: taken.array ? pieces.items() : taken.value, depth: taken.depth };
}
