// One judge of an exchange, which the recording proxy and `vpcep-contract validate` share: the
// request (method, URL), the answer, and whether an invalid request was refused as documented.
import { describe, expect, it } from "vitest";
import { isJudgedPath, judgeRefusal, judgeRequest, judgeResponse } from "../../src/document/judge.js";

const JSON_HEADERS = { "content-type": "application/json" };
const page = JSON.stringify({ endpoint_services: [], total_count: 0 });
const refusal = (code: string) => JSON.stringify({ error_code: code, error_msg: "Invalid limit." });

describe("judging an exchange", () => {
  it("judges the operation's path under any base path, on the path alone (a query naming the path is not it)", () => {
    expect(isJudgedPath("/v1/p/vpc-endpoint-services")).toBe(true);
    expect(isJudgedPath("/prefix/v1/p/vpc-endpoint-services/")).toBe(true);
    expect(isJudgedPath(new URL("https://h/other?next=/v1/p/vpc-endpoint-services").pathname)).toBe(false);
    expect(isJudgedPath("/v1//vpc-endpoint-services")).toBe(false);
  });

  it("splits the request's problems into the method, unlisted parameters and invalid ones", () => {
    const judged = judgeRequest("post", "/v1/p/vpc-endpoint-services?limit=5000&colour=red");
    expect(judged.method).toEqual({ path: "method", message: "post is not GET", keyword: "method" });
    expect(judged.unlisted.map((e) => e.path)).toEqual(["query.colour"]);
    expect(judged.invalid.map((e) => `${e.path}: ${e.message}`)).toEqual(["query.limit: must be <= 1000"]);
    expect(judged.errors).toHaveLength(2);
    expect(judgeRequest("GET", "/v1/p/vpc-endpoint-services?limit=5")).toEqual({ errors: [], unlisted: [], invalid: [] });
  });

  it("judges the answer as the validators do, their cap on errors included", () => {
    expect(judgeResponse(200, JSON_HEADERS, page)).toEqual([]);
    expect(judgeResponse(200, JSON_HEADERS, JSON.stringify({ total_count: "1" })).map((e) => e.path)).toEqual(
      expect.arrayContaining(["endpoint_services", "total_count"]),
    );
    const huge = JSON.stringify({ endpoint_services: Array.from({ length: 5_000 }, () => ({})), total_count: 5_000 });
    const errors = judgeResponse(200, JSON_HEADERS, huge);
    expect(errors.at(-1)?.keyword).toBe("truncated");
    expect(errors.length).toBeLessThanOrEqual(1_001);
  });

  it("an invalid request must be refused with 400 and the parameter's documented code", () => {
    const invalid = judgeRequest("GET", "/v1/p/vpc-endpoint-services?limit=5000");
    expect(judgeRefusal(invalid, 400, refusal("EndPoint.0006"), [])).toEqual({
      kind: "refused as documented",
      why: "query.limit: must be <= 1000",
    });
    expect(judgeRefusal(invalid, 200, page, [])).toMatchObject({
      kind: "failure",
      check: "status-expected",
      error: { path: "status", message: "expected 400 for an invalid request (query.limit: must be <= 1000), got 200" },
    });
    expect(judgeRefusal(invalid, 400, refusal("EndPoint.0017"), [])).toMatchObject({
      kind: "failure",
      check: "error-code",
      error: { message: "expected EndPoint.0006 for query.limit: must be <= 1000, got EndPoint.0017" },
    });
    // A parsed body is read alike; another status is a refusal, not judged here.
    expect(judgeRefusal(invalid, 400, { error_code: "EndPoint.0006" }, []).kind).toBe("refused as documented");
    expect(judgeRefusal(invalid, 500, refusal("EndPoint.0001"), []).kind).toBe("refused");
    // Unlisted parameters alone: a valid request.
    expect(judgeRefusal(judgeRequest("GET", "/v1/p/vpc-endpoint-services?colour=red"), 200, page, []).kind).toBe("valid request");
  });
});
