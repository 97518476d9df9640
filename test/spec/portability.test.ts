// What lets any JSON Schema validator and any generator read the document, not only this project's
// pipeline: regular expressions without the `u` flag's features, component names that do not
// collide across sections, and descriptions that hold for every consumer.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { at, document, type Json, type JsonObject } from "../support/document.js";

/** Every `pattern` in the document, with where it is. */
function patterns(node: Json, where = "#"): [string, string][] {
  if (Array.isArray(node)) return node.flatMap((item, index) => patterns(item, `${where}/${index}`));
  if (!node || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([key, value]) => [
    ...(key === "pattern" && typeof value === "string" ? [[where, value] as [string, string]] : []),
    ...patterns(value, `${where}/${key}`),
  ]);
}

const found = patterns(document);

// Strings that tell the two modes apart when a pattern relies on one: astral characters (one code
// point, two code units), letters and digits outside ASCII, escapes, and the values the document's
// patterns are about.
const SAMPLES = [
  "",
  " ",
  "a",
  "Z",
  "0",
  "9",
  "_",
  "-",
  ".",
  "@",
  "<",
  ">",
  "<b>",
  "a b",
  "\\",
  "/",
  "\n",
  "é",
  "环境",
  "٣",
  "Ⅻ",
  "𝒜",
  "😀",
  "\u{1F600}x",
  "\uD83D",
  "a\uDE00",
  "2018-01-30T07:42:01Z",
  "2018-01-30T07:42:01.174",
  "2018-01-30 07:42:01+08:00",
  "2018-01-30T07:42:01+0800",
  "2018-01-30",
  "2018-01-30T07:42:01.1234567890",
  "２０１８-01-30T07:42:01Z",
  "2018-01-30T07:42:01z",
  "Orders API for the shop VPC",
  "free text with ümlauts and 😀",
];

describe("regular expressions every validator and generator understands", () => {
  it("the document has patterns to check", () => {
    expect(found.length).toBeGreaterThan(0);
  });

  it.each(found)("%s compiles with and without the u flag and matches the same strings", (_where, pattern) => {
    const plain = new RegExp(pattern);
    const unicode = new RegExp(pattern, "u");
    for (const sample of SAMPLES) expect(plain.test(sample), JSON.stringify(sample)).toBe(unicode.test(sample));
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (sample) => plain.test(sample) === unicode.test(sample)),
      { numRuns: 300 },
    );
  });

  it.each(found)("%s uses no Unicode property escape, named group, lookbehind or flag group", (_where, pattern) => {
    expect(pattern).not.toMatch(/\\[pP]\{|\(\?<[=!]?|\(\?[a-z]|\\k</);
  });
});

describe("component names", () => {
  it("no name is used in two sections of components (hey-api would rename one, e.g. SortKey2)", () => {
    const components = document["components"] as JsonObject;
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const [section, entries] of Object.entries(components)) {
      for (const name of Object.keys(entries as JsonObject)) {
        const key = name.toLowerCase();
        if (seen.has(key) && section !== "securitySchemes") clashes.push(`${name} in ${seen.get(key)} and ${section}`);
        else seen.set(key, section);
      }
    }
    expect(clashes).toEqual([]);
  });
});

describe("descriptions hold for every consumer", () => {
  it("UnknownEnumValue says what an unlisted value means on the wire, not what this project's types do", () => {
    const description = String(at(document, "components", "schemas", "UnknownEnumValue")["description"]);
    expect(description).toMatch(/not one of the field's known values/);
    expect(description).toMatch(/still valid/);
    expect(description).not.toMatch(/TypeScript|never|generated/i);
  });

  it("no response schema carries a JSON Schema default (generators would type the field as always present)", () => {
    const defaults: string[] = [];
    const visit = (node: Json, where: string) => {
      if (Array.isArray(node)) return node.forEach((item, index) => visit(item, `${where}/${index}`));
      if (!node || typeof node !== "object") return;
      if ("default" in node && where.includes("/schemas/")) defaults.push(where);
      for (const [key, value] of Object.entries(node)) visit(value, `${where}/${key}`);
    };
    const schemas = at(document, "components", "schemas");
    const requestOnly = new Set(["SortKey", "SortDir"]); // request enumerations: the parameter's default
    for (const [name, schema] of Object.entries(schemas)) if (!requestOnly.has(name)) visit(schema, `#/components/schemas/${name}`);
    expect(defaults).toEqual([]);
  });
});
