// The OpenAPI 3.0 rendition's converter (scripts/openapi30.js): each 3.1 construct it renders, the
// losses it lists, the constructs it refuses rather than render wrongly, and the committed
// rendition: no 3.1-only construct left, every loss in its description and in the contract guide.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DownConvertError, downConvert, LOSS_TEXT, LOSSES_HEADING } from "../../scripts/openapi30.js";
import { generatedDir, outputPath, repoRoot } from "../../scripts/lib/paths.js";

type Doc = Record<string, any>;
const bundle: Doc = JSON.parse(readFileSync(outputPath(generatedDir, "bundleJson"), "utf8"));
const committed: Doc = JSON.parse(readFileSync(outputPath(generatedDir, "openapi30Json"), "utf8"));

/** A minimal 3.1 document with `schema` as its one component schema. */
const withSchema = (schema: unknown, extra: Doc = {}): Doc => ({
  openapi: "3.1.0",
  info: { title: "t", version: "1" },
  paths: {},
  components: { schemas: { S: schema } },
  ...extra,
});
const converted = (schema: unknown) => downConvert(withSchema(schema)).document.components.schemas.S;

describe("downConvert renders 3.1 schemas in 3.0", () => {
  it("examples → its first value as example, listing the values it drops", () => {
    const { document, losses } = downConvert(withSchema({ type: "string", examples: ["a", "b", "c"] }));
    expect(document.components.schemas.S).toEqual({ type: "string", example: "a" });
    expect(losses).toEqual([{ kind: "schemaExamples", at: "#/components/schemas/S/examples", dropped: ["b", "c"] }]);
    expect(document.info.description).toContain('`#/components/schemas/S/examples` drops `"b"`, `"c"`');
    expect(downConvert(withSchema({ type: "string", examples: ["a"] })).losses).toEqual([]);
  });

  it("a type list with null → nullable; const → a one-value enum", () => {
    expect(converted({ type: ["string", "null"], minLength: 1 })).toEqual({ type: "string", nullable: true, minLength: 1 });
    expect(converted({ type: ["integer"] })).toEqual({ type: "integer" });
    expect(converted({ type: "string", const: "on" })).toEqual({ type: "string", enum: ["on"] });
  });

  it("numeric exclusive bounds → 3.0's boolean form, keeping the stricter of two bounds", () => {
    expect(converted({ type: "integer", exclusiveMinimum: 0, exclusiveMaximum: 10 })).toEqual({
      type: "integer",
      minimum: 0,
      exclusiveMinimum: true,
      maximum: 10,
      exclusiveMaximum: true,
    });
    expect(converted({ type: "integer", minimum: 5, exclusiveMinimum: 0 })).toEqual({ type: "integer", minimum: 5 });
    expect(converted({ type: "integer", minimum: 0, exclusiveMinimum: 3 })).toEqual({
      type: "integer",
      minimum: 3,
      exclusiveMinimum: true,
    });
  });

  it("a $ref with siblings → the siblings around an allOf of the reference (3.0 ignores a $ref's siblings)", () => {
    expect(converted({ description: "d", deprecated: true, $ref: "#/components/schemas/T" })).toEqual({
      description: "d",
      deprecated: true,
      allOf: [{ $ref: "#/components/schemas/T" }],
    });
    expect(converted({ $ref: "#/components/schemas/T" })).toEqual({ $ref: "#/components/schemas/T" });
  });

  it("walks nested schemas (properties, items, anyOf, additionalProperties) and the schemas of parameters and media types, never example values", () => {
    const document = withSchema(
      {
        type: "object",
        properties: { a: { type: ["string", "null"] } },
        additionalProperties: { items: { const: 1 } },
        anyOf: [{ examples: [1] }],
      },
      {
        paths: {
          "/x": {
            get: {
              parameters: [{ name: "q", in: "query", schema: { const: "x" } }],
              responses: {
                default: {
                  description: "d",
                  content: { "application/json": { schema: { type: ["number", "null"] }, example: { const: 1, examples: [1, 2] } } },
                },
              },
            },
          },
        },
      },
    );
    const { document: out } = downConvert(document);
    expect(out.components.schemas.S).toEqual({
      type: "object",
      properties: { a: { type: "string", nullable: true } },
      additionalProperties: { items: { enum: [1] } },
      anyOf: [{ example: 1 }],
    });
    const get = out.paths["/x"].get;
    expect(get.parameters[0].schema).toEqual({ enum: ["x"] });
    expect(get.responses.default.content["application/json"]).toEqual({
      schema: { type: "number", nullable: true },
      example: { const: 1, examples: [1, 2] },
    });
  });
});

describe("downConvert renders the document's own fields", () => {
  const { document, losses } = downConvert({
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: { title: "t", summary: "One line.", description: "Long text.\n", version: "1", license: { name: "MIT", identifier: "MIT" } },
    paths: { "/x": { get: { responses: { "200": { $ref: "#/components/responses/R", description: "override" } } } } },
    components: { responses: { R: { description: "r" } } },
  });

  it("openapi 3.0.3, no jsonSchemaDialect, info.summary opening the description, the license's SPDX page as url", () => {
    expect(document.openapi).toBe("3.0.3");
    expect(document).not.toHaveProperty("jsonSchemaDialect");
    expect(document.info).not.toHaveProperty("summary");
    expect(document.info.description).toMatch(/^One line\.\n\nLong text\.\n\n# This OpenAPI 3\.0 rendition\n/);
    expect(document.info.license).toEqual({ name: "MIT", url: "https://spdx.org/licenses/MIT.html" });
  });

  it("drops a Reference Object's description, and lists every loss in info.description", () => {
    expect(document.paths["/x"].get.responses["200"]).toEqual({ $ref: "#/components/responses/R" });
    expect(losses.map((loss) => loss.kind).sort()).toEqual(["infoSummary", "jsonSchemaDialect", "licenseIdentifier", "referenceSiblings"]);
    for (const loss of losses) expect(document.info.description).toContain(LOSS_TEXT[loss.kind]);
    expect(document.info.description).not.toContain(LOSS_TEXT.schemaExamples);
  });
});

describe("downConvert refuses what it cannot render, naming where it is", () => {
  it.each([
    [withSchema({ type: "array", prefixItems: [{ type: "string" }] }), /#\/components\/schemas\/S\/prefixItems uses `prefixItems`/],
    [withSchema({ type: "object", unevaluatedProperties: false }), /S\/unevaluatedProperties uses `unevaluatedProperties`/],
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, not a thenable
    [withSchema({ if: { type: "string" }, then: { minLength: 1 } }), /S\/if uses `if`/],
    [withSchema({ type: "object", dependentRequired: { a: ["b"] } }), /S\/dependentRequired uses/],
    [withSchema({ type: "string", contentEncoding: "base64" }), /S\/contentEncoding uses/],
    [withSchema({ $schema: "https://json-schema.org/draft/2020-12/schema" }), /S\/\$schema uses/],
    [withSchema({ type: ["string", "integer"] }), /S\/type uses the type list \["string","integer"\]/],
    [withSchema({ type: "null" }), /S\/type uses `type: "null"`/],
    [withSchema({ properties: { a: true } }), /S\/properties\/a uses the boolean schema true/],
    [withSchema({}, { webhooks: { w: {} } }), /#\/webhooks uses `webhooks`/],
    [{ ...withSchema({}), components: { pathItems: { p: {} } } }, /#\/components\/pathItems uses/],
    [
      { ...withSchema({}), components: { securitySchemes: { m: { type: "mutualTLS" } } } },
      /securitySchemes\/m uses the `mutualTLS` security scheme/,
    ],
    [{ openapi: "3.0.3", info: { title: "t", version: "1" }, paths: {} }, /the input is OpenAPI "3\.0\.3", not 3\.1\.x/],
  ])("%#: %j", (document, message) => {
    expect(() => downConvert(document)).toThrow(DownConvertError);
    expect(() => downConvert(document)).toThrow(message);
  });
});

/** Every place of a document where a key is used, as JSON pointers. */
function keysUsed(node: unknown, keys: Set<string>, at = "#", found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item, index) => keysUsed(item, keys, `${at}/${index}`, found));
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (keys.has(key)) found.push(`${at}/${key}`);
      if (key !== "example" && key !== "value") keysUsed(value, keys, `${at}/${key}`, found);
    }
  }
  return found;
}

describe("the committed rendition (generated/openapi-3.0.json)", () => {
  it("is the conversion of the committed bundle, in OpenAPI 3.0.3 with the same paths, operations and components", () => {
    expect(committed).toEqual(downConvert(bundle).document);
    expect(committed.openapi).toBe("3.0.3");
    expect(Object.keys(committed.paths)).toEqual(Object.keys(bundle.paths));
    for (const kind of Object.keys(bundle.components))
      expect(Object.keys(committed.components[kind]), kind).toEqual(Object.keys(bundle.components[kind]));
  });

  it("holds no 3.1-only construct: no schema examples list, no const, no type list, no $ref with siblings, no 3.1 root fields", () => {
    expect(committed).not.toHaveProperty("jsonSchemaDialect");
    expect(committed).not.toHaveProperty("webhooks");
    expect(committed.info).not.toHaveProperty("summary");
    expect(committed.info.license).not.toHaveProperty("identifier");
    expect(
      keysUsed(
        committed,
        new Set(["const", "$schema", "prefixItems", "unevaluatedProperties", "if", "dependentRequired", "contentEncoding"]),
      ),
    ).toEqual([]);
    const schemaExamples = keysUsed(committed.components.schemas, new Set(["examples"]));
    expect(schemaExamples).toEqual([]);
    const refs: string[] = [];
    const visit = (node: unknown, at: string) => {
      if (Array.isArray(node)) node.forEach((item, i) => visit(item, `${at}/${i}`));
      else if (node && typeof node === "object") {
        if ("$ref" in node && Object.keys(node).length > 1) refs.push(at);
        for (const [key, value] of Object.entries(node)) if (key !== "example" && key !== "value") visit(value, `${at}/${key}`);
      }
    };
    visit(committed, "#");
    expect(refs).toEqual([]);
    expect(JSON.stringify(committed)).not.toMatch(/"type":\s*\[/);
  });

  it("ends its info.description with the list of what it loses, and the contract guide (docs/contract.md) lists the same", () => {
    const { losses } = downConvert(bundle);
    expect(losses.length).toBeGreaterThan(0);
    const description: string = committed.info.description;
    const section = description.slice(description.indexOf(LOSSES_HEADING));
    expect(section.startsWith(LOSSES_HEADING)).toBe(true);
    const guide = readFileSync(path.join(repoRoot, "docs", "contract.md"), "utf8");
    for (const kind of new Set(losses.map((loss) => loss.kind))) {
      expect(section).toContain(LOSS_TEXT[kind]);
      expect(guide.includes(LOSS_TEXT[kind]), `docs/contract.md should list: ${LOSS_TEXT[kind]}`).toBe(true);
    }
    for (const loss of losses.filter((l) => l.dropped)) {
      expect(guide.includes(`\`${loss.at}\``), `docs/contract.md should name ${loss.at}`).toBe(true);
    }
  });
});
