// The compatibility gate: every released version's document and corpus must still hold for the
// current one, unless the major version changed.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { validateListEndpointServicesRequest, validateListEndpointServicesResponse } from "vpcep-openapi/contract";
import { document } from "../support/document.js";
import { breakingChanges, compatibilityLine, majorOf } from "./breaking.js";

const versionsDir = path.join(import.meta.dirname, "versions");
const released = readdirSync(versionsDir).sort();
const current = String((document["info"] as { version: string }).version);
const read = (version: string, file: string) => JSON.parse(readFileSync(path.join(versionsDir, version, file), "utf8"));

describe.each(released)("compared with released version %s", (version) => {
  const sameMajor = majorOf(version) === majorOf(current);
  const sameLine = compatibilityLine(version) === compatibilityLine(current);
  const old = read(version, "openapi.json");

  // Before 1.0.0 a minor release may break typed callers (semver); its old requests and responses
  // must still be valid all the same, which the two tests after this one prove.
  it.runIf(sameLine)("the current document has no breaking change", () => {
    expect(breakingChanges(old, document)).toEqual([]);
  });

  it.runIf(sameMajor)("every request of its corpus is still valid", () => {
    const requests = read(version, "requests.json") as string[];
    expect(requests.length).toBeGreaterThan(20);
    for (const url of requests) expect(validateListEndpointServicesRequest(url).errors, url).toEqual([]);
  });

  it.runIf(sameMajor)("every response of its corpus is still valid", () => {
    const responses = read(version, "responses.json") as { status: number; body: unknown }[];
    expect(responses.length).toBeGreaterThan(10);
    for (const { status, body } of responses) {
      expect(
        validateListEndpointServicesResponse(status, { "content-type": "application/json" }, body).errors,
        JSON.stringify(body).slice(0, 80),
      ).toEqual([]);
    }
  });
});

describe("the breaking-change rules catch what breaks callers", () => {
  const base = read(released.at(-1)!, "openapi.json");
  const mutate = (change: (doc: any) => void) => {
    const copy = structuredClone(base);
    change(copy);
    return breakingChanges(base, copy);
  };
  const params = (doc: any) => doc.components.parameters;
  const schemas = (doc: any) => doc.components.schemas;

  it.each([
    [
      "removing a response field",
      (d: any) => delete schemas(d).EndpointService.properties.vpc_id,
      /response 200\.endpoint_services\[\]\.vpc_id was removed/,
    ],
    [
      "changing a field's type",
      (d: any) => (schemas(d).ListEndpointServicesResponse.properties.total_count.type = "string"),
      /total_count changed type/,
    ],
    [
      "making a required field optional",
      (d: any) => (schemas(d).EndpointService.required = ["id"]),
      /service_name is no longer always present/,
    ],
    [
      "widening a response enum callers switch over",
      (d: any) => schemas(d).EndpointServiceStatus.enum.push("frozen"),
      /gained enum values callers do not handle: frozen/,
    ],
    ["narrowing a request enum", (d: any) => (schemas(d).SortDir.enum = ["desc"]), /parameter query:sort_dir lost enum values: asc/],
    ["changing a default", (d: any) => (params(d).Limit.schema.default = 20), /parameter query:limit changed its default from 10 to 20/],
    ["lowering a maximum", (d: any) => (params(d).Limit.schema.maximum = 500), /parameter query:limit narrowed maximum to 500/],
    [
      "removing a parameter",
      (d: any) => d.paths["/v1/{project_id}/vpc-endpoint-services"].get.parameters.shift(),
      /parameter query:endpoint_service_name was removed/,
    ],
    [
      "adding a required parameter",
      (d: any) =>
        d.paths["/v1/{project_id}/vpc-endpoint-services"].get.parameters.push({
          name: "zone",
          in: "query",
          required: true,
          schema: { type: "string" },
        }),
      /parameter query:zone is new and required/,
    ],
  ])("%s is breaking", (_what, change, message) => {
    expect(mutate(change).join("\n")).toMatch(message);
  });

  it.each([
    ["adding an optional response field", (d: any) => (schemas(d).EndpointService.properties.zone = { type: "string", description: "x" })],
    [
      "adding an optional parameter",
      (d: any) =>
        d.paths["/v1/{project_id}/vpc-endpoint-services"].get.parameters.push({ name: "zone", in: "query", schema: { type: "string" } }),
    ],
    ["widening a request enum", (d: any) => schemas(d).SortKey.enum.push("name")],
    ["raising a maximum", (d: any) => (params(d).Limit.schema.maximum = 2000)],
  ])("%s is not breaking", (_what, change) => {
    expect(mutate(change)).toEqual([]);
  });
});

describe("versions", () => {
  it("the document's info.version is the package version", () => {
    const manifest = JSON.parse(readFileSync(path.join(import.meta.dirname, "../../package.json"), "utf8")) as { version: string };
    expect(current).toBe(manifest.version);
  });

  it("the CHANGELOG says whether each version breaks typed callers, as the breaking-change rules find", () => {
    const changelog = readFileSync(path.join(import.meta.dirname, "../../CHANGELOG.md"), "utf8");
    const byVersion = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });
    const versions = [...new Set([...released, current])].sort(byVersion);
    for (const [index, version] of versions.entries()) {
      if (index === 0) continue;
      const before = read(versions[index - 1]!, "openapi.json");
      const after = version === current ? document : read(version, "openapi.json");
      const start = changelog.search(new RegExp(`^## ${version.replace(/\./g, "\\.")}\\b`, "m"));
      const section = changelog.slice(start, changelog.indexOf("\n## ", start + 1));
      const breaking = breakingChanges(before, after);
      if (breaking.length === 0)
        expect(section, `${version}: ${versions[index - 1]} to ${version} breaks no caller`).toMatch(/^Not breaking\b/m);
      else expect(section, `${version} breaks: ${breaking.join("; ")}`).toMatch(/\*\*Breaking\b/);
    }
  });

  it("the CHANGELOG has an entry for the current version and every released one", () => {
    const changelog = readFileSync(path.join(import.meta.dirname, "../../CHANGELOG.md"), "utf8");
    for (const version of new Set([...released, current]))
      expect(changelog).toMatch(new RegExp(`^## ${version.replace(/\./g, "\\.")}\\b`, "m"));
  });
});
