// A control call's JSON body, checked the same way whether it came over HTTP (bytes) or from a
// method called in process (a value): the size limit, JSON (a large batch parsed in pieces between
// turns, batch.ts), and how deep it nests.
import { BODY_LIMITS } from "../body.js";
import { collector, type TakenJson, takeJsonInTurns } from "./batch.js";
import { ControlError } from "./control-error.js";

/** The deepest nesting of arrays and objects a control body may have (a service nests 4 levels). */
export const MAX_DEPTH = 64;

const tooLarge = () => new ControlError(413, `the body is larger than ${BODY_LIMITS.control} bytes`);

/** A body's value: the whole of it, or, for a top-level array, its items handed over piece by piece. */
export type BodyJson = { array: true } | { array: false; value: unknown };

/**
 * A body's text (`undefined`: over the limit) parsed and checked; the items of a top-level array
 * go to `take` a piece at a time as they are parsed (batch.ts), so that a caller can make what it
 * keeps of them at once. Async, so a large body may be parsed in turns.
 */
export async function takeJsonOfText(text: string | undefined, take: (items: unknown[]) => void): Promise<BodyJson> {
  if (text === undefined) throw tooLarge();
  if (text.trim() === "") throw new ControlError(400, "the body is empty; send JSON");
  // A large batch is parsed in pieces between turns (batch.ts); the same value or refusal as JSON.parse.
  let taken: TakenJson;
  // What `take` throws is its own failure, not the body's JSON.
  let failed: { error: unknown } | undefined;
  const taking = (items: unknown[]) => {
    try {
      take(items);
    } catch (error) {
      failed = { error };
      throw error;
    }
  };
  try {
    taken = await takeJsonInTurns(text, taking);
  } catch (error) {
    if (failed) throw failed.error;
    throw new ControlError(400, `the body is not JSON: ${(error as Error).message}`);
  }
  if (taken.depth > MAX_DEPTH)
    throw new ControlError(400, `the body nests arrays or objects deeper than ${MAX_DEPTH} levels; a service needs 4`);
  return taken.array ? { array: true } : { array: false, value: taken.value };
}

/** The value of a body's text; `undefined`: the body was over the limit. Async, so a large body may be parsed in turns. */
export async function jsonOfText(text: string | undefined): Promise<unknown> {
  const pieces = collector();
  const body = await takeJsonOfText(text, pieces.take);
  return body.array ? pieces.items() : body.value;
}

/** A body's bytes as text (undefined: over the limit). */
export const textOfBytes = (bytes: Uint8Array | undefined): string | undefined =>
  bytes === undefined ? undefined : new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);

/** The bytes of a body (undefined: over the limit) as a value. */
export const jsonOfBytes = (bytes: Uint8Array | undefined): Promise<unknown> => jsonOfText(textOfBytes(bytes));

/**
 * A value given to a method in process, as the control API would receive it in a body: a copy (the
 * caller's object may change later), fields that JSON leaves out (undefined, functions) left out,
 * under the same size and depth limits.
 */
export async function jsonOfValue(value: unknown): Promise<unknown> {
  let text: string | undefined;
  try {
    text = JSON.stringify(value) as string | undefined;
  } catch (error) {
    // A circular value or a BigInt: what no body could carry.
    throw new ControlError(400, `the body is not JSON: ${(error as Error).message}`);
  }
  if (text === undefined) return jsonOfText("");
  // Each character is 1 to 3 bytes in UTF-8: encode only when the length alone cannot tell.
  if (
    text.length > BODY_LIMITS.control ||
    (text.length * 3 > BODY_LIMITS.control && new TextEncoder().encode(text).length > BODY_LIMITS.control)
  )
    throw tooLarge();
  return jsonOfText(text);
}
