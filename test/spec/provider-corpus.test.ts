// The provider's own published bodies (test/fixtures/provider/): each is accepted by the schema its
// file name gives, or refused for the reason written in its `_refused` key.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { validateListEndpointServicesResponse } from "vpcep-openapi/contract";
import { at, document } from "../support/document.js";
import { schemaPointer, validateAt } from "../support/validator.js";

const corpusDir = path.join(import.meta.dirname, "..", "fixtures", "provider");
const SCHEMA_BY_KIND = { page: "ListEndpointServicesResponse", service: "EndpointService", error: "ErrorBody" } as const;

interface Entry {
  file: string;
  kind: keyof typeof SCHEMA_BY_KIND;
  status: number | undefined;
  source: string;
  refused: string | undefined;
  body: Record<string, unknown>;
}

function load(file: string): Entry {
  const match = /^(page|service|error)-(?:(\d{3})-)?[a-z0-9-]+\.json$/.exec(file);
  if (!match) throw new Error(`${file}: name it page-<status>-<name>.json, service-<name>.json or error-<status>-<name>.json`);
  const {
    _source: source,
    _refused: refused,
    ...body
  } = JSON.parse(readFileSync(path.join(corpusDir, file), "utf8")) as Record<string, unknown>;
  return {
    file,
    kind: match[1] as Entry["kind"],
    status: match[2] === undefined ? undefined : Number(match[2]),
    source: String(source ?? ""),
    refused: refused === undefined ? undefined : String(refused),
    body,
  };
}

const corpus = readdirSync(corpusDir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map(load);
const accepted = corpus.filter((e) => e.refused === undefined);
const refused = corpus.filter((e) => e.refused !== undefined);
const json = { "content-type": "application/json" };

describe("the corpus of the provider's published bodies", () => {
  it("holds the list examples of every provider page, the SDK fixtures and the gateway's error bodies", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(20);
    expect(corpus.filter((e) => e.kind === "page").length).toBeGreaterThanOrEqual(6);
    const codes = corpus
      .filter((e) => e.kind === "error")
      .map((e) => String(e.body["error_code"] ?? (e.body["error"] as { code?: string } | undefined)?.code ?? e.body["code"]));
    for (const code of ["EndPoint.0002", "APIGW.0301", "APIGW.0303", "APIGW.0308", "APIG.0308", "APIGW.0201"])
      expect(codes).toContain(code);
  });

  it.each(corpus.map((e) => [e.file, e] as const))("%s names its source", (_file, entry) => {
    expect(entry.source.length).toBeGreaterThan(20);
  });

  it.each(accepted.map((e) => [e.file, e] as const))("%s is valid", (_file, entry) => {
    const outcome = validateAt(schemaPointer(SCHEMA_BY_KIND[entry.kind]), entry.body);
    expect(outcome.errors).toEqual([]);
    if (entry.status !== undefined) {
      expect(validateListEndpointServicesResponse(entry.status, json, entry.body)).toEqual({ valid: true, errors: [] });
    }
  });

  it.each(refused.map((e) => [e.file, e] as const))("%s is refused, for the written reason", (_file, entry) => {
    expect(entry.refused!.length).toBeGreaterThan(20);
    const outcome = validateListEndpointServicesResponse(entry.status ?? 200, json, entry.body);
    expect(outcome.valid).toBe(false);
    // The reason names the fields; the validator must fail on those fields and on nothing else.
    const fields = new Set(outcome.errors.map((e) => e.path.split(".").at(-1)));
    for (const field of fields) expect(entry.refused).toContain(String(field));
    expect(outcome.errors.every((e) => e.keyword === "type")).toBe(true);
  });

  it("every field the contract keeps required is in every published body (the rule EndpointService states)", () => {
    const required = (name: string) => (at(document, "components", "schemas", name)["required"] as string[] | undefined) ?? [];
    const services = corpus.flatMap((e) =>
      e.kind === "page" ? (e.body["endpoint_services"] as Record<string, unknown>[]) : e.kind === "service" ? [e.body] : [],
    );
    expect(services.length).toBeGreaterThanOrEqual(8);
    for (const service of services) for (const field of required("EndpointService")) expect(service, field).toHaveProperty(field);
    for (const page of corpus.filter((e) => e.kind === "page"))
      for (const field of required("ListEndpointServicesResponse")) expect(page.body, field).toHaveProperty(field);
    const ports = services.flatMap((s) => (s["ports"] as Record<string, unknown>[] | undefined) ?? []);
    for (const port of ports) for (const field of required("PortMapping")) expect(port, field).toHaveProperty(field);
    expect(String(at(document, "components", "schemas", "EndpointService")["description"])).toMatch(
      /No provider source marks a response field mandatory/,
    );
  });

  it("the Huawei API reference's body becomes valid once its ports are the integers every SDK sends", () => {
    const entry = refused.find((e) => e.file === "page-200-huawei-api-reference.json")!;
    const fixed = structuredClone(entry.body) as { endpoint_services: { ports: Record<string, unknown>[] }[] };
    for (const service of fixed.endpoint_services)
      for (const port of service.ports) for (const key of ["client_port", "server_port"]) port[key] = Number(port[key]);
    expect(validateListEndpointServicesResponse(200, json, fixed)).toEqual({ valid: true, errors: [] });
  });
});
