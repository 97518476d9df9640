// Where a request goes.
import { describe, expect, it } from "vitest";
import { isControl, isOperation, targetUrl } from "../../../src/mock/route.js";

describe("route", () => {
  it("reads any target without throwing, an unreadable one as /", () => {
    expect(targetUrl("/v1/p/vpc-endpoint-services?limit=1").searchParams.get("limit")).toBe("1");
    expect(targetUrl("//").pathname).toBe("//");
    expect(targetUrl(":99999/x").pathname).toBe("/");
  });

  it("serves GET of the operation only, a trailing slash allowed", () => {
    expect(isOperation("GET", targetUrl("/v1/p/vpc-endpoint-services"))).toBe(true);
    expect(isOperation("GET", targetUrl("/v1/p/vpc-endpoint-services/"))).toBe(true);
    expect(isOperation("POST", targetUrl("/v1/p/vpc-endpoint-services"))).toBe(false);
    expect(isOperation("GET", targetUrl("/v1/p/q/vpc-endpoint-services"))).toBe(false);
    expect(isControl(targetUrl("/__mock/services"))).toBe(true);
    expect(isControl(targetUrl("/__mockery"))).toBe(false);
  });
});
