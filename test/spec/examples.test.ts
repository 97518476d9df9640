import { describe, expect, it } from "vitest";
import { deref, document, walk, type Json, type JsonObject } from "../support/document.js";
import { validateAt } from "../support/validator.js";

interface Case {
  where: string;
  schemaPointer: string;
  value: Json;
}

/** The schema pointer a `schema` node stands for: its `$ref`, or its own place in the document. */
const pointerOf = (schema: JsonObject, placedAt: string) => (typeof schema["$ref"] === "string" ? schema["$ref"] : placedAt);

function collectCases(): Case[] {
  const cases: Case[] = [];
  for (const [pointer, node] of walk(document)) {
    const schema = node["schema"] as JsonObject | undefined;
    if (schema && typeof schema === "object") {
      // Media types, parameters and headers: `example` and named `examples`.
      if (node["example"] !== undefined) {
        cases.push({ where: `${pointer}/example`, schemaPointer: pointerOf(schema, `${pointer}/schema`), value: node["example"] });
      }
      const named = node["examples"];
      if (named && typeof named === "object" && !Array.isArray(named)) {
        for (const [name, example] of Object.entries(named)) {
          cases.push({
            where: `${pointer}/examples/${name}`,
            schemaPointer: pointerOf(schema, `${pointer}/schema`),
            value: deref(example)["value"] ?? null,
          });
        }
      }
    }
    // Schemas: the JSON Schema `examples` array.
    if (pointer.includes("/components/schemas/") && Array.isArray(node["examples"])) {
      for (const [i, value] of node["examples"].entries()) {
        cases.push({ where: `${pointer}/examples/${i}`, schemaPointer: pointer, value });
      }
    }
  }
  return cases;
}

const cases = collectCases();

describe("every example in the document", () => {
  it("is found in media types, parameters, headers and schemas (at least 60 of them)", () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(cases.filter((c) => c.where.includes("/responses/200/")).length).toBe(6);
  });

  it.each(cases.map((c) => [c.where, c] as const))("%s is valid against its schema", (_where, c) => {
    const result = validateAt(c.schemaPointer, c.value);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });
});

describe("the response examples", () => {
  const examples = deref(
    deref(deref(document["paths"] as JsonObject)["/v1/{project_id}/vpc-endpoint-services"] as JsonObject)["get"] as JsonObject,
  );
  const ok = deref(deref(examples["responses"] as JsonObject)["200"]);
  const named = deref(deref(ok["content"] as JsonObject)["application/json"] as JsonObject)["examples"] as JsonObject;

  it.each(Object.entries(named))("%s is self-consistent: total_count covers the services shown", (_name, example) => {
    const value = deref(example)["value"] as { endpoint_services: { id: string }[]; total_count: number };
    expect(value.total_count).toBeGreaterThanOrEqual(value.endpoint_services.length);
    expect(new Set(value.endpoint_services.map((s) => s.id)).size).toBe(value.endpoint_services.length);
  });

  it("include the corrected seed example, an empty page, a failed service, a gateway service and a middle page", () => {
    expect(Object.keys(named)).toEqual(
      expect.arrayContaining(["seed-page", "empty-page", "failed-service", "gateway-service", "middle-page"]),
    );
    const seed = deref(named["seed-page"])["value"] as { endpoint_services: JsonObject[]; total_count: number };
    expect(seed.total_count).toBe(1);
    expect(seed.endpoint_services[0]).toHaveProperty("updated_at");
    expect(seed.endpoint_services[0]).not.toHaveProperty("update_at");
  });
});
