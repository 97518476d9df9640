// The cases `npm run check:generators` feeds each generator's zod schemas must say what the
// contract says: every example is valid, every broken body or query is invalid, for Ajv too.
import { describe, expect, it } from "vitest";
import { validateListEndpointServicesRequest, validateListEndpointServicesResponse } from "vpcep-openapi/contract";
import { zodCases } from "../../scripts/check-generators.js";
import { at, document, operation, type JsonObject } from "../support/document.js";

const cases = zodCases(document);
const json = { "content-type": "application/json" };

describe("the generator gate's zod cases", () => {
  it("hold every response example of the document", () => {
    const responses = operation()["responses"] as JsonObject;
    const exampleCount = Object.keys(responses).reduce(
      (sum, status) => sum + Object.keys(at(responses, status, "content", "application/json")["examples"] as JsonObject).length,
      0,
    );
    expect(cases.filter((c) => c.valid && c.kind !== "query")).toHaveLength(exampleCount);
    expect(cases.filter((c) => !c.valid).length).toBeGreaterThanOrEqual(10);
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s: the contract's validators agree", (_name, c) => {
    const outcome =
      c.kind === "query"
        ? validateListEndpointServicesRequest(c.value as Record<string, unknown>)
        : validateListEndpointServicesResponse(c.kind === "page" ? 200 : 400, json, c.value);
    expect(outcome.valid, JSON.stringify(outcome.errors)).toBe(c.valid);
  });
});
