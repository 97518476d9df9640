// scripts/lib/capped-errors.js, the pass over Ajv's standalone output that makes the error path
// linear and bounded: the rewritten validators answer valid/invalid exactly as Ajv's, their errors
// are the first `cap` of Ajv's, and a shape of Ajv's output the pass does not know stops the build.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import standaloneModule from "ajv/dist/standalone/index.js";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { capErrors } from "../../scripts/lib/capped-errors.js";
import { generatedDir, outputPath } from "../../scripts/lib/paths.js";

const standaloneCode = ((standaloneModule as unknown as { default?: unknown }).default ??
  standaloneModule) as typeof standaloneModule.default;

// Lists inside a referenced schema, and a list inside an anyOf branch that may pass after another failed.
const SCHEMA = {
  $id: "https://test.local/s.json",
  type: "object",
  properties: {
    list: { type: "array", items: { $ref: "#/$defs/item" } },
    alt: { anyOf: [{ type: "array", items: { type: "integer" } }, { type: "array", items: { type: "string" } }, { type: "string" }] },
  },
  $defs: {
    item: {
      type: "object",
      required: ["a"],
      properties: { a: { type: "integer" }, tags: { type: "array", items: { $ref: "#/$defs/tag" } } },
    },
    tag: { type: "string", pattern: "^[a-z]*$" },
  },
};

type Validator = ((data: unknown) => boolean) & { errors?: unknown[] | null };
const scratch = mkdtempSync(path.join(tmpdir(), "capped-errors-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function load(source: string, name: string): Promise<Validator> {
  const file = path.join(scratch, `${name}.mjs`);
  writeFileSync(file, source);
  return ((await import(pathToFileURL(file).href)) as { check: Validator }).check;
}

const ajvSource = () => {
  const ajv = new Ajv2020({ allErrors: true, inlineRefs: false, code: { source: true, esm: true, lines: true } });
  ajv.addSchema(SCHEMA);
  return standaloneCode(ajv, { check: SCHEMA.$id });
};

const value = fc.record({
  list: fc.array(
    fc.oneof(
      fc.record({
        a: fc.oneof(fc.integer(), fc.string()),
        tags: fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 6 }),
      }),
      fc.integer(),
    ),
    { maxLength: 12 },
  ),
  alt: fc.oneof(fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 8 }), fc.string(), fc.integer()),
});

describe("capErrors", () => {
  it("leaves no concat; answers exactly as Ajv; keeps Ajv's first `cap` errors", async () => {
    const source = ajvSource();
    expect(source).toContain(".concat(");
    const capped = capErrors(source, 3);
    expect(capped).not.toContain(".concat(");
    const ajv = await load(source, "ajv");
    const check = await load(capped, "capped");
    fc.assert(
      fc.property(value, (data) => {
        const valid = ajv(data);
        expect(check(data)).toBe(valid);
        if (!valid) expect(check.errors).toEqual(ajv.errors!.slice(0, 3));
      }),
      { numRuns: 2_000 },
    );
  });

  it("judges 64,000 failing items in linear time and keeps `cap` errors", async () => {
    const check = await load(capErrors(ajvSource(), 10), "large");
    const started = performance.now();
    expect(check({ list: Array.from({ length: 64_000 }, () => ({ a: "x", tags: [1, "long"] })) })).toBe(false);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(check.errors).toHaveLength(10);
  });

  it("stops the build on a shape of Ajv's output it does not know, or a cap that is not a whole number >= 1", () => {
    expect(() => capErrors("vErrors = vErrors.concat(other);")).toThrow(/a concat this pass does not know/);
    expect(() => capErrors("vErrors.push(somethingElse);")).toThrow(/a push this pass does not know/);
    expect(() => capErrors("", 0)).toThrow(/the cap must be a whole number >= 1/);
  });

  it("is applied to the committed validators", async () => {
    const generated = await readFile(outputPath(generatedDir, "contract"), "utf8");
    expect(generated).not.toContain(".concat(");
    expect(generated).toMatch(/if\(vErrors\.length < 1000\) vErrors\.push\(err\d+\);/);
  });
});
