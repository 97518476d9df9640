// Issue 18, the document's side: the query as the service treats it. The `server_type` filter,
// unlisted query parameters, `limit=0`, and the statuses the `default` response stands for, each
// said in the description and in an `x-` extension the mock and the checker read.
import { describe, expect, it } from "vitest";
import { validateListEndpointServicesRequest, validateListEndpointServicesResponse } from "vpcep-openapi/contract";
import { at, deref, document, isOpenEnum, knownValues, operation, parameters, type Json } from "../support/document.js";

const PATH = "/v1/6e9dfd51d1124e8d8498dce894923a0d/vpc-endpoint-services";
const serverTypeField = () =>
  (at(document, "components", "schemas", "EndpointService")["properties"] as Record<string, Json>)["server_type"];

describe("the server_type filter", () => {
  const parameter = () => parameters().get("server_type")!;

  it("is an optional query parameter marked newer than the 2022 page, with its sources and confidence", () => {
    expect(parameter()).toBeDefined();
    expect(parameter()["in"]).toBe("query");
    expect(parameter()["required"]).toBeFalsy();
    expect(parameter()["x-newer-than-seed"]).toBe(true);
    const description = String(parameter()["description"]);
    expect(description).toMatch(/Newer than the 2022 page/);
    expect(description).toMatch(/Terraform/);
    expect(description).toMatch(/Confidence[^.]*: low/);
  });

  it("takes the known values of the response field server_type, open like that field", () => {
    const schema = deref(parameter()["schema"]);
    expect(isOpenEnum(schema)).toBe(true);
    expect(knownValues(schema)).toEqual(knownValues(deref(serverTypeField())));
    expect(knownValues(schema)).toEqual(expect.arrayContaining(["VM", "VIP", "LB", "BMS"]));
  });

  it.each(["VM", "VIP", "LB", "BMS", "GPU"])("a request with server_type=%s is valid", (value) => {
    expect(validateListEndpointServicesRequest(`${PATH}?server_type=${value}&limit=50`).errors).toEqual([]);
  });

  it("a value that is not a string is refused", () => {
    const { errors } = validateListEndpointServicesRequest(`${PATH}?server_type=VM&server_type=LB`);
    expect(errors.map((e) => e.path)).toContain("query.server_type");
  });

  it("the operation's description no longer lists it as left out", () => {
    const description = String(operation()["description"]);
    const leftOut = description.slice(description.indexOf("Left out on purpose"));
    expect(leftOut.split("\n").filter((line) => line.startsWith("- "))).toHaveLength(1);
    expect(leftOut.split("\n").find((line) => line.startsWith("- "))).toMatch(/Content-Type/);
  });
});

describe("query parameters the document does not list", () => {
  it("the operation says, for people and programs, that the service accepts and ignores them", () => {
    expect(operation()["x-unlisted-query-parameters"]).toBe("ignore");
    const description = String(operation()["description"]);
    expect(description).toMatch(/accepts and ignores/);
    expect(description).toMatch(/no source shows the service refusing an unlisted parameter/);
    expect(description).toMatch(/--strict-query/);
  });

  it("the request validator, which judges callers, still reports an unlisted name as such", () => {
    const { errors } = validateListEndpointServicesRequest(`${PATH}?limt=5`);
    expect(errors).toEqual([expect.objectContaining({ path: "query.limt", message: "is not a parameter of this operation" })]);
  });
});

describe("limit=0", () => {
  const limit = () => parameters().get("limit")!;

  it("is accepted by the document, and its description names the two answers a server may give", () => {
    expect(validateListEndpointServicesRequest(`${PATH}?limit=0`).valid).toBe(true);
    const description = String(limit()["description"]);
    expect(description).toMatch(/`EndPoint\.0006`/);
    expect(description).toMatch(/no\*\* services/);
    expect(description).toMatch(/full `total_count`/);
    expect(description).toMatch(/Anything else is wrong/);
  });

  it("x-limit-zero lists the same two answers for programs", () => {
    expect(limit()["x-limit-zero"]).toEqual([
      { status: 400, error_code: "EndPoint.0006" },
      { status: 200, page_size: 0, total_count: "all-matches" },
    ]);
  });

  it("both answers are valid responses", () => {
    expect(
      validateListEndpointServicesResponse(
        400,
        { "content-type": "application/json" },
        { error_code: "EndPoint.0006", error_msg: "Invalid limit." },
      ).valid,
    ).toBe(true);
    expect(
      validateListEndpointServicesResponse(200, { "content-type": "application/json" }, { endpoint_services: [], total_count: 7 }).valid,
    ).toBe(true);
  });
});

describe("the default response", () => {
  const other = () => at(document, "paths", "/v1/{project_id}/vpc-endpoint-services", "get", "responses", "default");

  it("lists exactly the statuses it covers: 405 to 409 and 501 to 503, none with a response of its own", () => {
    const statuses = other()["x-statuses"] as number[];
    expect(statuses).toEqual([405, 406, 407, 408, 409, 501, 502, 503]);
    const own = Object.keys(operation()["responses"] as object).filter((key) => key !== "default");
    expect(statuses.filter((status) => own.includes(String(status)))).toEqual([]);
    expect(String(other()["description"])).toMatch(/405, 406, 407,\s+408, 409, 501, 502 and 503/);
  });
});
