// Every parameter and field of the provider's 2022 page (the seed), one row each, with the
// constraints the page gives; the bundled document must carry each of them.
import { describe, expect, it } from "vitest";
import { at, deref, document, isOpenEnum, knownValues, parameters, typeOf, type Json, type JsonObject } from "../support/document.js";
import { schemaPointer, validateAt } from "../support/validator.js";

interface Constraints {
  type: string;
  required?: boolean;
  enum?: Json[];
  minimum?: number;
  maximum?: number;
  default?: Json;
  minLength?: number;
  maxLength?: number;
  deprecated?: boolean;
  /** A response field's default: said in its description and kept in `x-default`, never as `default`. */
  responseDefault?: Json;
  /** Words of the seed's explanation that the description must carry. */
  says?: RegExp[];
}

const parameterRows: [name: string, location: string, constraints: Constraints][] = [
  ["project_id", "path", { type: "string", required: true, says: [/project/i] }],
  ["endpoint_service_name", "query", { type: "string", required: false, maxLength: 128, says: [/not case-sensitive/i, /fuzzy/i] }],
  ["id", "query", { type: "string", required: false, says: [/unique ID/i] }],
  [
    "status",
    "query",
    {
      type: "string",
      required: false,
      enum: ["creating", "available", "failed", "deleting"],
      says: [/being created/, /connectable/, /creation failed/, /being deleted/],
    },
  ],
  [
    "sort_key",
    "query",
    { type: "string", required: false, enum: ["create_at", "update_at"], default: "create_at", says: [/creation time/, /update\s+time/] },
  ],
  ["sort_dir", "query", { type: "string", required: false, enum: ["desc", "asc"], default: "desc", says: [/descending/, /ascending/] }],
  [
    "limit",
    "query",
    { type: "integer", required: false, minimum: 0, maximum: 1000, default: 10, says: [/10, 20\s+or 50/, /0 to 1000/, /API Explorer/] },
  ],
  ["offset", "query", { type: "integer", required: false, minimum: 0, default: 0, says: [/skip/, /greater than 0/, /API Explorer/] }],
];

const fieldRows: [schema: string, field: string, constraints: Constraints][] = [
  ["ListEndpointServicesResponse", "endpoint_services", { type: "array", required: true }],
  ["ListEndpointServicesResponse", "total_count", { type: "integer", required: true, minimum: 0, says: [/limit/, /offset/] }],
  ["EndpointService", "id", { type: "string", required: true, says: [/unique ID/] }],
  ["EndpointService", "port_id", { type: "string", says: [/load balancer/, /ECS/, /virtual IP/, /UUID/] }],
  ["EndpointService", "vip_port_id", { type: "string", deprecated: true, says: [/virtual NIC/, /VIP/] }],
  ["EndpointService", "service_name", { type: "string", required: true, says: [/name/] }],
  ["EndpointService", "server_type", { type: "string", enum: ["VM", "VIP", "LB"], says: [/ECS/, /virtual IP/, /load\s+balancer/] }],
  ["EndpointService", "vpc_id", { type: "string", says: [/VPC/] }],
  ["EndpointService", "approval_enabled", { type: "boolean", says: [/Accepted/, /Pending acceptance/] }],
  ["EndpointService", "status", { type: "string", required: true, enum: ["creating", "available", "failed", "deleting"] }],
  ["EndpointService", "service_type", { type: "string", required: true, enum: ["interface", "gateway"] }],
  ["EndpointService", "created_at", { type: "string", required: true, says: [/creation time/, /UTC/] }],
  ["EndpointService", "updated_at", { type: "string", says: [/update/, /UTC/, /update_at/] }],
  ["EndpointService", "project_id", { type: "string", says: [/project/] }],
  ["EndpointService", "ports", { type: "array", says: [/Duplicate/, /same protocol/] }],
  ["EndpointService", "tags", { type: "array", says: [/tags/] }],
  ["EndpointService", "connection_count", { type: "integer", minimum: 0, says: [/Creating/, /Accepted/] }],
  [
    "EndpointService",
    "tcp_proxy",
    {
      type: "string",
      enum: ["close", "toa_open", "proxy_open", "open"],
      responseDefault: "close",
      says: [/TOA/, /Proxy Protocol/, /absent, read\s+it as `close`/],
    },
  ],
  ["EndpointService", "error", { type: "array", says: [/failed/] }],
  ["PortMapping", "client_port", { type: "integer", required: true, minimum: 1, maximum: 65535, says: [/VPC endpoint/] }],
  ["PortMapping", "server_port", { type: "integer", required: true, minimum: 1, maximum: 65535, says: [/backend/] }],
  ["PortMapping", "protocol", { type: "string", enum: ["TCP", "UDP"], responseDefault: "TCP", says: [/absent, read it as `TCP`/] }],
  // The seed's 36/43-character rules were creation rules; a response carries what was stored under
  // newer rules too (up to 128/255 characters), so the seed's rules live on in the descriptions.
  [
    "ResourceTag",
    "key",
    {
      type: "string",
      required: true,
      minLength: 1,
      maxLength: 128,
      says: [/1 to 36 Unicode characters/, /digits, letters, hyphens/, /2022 page's creation rule/],
    },
  ],
  [
    "ResourceTag",
    "value",
    { type: "string", maxLength: 255, says: [/at most 43 Unicode\s+characters/, /may be empty/, /2022 page's creation rule/] },
  ],
  ["EndpointServiceError", "error_code", { type: "string", says: [/error code/] }],
  ["EndpointServiceError", "error_message", { type: "string", says: [/error message/] }],
];

/** The keyword of a schema, looking through `$ref` and an open enumeration's known member. */
function keyword(schema: JsonObject, name: string): Json | undefined {
  const direct = deref(schema);
  if (direct[name] !== undefined) return direct[name];
  const members = ((direct["anyOf"] as Json[] | undefined) ?? []).map(deref);
  return members.map((m) => m[name]).find((value) => value !== undefined);
}

function expectConstraints(schema: JsonObject, c: Constraints) {
  expect(typeOf(schema)).toBe(c.type);
  if (c.enum) expect(knownValues(schema)).toEqual(expect.arrayContaining(c.enum));
  for (const name of ["minimum", "maximum", "default", "minLength", "maxLength"] as const) {
    if (c[name] !== undefined) expect(keyword(schema, name), name).toEqual(c[name]);
  }
  if (c.responseDefault !== undefined) {
    expect(keyword(schema, "default"), "a response field has no JSON Schema default").toBeUndefined();
    expect(schema["x-default"]).toEqual(c.responseDefault);
  }
}

describe("every request parameter of the seed is in the document", () => {
  it.each(parameterRows)("%s (%s)", (name, location, c) => {
    const parameter = parameters().get(name);
    expect(parameter, `parameter ${name}`).toBeDefined();
    expect(parameter!["in"]).toBe(location);
    expect(Boolean(parameter!["required"])).toBe(c.required);
    expectConstraints(deref(parameter!["schema"]), c);
    for (const phrase of c.says ?? []) expect(parameter!["description"]).toMatch(phrase);
    expect(parameter!["x-newer-than-seed"]).toBeUndefined();
  });
});

describe("every response field of the seed is in the document", () => {
  it.each(fieldRows)("%s.%s", (schemaName, field, c) => {
    const parent = at(document, "components", "schemas", schemaName);
    const property = (parent["properties"] as JsonObject)[field] as JsonObject;
    expect(property, `${schemaName}.${field}`).toBeDefined();
    expectConstraints(property, c);
    expect(((parent["required"] as Json[]) ?? []).includes(field)).toBe(Boolean(c.required));
    expect(Boolean(property["deprecated"])).toBe(Boolean(c.deprecated));
    const description = String(property["description"] ?? deref(property)["description"]);
    for (const phrase of c.says ?? []) expect(description).toMatch(phrase);
    expect(property["x-newer-than-seed"]).toBeUndefined();
  });
});

describe("fields and parameters newer than the seed", () => {
  const newer = [
    "domain_id",
    "description",
    "ip",
    "supported_editions",
    "public_border_group",
    "enable_policy",
    "pool_id",
    "ip_version",
    "snat_network_id",
    "enterprise_project_id",
  ];
  it.each(newer)("EndpointService.%s is present and marked newer than the seed", (field) => {
    const property = (at(document, "components", "schemas", "EndpointService")["properties"] as JsonObject)[field] as JsonObject;
    expect(property["x-newer-than-seed"]).toBe(true);
    expect(String(property["description"])).toMatch(/Newer than the 2022 page/);
  });

  it.each(["public_border_group", "net_type"])("query parameter %s is optional and marked newer than the seed", (name) => {
    const parameter = parameters().get(name)!;
    expect(parameter["required"]).toBeFalsy();
    expect(parameter["x-newer-than-seed"]).toBe(true);
  });

  it("update_at is kept as a deprecated alias of updated_at", () => {
    const property = (at(document, "components", "schemas", "EndpointService")["properties"] as JsonObject)["update_at"] as JsonObject;
    expect(property["deprecated"]).toBe(true);
  });
});

describe("response enumerations are open, request enumerations are closed", () => {
  const openFields: [string, string][] = [
    ["EndpointService", "status"],
    ["EndpointService", "server_type"],
    ["EndpointService", "service_type"],
    ["EndpointService", "tcp_proxy"],
    ["PortMapping", "protocol"],
    ["EndpointService", "ip_version"],
  ];
  it.each(openFields)("%s.%s accepts every known value and a value not known yet", (schemaName, field) => {
    const property = (at(document, "components", "schemas", schemaName)["properties"] as JsonObject)[field] as JsonObject;
    expect(isOpenEnum(property)).toBe(true);
    const base = schemaName === "EndpointService" ? validService() : { client_port: 1, server_port: 1 };
    for (const value of [...knownValues(property)!, "value-added-in-2030"]) {
      expect(validateAt(schemaPointer(schemaName), { ...base, [field]: value }).valid, String(value)).toBe(true);
    }
    expect(validateAt(schemaPointer(schemaName), { ...base, [field]: 42 }).valid).toBe(false);
  });

  it.each(["status", "sort_key", "sort_dir", "net_type"])("query parameter %s is a closed enumeration", (name) => {
    const schema = deref(parameters().get(name)!["schema"]);
    expect(Array.isArray(schema["enum"])).toBe(true);
    expect(isOpenEnum(schema)).toBe(false);
  });
});

function validService(): JsonObject {
  return {
    id: "4189d3c2-8882-4871-a3c2-d380272eed83",
    service_name: "s",
    service_type: "interface",
    status: "available",
    created_at: "2018-01-30T07:42:01Z",
  };
}

describe("the schemas enforce the seed's ranges and character rules", () => {
  const cases: [string, string, unknown, boolean][] = [
    ["PortMapping", "client_port 1 is the lowest port", { client_port: 1, server_port: 80 }, true],
    ["PortMapping", "client_port 65535 is the highest port", { client_port: 65535, server_port: 80 }, true],
    ["PortMapping", "client_port 0 is out of range", { client_port: 0, server_port: 80 }, false],
    ["PortMapping", "server_port 65536 is out of range", { client_port: 80, server_port: 65536 }, false],
    ["PortMapping", "a port mapping without server_port is invalid", { client_port: 80 }, false],
    ["PortMapping", "protocol may be absent (TCP is the default)", { client_port: 80, server_port: 80 }, true],
    ["ResourceTag", "a tag key of 36 letters (the seed's limit) is valid", { key: "k".repeat(36) }, true],
    ["ResourceTag", "a tag key of 128 characters (the SDKs' limit) is valid", { key: "k".repeat(128) }, true],
    ["ResourceTag", "a tag key of 129 characters is too long for every source", { key: "k".repeat(129) }, false],
    ["ResourceTag", "an empty tag key is invalid", { key: "" }, false],
    ["ResourceTag", "a tag key may use Unicode letters, digits, - and _", { key: "环境_prod-1" }, true],
    ["ResourceTag", "a tag key with the SDKs' characters (space . : = + - @) is valid", { key: "app.name: a=b+c-d@e" }, true],
    ["ResourceTag", "a tag key with Open Telekom Cloud's @ is valid", { key: "team@ops" }, true],
    ["ResourceTag", "a tag key that is not a string is invalid", { key: 42 }, false],
    ["ResourceTag", "a tag value of 255 characters (the SDKs' limit) is valid", { key: "k", value: "v".repeat(255) }, true],
    ["ResourceTag", "a tag value of 256 characters is too long for every source", { key: "k", value: "v".repeat(256) }, false],
    ["ResourceTag", "an empty tag value is valid", { key: "k", value: "" }, true],
    ["ResourceTag", "a tag value with a space and / is valid", { key: "k", value: "a b/c" }, true],
    ["ResourceTag", "a tag value that is not a string is invalid", { key: "k", value: 1 }, false],
    ["Timestamp", "the documented form with Z is valid", "2018-01-30T07:42:01Z", true],
    ["Timestamp", "the seed example's zone-less form with milliseconds is valid", "2018-01-30T07:42:01.174", true],
    ["Timestamp", "an explicit offset is valid", "2018-01-30T15:42:01+08:00", true],
    ["Timestamp", "a date without time is invalid", "2018-01-30", false],
    ["EndpointServiceError", "the SDK's {code, message} item is valid", { code: "EndPoint.3001", message: "x" }, true],
    [
      "EndpointServiceError",
      "the seed's {error_code, error_message} item is valid",
      { error_code: "EndPoint.3001", error_message: "x" },
      true,
    ],
    ["EndpointService", "an unknown field from a newer server is valid", { ...validService(), field_added_in_2030: { a: 1 } }, true],
    ["EndpointService", "the deprecated update_at alone is valid", { ...validService(), update_at: "2018-01-30T07:42:01.174" }, true],
    ["EndpointService", "connection_count -1 is invalid", { ...validService(), connection_count: -1 }, false],
    ["EndpointService", "a service without id is invalid", { ...validService(), id: undefined }, false],
    ["EndpointService", "a description with < is invalid", { ...validService(), description: "<b>" }, false],
    ["ListEndpointServicesResponse", "a page without total_count is invalid", { endpoint_services: [] }, false],
    ["ListEndpointServicesResponse", "a negative total_count is invalid", { endpoint_services: [], total_count: -1 }, false],
    ["ErrorBody", "an error body without error_msg is invalid", { error_code: "EndPoint.0002" }, false],
    ["ErrorBody", "a gateway error body with request_id is valid", { error_code: "APIGW.0301", error_msg: "x", request_id: "r" }, true],
    ["ErrorBody", "the API reference's {error: {code, message}} is valid", { error: { code: "EndPoint.0002", message: "x" } }, true],
    ["ErrorBody", "a top-level {code, message} is valid", { code: "EndPoint.0002", message: "x" }, true],
    ["ErrorBody", "{error: {code}} without a message is invalid", { error: { code: "EndPoint.0002" } }, false],
    ["ErrorBody", "{code} without a message is invalid", { code: "EndPoint.0002" }, false],
    ["ErrorBody", "an empty object is invalid", {}, false],
    ["ErrorBody", "a string is invalid", "Parameter error.", false],
  ];
  it.each(cases)("%s: %s", (schemaName, _what, value, valid) => {
    const clean = JSON.parse(JSON.stringify(value)) as unknown;
    expect(validateAt(schemaPointer(schemaName), clean).valid).toBe(valid);
  });
});

describe("the document's frame", () => {
  it("declares draft 2020-12 as its JSON Schema dialect", () => {
    expect(document["jsonSchemaDialect"]).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  it("offers the token and the AK/SK signed form as alternatives", () => {
    expect(document["security"]).toEqual([{ token: [] }, { aksk: [], "aksk-date": [] }]);
    const schemes = at(document, "components", "securitySchemes");
    expect(deref(schemes["token"])["name"]).toBe("X-Auth-Token");
    expect(deref(schemes["aksk"])["name"]).toBe("Authorization");
    expect(String(deref(schemes["aksk"])["description"])).toMatch(/SDK-HMAC-SHA256/);
    expect(deref(schemes["aksk-date"])["name"]).toBe("X-Sdk-Date");
  });

  it("lists a server for every documented region of both clouds", () => {
    const servers = document["servers"] as JsonObject[];
    const regions = servers.flatMap((s) => {
      const variable = (s["variables"] as JsonObject | undefined)?.["region"] as JsonObject | undefined;
      return variable ? (variable["enum"] as string[]) : [String(s["url"]).match(/vpcep\.([^.]+)\./)![1]!];
    });
    expect(regions).toHaveLength(36);
    expect(regions).toEqual(expect.arrayContaining(["cn-north-4", "ap-southeast-1", "eu-west-101", "eu-de", "eu-nl"]));
    expect(servers.map((s) => s["url"])).toEqual([
      "https://vpcep.{region}.myhuaweicloud.com",
      "https://vpcep.eu-west-101.myhuaweicloud.eu",
      "https://vpcep.{region}.otc.t-systems.com",
    ]);
  });

  it("documents 400, 401, 403, 404, 429, 500, 504 and a default with the provider's error body", () => {
    const responses = at(document, "paths", "/v1/{project_id}/vpc-endpoint-services", "get", "responses");
    for (const status of ["400", "401", "403", "404", "429", "500", "504", "default"]) {
      const media = at(responses, status, "content", "application/json");
      expect(media["schema"]).toEqual({ $ref: "#/components/schemas/ErrorBody" });
      const examples = Object.values(media["examples"] as JsonObject).map((e) => deref(e)["value"] as JsonObject);
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) {
        const code = example["error_code"] ?? (example["error"] as JsonObject | undefined)?.["code"] ?? example["code"];
        expect(String(code)).toMatch(/^(EndPoint|APIGW)\.\d{4}$/);
      }
    }
  });
});
