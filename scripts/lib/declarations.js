// @ts-check
// One list of exports renders both a generated JavaScript module and its `.d.ts`, so the
// declarations cannot drift from what the module holds: each export's type is derived from its
// value (`literalType`) or given beside it.

/**
 * @typedef {object} Export
 * @property {string} name
 * @property {string} doc one line of documentation
 * @property {unknown} value JSON-serialisable
 * @property {string} [type] the declared type; by default the value's literal type
 */

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const key = (/** @type {string} */ name) => (IDENTIFIER.test(name) ? name : JSON.stringify(name));

/**
 * The readonly literal type of a JSON value; below `depth` levels, `Json`.
 * @param {unknown} value @param {number} [depth] @returns {string}
 */
export function literalType(value, depth = Infinity) {
  if (depth <= 0) return "Json";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `readonly [${value.map((item) => literalType(item, depth - 1)).join(", ")}]`;
  const entries = Object.entries(value).map(([name, inner]) => `readonly ${key(name)}: ${literalType(inner, depth - 1)}`);
  return entries.length ? `{ ${entries.join("; ")} }` : "{}";
}

/** A JSON value's TypeScript type, declared once in each `.d.ts` that uses `Json`. */
export const JSON_TYPE = "export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };";

/** @param {Export[]} exports */
export const renderModule = (exports) =>
  exports.map(({ name, doc, value }) => `/** ${doc} */\nexport const ${name} = ${JSON.stringify(value, null, 2)};\n`).join("");

/** @param {Export[]} exports */
export const renderDeclarations = (exports) =>
  exports.map(({ name, doc, value, type }) => `/** ${doc} */\nexport declare const ${name}: ${type ?? literalType(value)};\n`).join("");
