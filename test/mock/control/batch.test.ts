// A control body parsed in pieces between turns (a 23 MB batch no longer blocks the mock for one
// JSON.parse): against JSON.parse itself, on random arrays valid and broken (fast-check), with
// pieces as small as one item, so every cut, string, escape and nesting is crossed: the same value
// or the same refusal, word for word, and the depth the control API caps.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PIECEWISE, parseJsonInTurns } from "../../../src/mock/control/batch.js";
import { scaled } from "../../support/timeouts.js";

/** Strings made of what a scan could trip on: quotes, backslashes, brackets, commas, spaces. */
const tricky = fc.string({ unit: fc.constantFrom("a", '"', "\\", "/", ",", "[", "]", "{", "}", " ", "\n", "é", "\u2028"), maxLength: 8 });
const item = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  tricky,
  fc.array(tricky, { maxLength: 3 }),
  fc.dictionary(tricky, fc.oneof(tricky, fc.array(fc.array(tricky, { maxLength: 2 }), { maxLength: 2 })), { maxKeys: 3 }),
);
const text = fc
  .tuple(fc.array(item, { maxLength: 12 }), fc.constantFrom(undefined, 1, 2, "\t"), fc.constantFrom("", " ", "\n\r\t "))
  .map(([items, indent, around]) => `${around}${JSON.stringify(items, null, indent)}${around}`);
/** A valid text with one character taken out, put in, or changed; or cut short. */
const broken = fc
  .tuple(
    text,
    fc.nat(),
    fc.constantFrom("delete", "insert", "replace", "cut"),
    fc.constantFrom(",", "]", "[", "{", "}", '"', "\\", ":", " ", "x", "1"),
  )
  .map(([valid, at, how, char]) => {
    const i = at % (valid.length + 1);
    if (how === "delete") return valid.slice(0, i) + valid.slice(i + 1);
    if (how === "insert") return valid.slice(0, i) + char + valid.slice(i);
    if (how === "replace") return valid.slice(0, i) + char + valid.slice(i + 1);
    return valid.slice(0, i);
  });

/** How deep arrays and objects nest, from the parsed value. */
const depth = (value: unknown): number =>
  value === null || typeof value !== "object" ? 0 : 1 + Math.max(0, ...Object.values(value as object).map(depth));

type Outcome = { value: unknown; depth: number } | { refused: string };
const expected = (json: string): Outcome => {
  try {
    const value: unknown = JSON.parse(json);
    return { value, depth: depth(value) };
  } catch (error) {
    return { refused: (error as Error).message };
  }
};
const actual = async (json: string, itemsPerPiece: number): Promise<Outcome> => {
  try {
    return await parseJsonInTurns(json, { from: 0, itemsPerPiece });
  } catch (error) {
    expect(error).toBeInstanceOf(SyntaxError);
    return { refused: (error as Error).message };
  }
};

describe("parseJsonInTurns", () => {
  it("gives JSON.parse's value or refusal for random arrays, valid and broken, cut into pieces of 1 to 4 items", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(text, broken), fc.integer({ min: 1, max: 4 }), async (json, itemsPerPiece) => {
        expect(await actual(json, itemsPerPiece)).toEqual(expected(json));
      }),
      { numRuns: 2_000 },
    );
  });

  it("gives JSON.parse's value or refusal for any text, arrays or not (whole-text path too)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.json(), fc.string({ unit: fc.constantFrom("[", "]", ",", '"', "\\", "1", " ", "{", "}", ":") })),
        async (json) => {
          expect(await actual(json, 1)).toEqual(expected(json));
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it("parses a batch over the threshold in turns of the event loop, to the value JSON.parse gives", async () => {
    const items = Array.from({ length: 20_000 }, (_, n) => ({ id: `svc-${n}`, tags: [{ key: `k"\\${n}`, value: "v,]" }] }));
    const json = JSON.stringify(items);
    expect(json.length).toBeGreaterThan(PIECEWISE.from);
    let turns = 0;
    const ticking = setInterval(() => turns++, 0);
    const parsed = await parseJsonInTurns(json);
    clearInterval(ticking);
    expect(turns).toBeGreaterThan(3);
    expect(parsed).toEqual({ value: items, depth: 4 });
  });

  it("refuses a broken batch over the threshold with JSON.parse's own message, in linear time", async () => {
    const valid = JSON.stringify(Array.from({ length: 20_000 }, (_, n) => ({ id: `svc-${n}` })));
    const late = `${valid.slice(0, -1)},]`;
    const unclosed = `[${'"\\\\\\"'.repeat(400_000)}`;
    for (const json of [late, unclosed, `${valid}x`, `[${"[".repeat(300_000)}`]) {
      const started = performance.now();
      const outcome = await actual(json, PIECEWISE.itemsPerPiece);
      expect(outcome).toEqual(expected(json));
      expect("refused" in outcome).toBe(true);
      expect(performance.now() - started).toBeLessThan(scaled(2_000));
    }
  });
});
