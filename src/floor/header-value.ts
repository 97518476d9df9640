// Whether a credential can travel in an HTTP header unchanged. Shared by the client's option
// checks and the signer; messages name the field and the kind of character, never the value.
import { VpcepConfigError } from "./error-base.js";

/** Why a text cannot be sent as a credential header, or undefined when it can. */
export function headerProblem(text: string): string | undefined {
  if (text === "") return "is empty";
  if (/[\r\n]/.test(text)) return "contains a line break";
  if (/^\s|\s$/.test(text)) return "starts or ends with white space";
  if (/[^\x20-\x7e]/.test(text)) return "contains a character outside printable ASCII";
  return undefined;
}

/** `null`, `an array` or the `typeof` of a value, for messages that must not show the value. */
export const typeName = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "an array" : typeof value);

/** A non-empty string that can travel in an HTTP header unchanged, or a VpcepConfigError naming `field`. */
export function checkHeaderValue(field: string, value: unknown): string {
  if (typeof value !== "string") throw new VpcepConfigError(`${field} must be a string, not ${typeName(value)}`);
  const problem = headerProblem(value);
  if (problem) throw new VpcepConfigError(`${field} ${problem}; it must travel unchanged in an HTTP header`);
  return value;
}
