// The error table: which documented body answers which refusal.
import { describe, expect, it } from "vitest";
import { validateListEndpointServicesResponse } from "../../../src/document/validators.js";
import {
  CODE_BY_PARAMETER,
  credentialRefusal,
  invalidParameter,
  NOT_FOUND,
  parameterError,
  RANDOM_CODE_BODIES,
  SYSTEM_ERROR,
} from "../../../src/document/refusals.js";

const headers = { "Content-Type": "application/json", "X-Request-Id": "r" };

describe("refusals", () => {
  it("names the documented code of a refused parameter, EndPoint.0002 for the others", () => {
    expect(invalidParameter("query.limit")).toEqual({ error_code: "EndPoint.0006", error_msg: "Invalid limit." });
    expect(invalidParameter("query.id")).toEqual({ error_code: "EndPoint.0002", error_msg: "Parameter error." });
    expect(invalidParameter(undefined)).toMatchObject({ error_code: "EndPoint.0002" });
  });

  it("gives the gateway's refusals the request id, the service's none", () => {
    expect(credentialRefusal({ code: "APIGW.0301", message: "m" }, "r")).toEqual({
      error_code: "APIGW.0301",
      error_msg: "m",
      request_id: "r",
    });
    expect(credentialRefusal({ code: "EndPoint.0003", message: "m" }, "r")).toEqual({
      error_code: "EndPoint.0003",
      error_msg: "m",
    });
  });

  it("holds only bodies the document accepts for their status", () => {
    for (const body of Object.values(CODE_BY_PARAMETER)) expect(validateListEndpointServicesResponse(400, headers, body).valid).toBe(true);
    expect(validateListEndpointServicesResponse(400, headers, parameterError("x")).valid).toBe(true);
    expect(validateListEndpointServicesResponse(404, headers, NOT_FOUND).valid).toBe(true);
    expect(validateListEndpointServicesResponse(500, headers, SYSTEM_ERROR).valid).toBe(true);
    for (const [status, body] of Object.entries(RANDOM_CODE_BODIES))
      expect(validateListEndpointServicesResponse(Number(status), headers, body).valid).toBe(true);
  });
});
