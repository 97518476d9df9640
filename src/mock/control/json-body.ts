// A control call's JSON body, checked the same way whether it came over HTTP (bytes) or from a
// method called in process (a value): the size limit, JSON (a large batch parsed in pieces between
// turns, batch.ts), and how deep it nests.
import { BODY_LIMITS } from "../body.js";
import { type ParsedJson, parseJsonInTurns } from "./batch.js";
import { ControlError } from "./control-error.js";

/** The deepest nesting of arrays and objects a control body may have (a service nests 4 levels). */
export const MAX_DEPTH = 64;

const tooLarge = () => new ControlError(413, `the body is larger than ${BODY_LIMITS.control} bytes`);

/** The value of a body's text; `undefined`: the body was over the limit. Async, so a large body may be parsed in turns. */
export async function jsonOfText(text: string | undefined): Promise<unknown> {
  if (text === undefined) throw tooLarge();
  if (text.trim() === "") throw new ControlError(400, "the body is empty; send JSON");
  // A large batch is parsed in pieces between turns (batch.ts); the same value or refusal as JSON.parse.
  let parsed: ParsedJson;
  try {
    parsed = await parseJsonInTurns(text);
  } catch (error) {
    throw new ControlError(400, `the body is not JSON: ${(error as Error).message}`);
  }
  if (parsed.depth > MAX_DEPTH)
    throw new ControlError(400, `the body nests arrays or objects deeper than ${MAX_DEPTH} levels; a service needs 4`);
  return parsed.value;
}

/** The bytes of a body (undefined: over the limit) as a value. */
export const jsonOfBytes = (bytes: Uint8Array | undefined): Promise<unknown> =>
  jsonOfText(bytes === undefined ? undefined : new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes));

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
