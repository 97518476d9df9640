// The Prism mock of the bundled document answers like the contract says: valid requests get a
// valid page, invalid ones the documented 400 or 401 body with a violation naming the input.
import { beforeAll, describe, expect, it } from "vitest";
import { at, deref, document, type JsonObject } from "../../support/document.js";
import { listOnMock, mockReady, TOKEN_HEADERS } from "../../support/mock.js";
import { schemaPointer, validateAt } from "../../support/validator.js";
import { TIMEOUTS } from "../../support/timeouts.js";

// The global setup starts Prism alongside the first files: wait for it to answer.
beforeAll(() => mockReady(), TIMEOUTS.prismStart);

const responses = at(document, "paths", "/v1/{project_id}/vpc-endpoint-services", "get", "responses");
const documentedBodies = (status: string) =>
  Object.values(at(responses, status, "content", "application/json")["examples"] as JsonObject).map((e) => deref(e)["value"]);

function expectValidPage(body: unknown) {
  const result = validateAt(schemaPointer("ListEndpointServicesResponse"), body);
  expect(result.errors).toEqual([]);
}

describe("valid requests to the mock", () => {
  it("get 200 and a page the response schema accepts", async () => {
    const answer = await listOnMock();
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
    expectValidPage(answer.body);
  });

  const examples = Object.keys(at(responses, "200", "content", "application/json")["examples"] as JsonObject);
  it.each(examples)("can ask for the named example %s and get it, valid", async (name) => {
    const answer = await listOnMock("", { ...TOKEN_HEADERS, Prefer: `example=${name}` });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(deref((at(responses, "200", "content", "application/json")["examples"] as JsonObject)[name])["value"]);
    expectValidPage(answer.body);
  });

  const boundaries: [string, string][] = [
    ["limit at its minimum", "limit=0"],
    ["limit at its maximum", "limit=1000"],
    ["offset at its minimum", "offset=0"],
    ["a large offset", "offset=100000"],
    [
      "every filter at once",
      "endpoint_service_name=TEST&id=4189d3c2-8882-4871-a3c2-d380272eed83&status=available&sort_key=update_at&sort_dir=asc&limit=20&offset=40",
    ],
    ["a name of 128 characters", `endpoint_service_name=${"n".repeat(128)}`],
    ...["creating", "available", "failed", "deleting"].map((v): [string, string] => [`status=${v}`, `status=${v}`]),
    ...["create_at", "update_at"].map((v): [string, string] => [`sort_key=${v}`, `sort_key=${v}`]),
    ...["asc", "desc"].map((v): [string, string] => [`sort_dir=${v}`, `sort_dir=${v}`]),
    ...["vlan", "vxlan", "all"].map((v): [string, string] => [`net_type=${v}`, `net_type=${v}`]),
    ["public_border_group", "public_border_group=center"],
  ];
  it.each(boundaries)("accepts %s", async (_what, query) => {
    const answer = await listOnMock(query);
    expect(answer.violations).toEqual([]);
    expect(answer.status).toBe(200);
  });

  it("accepts the AK/SK signed form (Authorization with X-Sdk-Date)", async () => {
    const answer = await listOnMock("", {
      Authorization: "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=00",
      "X-Sdk-Date": "20191115T033655Z",
    });
    expect(answer.status).toBe(200);
  });
});

describe("invalid requests to the mock get the documented 400 body and a violation naming the input", () => {
  const long = "n".repeat(129);
  const cases: [what: string, query: string, names: string, headers?: Record<string, string>][] = [
    ["limit above 1000", "limit=1001", "limit"],
    ["limit far above 1000", "limit=100000", "limit"],
    ["limit below 0", "limit=-1", "limit"],
    ["limit not an integer (text)", "limit=ten", "limit"],
    ["limit not an integer (fraction)", "limit=1.5", "limit"],
    ["limit with a unit", "limit=10items", "limit"],
    ["limit as a boolean", "limit=true", "limit"],
    ["offset negative", "offset=-1", "offset"],
    ["offset not an integer (text)", "offset=first", "offset"],
    ["offset not an integer (fraction)", "offset=2.5", "offset"],
    ["unknown status", "status=active", "status"],
    ["status in the wrong case", "status=AVAILABLE", "status"],
    ["several statuses in one value", "status=available,failed", "status"],
    ["unknown sort_key", "sort_key=name", "sort_key"],
    ["sort_key in the spelling of the current OTC page", "sort_key=created_at", "sort_key"],
    ["sort_key in upper case", "sort_key=CREATE_AT", "sort_key"],
    ["unknown sort_dir", "sort_dir=ascending", "sort_dir"],
    ["sort_dir in the wrong case", "sort_dir=DESC", "sort_dir"],
    ["name over 128 characters", `endpoint_service_name=${long}`, "endpoint_service_name"],
    ["unknown net_type", "net_type=ipv6", "net_type"],
    ["X-Project-Id over 64 characters", "", "x-project-id", { ...TOKEN_HEADERS, "X-Project-Id": "p".repeat(65) }],
    ["two bad parameters at once", "limit=5000&sort_dir=up", "limit,sort_dir"],
  ];

  it.each(cases)("%s", async (_what, query, names, headers) => {
    const answer = await listOnMock(query, headers);
    expect(answer.status).toBe(400);
    expect(documentedBodies("400")).toContainEqual(answer.body);
    expect(validateAt(schemaPointer("ErrorBody"), answer.body).valid).toBe(true);
    const named = answer.violations.map((v) => String(v.location.at(-1)).toLowerCase());
    for (const name of names.split(",")) expect(named).toContain(name);
    expect(answer.violations.every((v) => v.severity === "Error")).toBe(true);
  });

  it("refuses a project_id over 64 characters", async () => {
    const answer = await listOnMock("", TOKEN_HEADERS, "p".repeat(65));
    expect(answer.status).toBe(400);
    expect(answer.violations.map((v) => v.location.at(-1))).toContain("project_id");
  });
});

describe("requests without valid credentials", () => {
  it("get 401 with the documented body when no token is sent", async () => {
    const answer = await listOnMock("", {});
    expect(answer.status).toBe(401);
    expect(documentedBodies("401")).toContainEqual(answer.body);
    expect(answer.violations.map((v) => v.code)).toContain(401);
  });

  it("get 401 when a signed request lacks X-Sdk-Date", async () => {
    const answer = await listOnMock("", { Authorization: "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=00" });
    expect(answer.status).toBe(401);
    expect(documentedBodies("401")).toContainEqual(answer.body);
  });
});
