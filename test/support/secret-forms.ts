// Every form a secret can take on the wire (raw, JSON-escaped, \uXXXX-escaped, percent-encoded, in
// either case), and credentials rich in the characters escaping treats specially: for tests that
// assert zero leaked bytes in some output.
import fc from "fast-check";

export const hex = (code: number, width: number) => code.toString(16).padStart(width, "0");
export const unicodeEscape = (text: string, upper: boolean) =>
  Array.from({ length: text.length }, (_, i) => {
    const digits = hex(text.charCodeAt(i), 4);
    return `\\u${upper ? digits.toUpperCase() : digits}`;
  }).join("");
export const percentAll = (text: string, upper: boolean) =>
  [...new TextEncoder().encode(text)].map((byte) => `%${upper ? hex(byte, 2).toUpperCase() : hex(byte, 2)}`).join("");

/** The whole-secret forms looked for. */
export function secretForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  return [
    secret,
    json,
    json.replaceAll("/", "\\/"),
    unicodeEscape(secret, true),
    unicodeEscape(secret, false),
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    new URLSearchParams({ s: secret }).toString().slice(2),
    percentAll(secret, true),
    percentAll(secret, false),
  ];
}

/** The forms of any of `secrets` found in `output` (empty: nothing leaked). */
export const leaksIn = (output: string, secrets: readonly string[]) =>
  secrets.flatMap((secret) => secretForms(secret).filter((form) => output.includes(form)));

const specials = fc.constantFrom("/", "+", "=", '"', "\\", "%", "&", "A", "u", "0");
/** A credential a header can carry (printable ASCII, no space), rich in `/ + = " \`. */
export const headerCredential = fc
  .array(
    fc.oneof(
      specials,
      fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 3 }),
    ),
    { minLength: 4, maxLength: 24 },
  )
  .map((parts) => `K${parts.join("")}Z`);

/** A secret with non-ASCII characters too (for bodies and escaped echoes; a header cannot carry it raw). */
export const anySecret = fc
  .string({
    unit: fc.oneof(fc.constantFrom("/", "+", "=", '"', "\\", "é", "😀", "ß"), fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 })),
    minLength: 6,
    maxLength: 20,
  })
  .map((text) => `S${text}Q`);
