// vpcep-openapi/contract: the validators name each violation by path, and never throw.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateListEndpointServicesRequest, validateListEndpointServicesResponse } from "vpcep-openapi/contract";
import { at, deref, document, type JsonObject } from "../../support/document.js";
import { scaled } from "../../support/timeouts.js";

const json = { "content-type": "application/json" };
const service = (extra: JsonObject = {}) => ({
  id: "a",
  service_name: "s",
  service_type: "interface",
  status: "available",
  created_at: "2018-01-30T07:42:01Z",
  ...extra,
});
const page = (services: unknown[], total = services.length) => ({ endpoint_services: services, total_count: total });

describe("validateListEndpointServicesResponse", () => {
  const examples = at(document, "paths", "/v1/{project_id}/vpc-endpoint-services", "get", "responses");
  const named = (status: string) =>
    Object.entries(at(examples, status, "content", "application/json")["examples"] as JsonObject).map(
      ([name, e]) => [status, name, deref(e)["value"]] as const,
    );

  it.each(["200", "400", "401", "403", "404", "429", "500", "504"].flatMap(named))(
    "accepts the documented %s example %s",
    (status, _name, body) => {
      expect(validateListEndpointServicesResponse(Number(status), json, body)).toEqual({ valid: true, errors: [] });
    },
  );

  it("names the JSON path of a port out of range", () => {
    const body = page([service(), service(), service(), service({ ports: [{ client_port: 70000, server_port: 80 }] })]);
    expect(validateListEndpointServicesResponse(200, json, body).errors).toEqual([
      { path: "endpoint_services[3].ports[0].client_port", message: "must be <= 65535", keyword: "maximum" },
    ]);
  });

  it.each([
    ["a missing total_count", 200, json, { endpoint_services: [] }, "total_count", "required"],
    ["total_count as text", 200, json, { endpoint_services: [], total_count: "1" }, "total_count", "type"],
    ["a service without id", 200, json, page([{ ...service(), id: undefined }]), "endpoint_services[0].id", "required"],
    ["an error body of no documented shape", 400, json, { fault: "bad" }, "(body)", "anyOf"],
    ["a {code, message} body without code", 400, json, { message: "bad" }, "code", "required"],
    ["a wrapped body without message", 400, json, { error: { code: "EndPoint.0002" } }, "error.message", "required"],
    ["a service body without error_msg", 400, json, { error_code: "EndPoint.0002" }, "error_msg", "required"],
    ["a text/plain content type", 200, { "Content-Type": "text/plain" }, page([]), "headers.content-type", "content-type"],
    ["no content type at all", 200, {}, page([]), "headers.content-type", "content-type"],
    ["an HTML body", 502, { "content-type": "text/html" }, "<html>bad gateway</html>", "(body)", "json"],
    ["a truncated body", 200, json, '{"endpoint_services":[', "(body)", "json"],
    ["an undocumented success status", 201, json, page([]), "status", "status"],
    ["a status that is not HTTP", 42, json, page([]), "status", "status"],
  ])("reports %s", (_what, status, headers, body, path, keyword) => {
    const outcome = validateListEndpointServicesResponse(status, headers as Record<string, string>, body);
    expect(outcome.valid).toBe(false);
    expect(outcome.errors).toContainEqual(expect.objectContaining({ path, keyword }));
  });

  it("accepts the raw text and bytes of a valid body, and Headers objects", () => {
    const text = JSON.stringify(page([service()]));
    expect(validateListEndpointServicesResponse(200, new Headers(json), text).valid).toBe(true);
    expect(
      validateListEndpointServicesResponse(200, [["Content-Type", "application/json; charset=utf-8"]], new TextEncoder().encode(text))
        .valid,
    ).toBe(true);
  });

  it("counts lengths in characters, a surrogate pair as one (tag keys of up to 128)", () => {
    const tagged = (key: string) => page([service({ tags: [{ key }] })]);
    expect(validateListEndpointServicesResponse(200, json, tagged("𝒜".repeat(128))).valid).toBe(true);
    expect(validateListEndpointServicesResponse(200, json, tagged("𝒜".repeat(129))).errors).toEqual([
      { path: "endpoint_services[0].tags[0].key", message: "must NOT have more than 128 characters", keyword: "maxLength" },
    ]);
  });

  it("accepts fields and enum values a newer server may send", () => {
    const body = page([service({ status: "hibernating", server_type: "GPU", field_added_later: [1, 2] })]);
    expect(validateListEndpointServicesResponse(200, json, body)).toEqual({ valid: true, errors: [] });
  });
});

describe("validateListEndpointServicesRequest", () => {
  it("accepts a URL using every parameter within range", () => {
    const url =
      "https://vpcep.eu-de.otc.t-systems.com/v1/6e9dfd51d1124e8d8498dce894923a0d/vpc-endpoint-services?endpoint_service_name=x&id=y&status=failed&sort_key=update_at&sort_dir=asc&limit=1000&offset=0&public_border_group=center&net_type=all";
    expect(validateListEndpointServicesRequest(url)).toEqual({ valid: true, errors: [] });
    expect(validateListEndpointServicesRequest({ limit: 0, status: "creating" })).toEqual({ valid: true, errors: [] });
  });

  it.each([
    ["limit above 1000", "?limit=1001", "query.limit", "maximum"],
    ["limit below 0", "?limit=-1", "query.limit", "minimum"],
    ["limit not an integer", "?limit=1.5", "query.limit", "type"],
    ["offset negative", "?offset=-3", "query.offset", "minimum"],
    ["an unknown status", "?status=active", "query.status", "enum"],
    ["an unknown sort_key", "?sort_key=created_at", "query.sort_key", "enum"],
    ["an unknown sort_dir", "?sort_dir=up", "query.sort_dir", "enum"],
    ["a name over 128 characters", `?endpoint_service_name=${"n".repeat(129)}`, "query.endpoint_service_name", "maxLength"],
    ["an unknown parameter", "?marker=abc", "query.marker", "additionalProperties"],
    ["a repeated parameter", "?limit=1&limit=2", "query.limit", "repeated"],
  ])("reports %s", (_what, search, path, keyword) => {
    const outcome = validateListEndpointServicesRequest(`/v1/p/vpc-endpoint-services${search}`);
    expect(outcome.valid).toBe(false);
    expect(outcome.errors).toContainEqual(expect.objectContaining({ path, keyword }));
  });

  it("reports a path that is not the operation's, and a project_id over 64 characters", () => {
    expect(validateListEndpointServicesRequest("/v2/p/endpoints").errors).toContainEqual(
      expect.objectContaining({ path: "path", keyword: "path" }),
    );
    expect(validateListEndpointServicesRequest(`/v1/${"p".repeat(65)}/vpc-endpoint-services`).errors).toContainEqual(
      expect.objectContaining({ path: "path.project_id", keyword: "maxLength" }),
    );
  });
});

describe("the validators never throw", () => {
  const anyBody = fc.oneof(
    fc.anything(),
    fc.string(),
    fc.json(),
    fc.uint8Array(),
    fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, fc.integer(), fc.array(tie("node")), fc.dictionary(fc.string(), tie("node"))),
    })).node,
  );
  const anyHeaders = fc.oneof(
    fc.constant(undefined),
    fc.dictionary(fc.string(), fc.string()),
    fc.constant(new Headers({ "content-type": "application/json" })),
  );

  it("for any status, headers and body", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1, max: 1000 }), anyHeaders, anyBody, (status, headers, body) => {
        const outcome = validateListEndpointServicesResponse(status, headers, body);
        expect(typeof outcome.valid).toBe("boolean");
        expect(outcome.valid).toBe(outcome.errors.length === 0);
      }),
      { numRuns: 500 },
    );
  });

  it("for any request input", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl({ withQueryParameters: true }), fc.anything()), (input) => {
        const outcome = validateListEndpointServicesRequest(input as string);
        expect(outcome.valid).toBe(outcome.errors.length === 0);
      }),
      { numRuns: 500 },
    );
  });

  it("for a body nested 100,000 levels deep and a 1,000,000-service page", () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    expect(validateListEndpointServicesResponse(200, json, deep).valid).toBe(false);
    let nested: unknown = {};
    for (let i = 0; i < 10_000; i++) nested = { endpoint_services: nested };
    expect(validateListEndpointServicesResponse(200, json, nested).valid).toBe(false);
    // One service object in every slot: the validator reads each slot all the same, and the page is quick to build.
    const large = page(Array(1_000_000).fill(service()));
    expect(validateListEndpointServicesResponse(200, json, large)).toEqual({ valid: true, errors: [] });
  });
});

describe("a hostile page of 64,000 invalid items (128 KB)", () => {
  const json = { "content-type": "application/json" };
  it.each([
    ["1", "endpoint_services[0]", "must be object"],
    ["{}", "endpoint_services[0].id", "must have required property 'id'"],
  ])("items %s: judged in linear time, the first 1000 errors kept and a last one saying so", (item, path, message) => {
    const body = `{"endpoint_services":[${Array(64_000).fill(item).join(",")}],"total_count":1}`;
    const started = performance.now();
    const result = validateListEndpointServicesResponse(200, json, body);
    expect(performance.now() - started).toBeLessThan(scaled(5_000)); // 22 s and 89 s before the error path was linear
    expect(result.valid).toBe(false);
    expect(result.errors).toHaveLength(1001);
    expect(result.errors[0]).toMatchObject({ path, message });
    expect(result.errors.at(-1)).toEqual({
      path: "(body)",
      message: "has 1000 problems or more; validation keeps the first 1000",
      keyword: "truncated",
    });
  });

  it("a body with fewer problems than the cap lists them all, with no truncation", () => {
    const result = validateListEndpointServicesResponse(
      200,
      json,
      `{"endpoint_services":[${Array(999).fill("1").join(",")}],"total_count":1}`,
    );
    expect(result.errors).toHaveLength(999);
    expect(result.errors.some((error) => error.keyword === "truncated")).toBe(false);
  });
});

describe("error bodies in the provider's three shapes", () => {
  const json = { "content-type": "application/json" };
  it.each([
    ["the service's {error_code, error_msg}", 400, { error_code: "EndPoint.0002", error_msg: "Parameter error." }],
    [
      "the gateway's {error_code, error_msg, request_id}",
      401,
      { error_code: "APIGW.0301", error_msg: "Incorrect IAM authentication information: verify aksk signature fail", request_id: "r" },
    ],
    [
      "the gateway's APIG. prefix",
      429,
      {
        error_code: "APIG.0308",
        error_msg: "The throttling threshold has been reached: policy user over ratelimit,limit:XX,time:1 second",
      },
    ],
    ["the API reference's {error: {code, message}}", 500, { error: { code: "EndPoint.0001", message: "System error." } }],
    ["a top-level {code, message}", 503, { code: "EndPoint.0001", message: "System error." }],
  ])("accepts %s", (_what, status, body) => {
    expect(validateListEndpointServicesResponse(status, json, body)).toEqual({ valid: true, errors: [] });
  });

  it("reports only the errors of the shape a body means, not of all three", () => {
    expect(validateListEndpointServicesResponse(400, json, { error: { code: 2, message: "x" } }).errors).toEqual([
      { path: "error.code", message: "must be string", keyword: "type" },
    ]);
    expect(validateListEndpointServicesResponse(400, json, [1]).errors).toEqual([
      {
        path: "(body)",
        message: "is not an error body of any documented shape ({error_code, error_msg}, {error: {code, message}} or {code, message})",
        keyword: "anyOf",
      },
    ]);
  });
});
