// Checker problems are records: the check's name, the JSON path, the message and the request
// (secrets masked). Every reporter keeps them; the table keeps the lines people read.
import { describe, expect, it } from "vitest";
import { exampleServices } from "../../../generated/contract-validators.js";
import { runCheck, type CaseResult } from "../../../src/contract/check.js";
import { validateExchanges } from "../../../src/contract/exchanges.js";
import { problemRequest, problemText } from "../../../src/contract/problems.js";
import { failuresOf, markdownSummary, renderReport } from "../../../src/contract/report.js";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const services = exampleServices.slice(0, 3).map((s, i) => ({ ...s, id: `svc-${i}`, status: "available" }));

/** A server that ignores every filter and, for status=creating, sends a total_count that is text. */
const careless: typeof fetch = async (input) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.searchParams.get("status") === "creating") return json({ endpoint_services: [], total_count: "none" });
  return json({ endpoint_services: services, total_count: services.length });
};

const caseNamed = (results: readonly CaseResult[], start: string) => {
  const found = results.find((r) => r.name.startsWith(start));
  if (!found) throw new Error(`no case ${start}`);
  return found;
};

describe("problem records", () => {
  it("render as the lines people read", () => {
    expect(problemText({ check: "response-schema", path: "total_count", message: "must be integer" })).toBe("total_count: must be integer");
    expect(problemText({ check: "response-schema", path: "total_count", message: "must be integer", where: "page 2" })).toBe(
      "page 2: total_count: must be integer",
    );
    expect(problemText({ check: "could-not-test", path: "", message: "no HTTP answer" })).toBe("no HTTP answer");
  });

  it("mask secrets in the request, whatever its form", () => {
    expect(problemRequest("GET /v1/p/vpc-endpoint-services?limit=1&access_token=s3cret")).toEqual({
      method: "GET",
      url: "/v1/p/vpc-endpoint-services?limit=1&access_token=***",
    });
    expect(problemRequest("GET https://user:pw@h.example/v1/p/x?X-Amz-Signature=abc").url).toBe(
      "https://***:***@h.example/v1/p/x?X-Amz-Signature=***",
    );
    expect(problemRequest("GET not a url\u0000%").method).toBe("GET");
  });
});

describe("a check run's problems", () => {
  it("name the check, the JSON path and the request of each finding", async () => {
    const run = await runCheck({ baseUrl: "http://careless.test", projectId: "p1", timeoutMs: 5000, fetch: careless, state: "stateful" });
    const creating = caseNamed(run.results, "valid: status=creating");
    expect(creating.failures).toEqual([
      {
        check: "response-schema",
        path: "total_count",
        message: "must be integer",
        request: { method: "GET", url: "/v1/p1/vpc-endpoint-services?status=creating" },
      },
    ]);
    expect(creating.problems).toEqual(["total_count: must be integer"]);

    const filter = caseNamed(run.results, "semantics: status=failed");
    // The careless server repeats its page at every offset: no baseline, so total_count is not compared.
    expect(new Set(filter.failures!.map((f) => f.check))).toEqual(new Set(["filter-status"]));
    expect(filter.notRun).toMatch(/^needs the listing as a baseline for the rest, which could not be had: a service is on two pages/);
    expect(filter.failures![0]).toMatchObject({
      check: "filter-status",
      path: "endpoint_services[0].status",
      request: { url: "/v1/p1/vpc-endpoint-services?status=failed&limit=1000" },
    });

    const refused = caseNamed(run.results, "invalid: limit=1001");
    expect(refused.failures).toEqual([
      {
        check: "status-expected",
        path: "status",
        message: "expected 400, got 200",
        request: { method: "GET", url: "/v1/p1/vpc-endpoint-services?limit=1001" },
      },
    ]);

    const paging = caseNamed(run.results, "semantics: limit=1 is respected");
    expect(paging.failures!.map((f) => f.check)).toContain("limit-respected");
    for (const result of run.results) expect(result.problems).toEqual(failuresOf(result).map(problemText));
  });

  it("stops with the case not run, naming why and the request, when the server does not answer", async () => {
    const down: typeof fetch = async () => {
      throw new TypeError("fetch failed");
    };
    const run = await runCheck({ baseUrl: "http://down.test", projectId: "p1", timeoutMs: 5000, fetch: down });
    expect(run.stopped).toMatch(/no HTTP answer/);
    expect(run.results[0]).toMatchObject({ notRun: run.stopped, problems: [], requests: ["GET /v1/p1/vpc-endpoint-services"] });
  });

  it("of recorded exchanges name the side, and never show a secret of the URL", () => {
    const { results } = validateExchanges(
      [
        {
          method: "GET",
          url: "https://h.example/v1/p/vpc-endpoint-services?limit=5000&access_token=s3cret",
          status: 200,
          headers: { "content-type": "text/html" },
          body: "<html>",
        },
        {
          method: "POST",
          url: "https://h.example/v1/p/vpc-endpoint-services",
          status: 200,
          headers: { "content-type": "application/json" },
          body: { endpoint_services: [], total_count: 0 },
        },
      ],
      { judge: "client" },
    );
    expect(results[0]!.failures!.map((f) => [f.check, f.path])).toEqual([
      ["request-schema", "query.access_token"],
      ["request-schema", "query.limit"],
      ["content-type", "headers.content-type"],
      ["response-json", "(body)"],
    ]);
    expect(results[0]!.problems).toContain("request query.limit: must be <= 1000");
    expect(results[1]!.failures).toEqual([
      { check: "method", path: "method", message: "POST is not GET", request: { method: "POST", url: "/v1/p/vpc-endpoint-services" } },
    ]);
    expect(JSON.stringify(results)).not.toContain("s3cret");
  });
});

describe("every reporter keeps the records", () => {
  const results: CaseResult[] = [
    { name: "valid: no parameters", requests: ["GET /v1/p/vpc-endpoint-services"], status: 200, problems: [], failures: [], ms: 1 },
    {
      name: "semantics: status=failed returns only failed services",
      requests: ["GET /v1/p/vpc-endpoint-services?status=failed"],
      status: 200,
      problems: [
        'endpoint_services[0].status: "available" in an answer to status=failed',
        "total_count: 3, but 0 of the listed services are failed",
      ],
      failures: [
        {
          check: "filter-status",
          path: "endpoint_services[0].status",
          message: '"available" in an answer to status=failed',
          request: { method: "GET", url: "/v1/p/vpc-endpoint-services?status=failed" },
        },
        {
          check: "total-count",
          path: "total_count",
          message: "3, but 0 of the listed services are failed",
          request: { method: "GET", url: "/v1/p/vpc-endpoint-services?status=failed" },
        },
      ],
      ms: 2,
    },
    { name: "the server answers within --wait", requests: [], status: undefined, problems: ["no HTTP answer within 1 s"], ms: 1000 },
  ];
  const report = { suite: "vpcep-contract check", results };

  it("JSON: each case's failures and a count per check", () => {
    const parsed = JSON.parse(renderReport(report, "json")) as {
      checks: Record<string, number>;
      cases: { problems: string[]; failures: { check: string; path: string }[] }[];
    };
    expect(parsed.checks).toEqual({ "filter-status": 1, "total-count": 1, case: 1 });
    expect(parsed.cases[1]!.failures.map((f) => [f.check, f.path])).toEqual([
      ["filter-status", "endpoint_services[0].status"],
      ["total-count", "total_count"],
    ]);
    expect(parsed.cases[1]!.problems).toEqual(results[1]!.problems);
    expect(parsed.cases[2]!.failures).toEqual([{ check: "case", path: "", message: "no HTTP answer within 1 s" }]);
  });

  it("JUnit: one failure per case, typed by its checks, the text grouped by check", () => {
    const xml = renderReport(report, "junit");
    expect(xml).toContain('<testsuite name="vpcep-contract check" tests="3" failures="2" skipped="0">');
    expect(xml).toContain(
      '<failure message="endpoint_services[0].status: &quot;available&quot; in an answer to status=failed" type="filter-status total-count">[filter-status]\nendpoint_services[0].status: &quot;available&quot; in an answer to status=failed\nrequest: GET /v1/p/vpc-endpoint-services?status=failed\n[total-count]\ntotal_count: 3, but 0 of the listed services are failed\nrequest: GET /v1/p/vpc-endpoint-services?status=failed</failure>',
    );
    expect(xml.match(/<failure /g)).toHaveLength(2);
  });

  it("table: the lines people read, then the checks that failed", () => {
    const table = renderReport(report, "table");
    expect(table).toContain(
      'FAIL 200 semantics: status=failed returns only failed services\n          endpoint_services[0].status: "available" in an answer to status=failed\n          total_count: 3, but 0 of the listed services are failed\n          request: GET /v1/p/vpc-endpoint-services?status=failed\n          checks: filter-status, total-count',
    );
  });

  it("Markdown: a Checks column", () => {
    expect(markdownSummary(report)).toMatch(
      /^\| semantics: status=failed returns only failed services \| ❌ failed \| 200 \| .* \| `filter-status`, `total-count` \|$/m,
    );
  });
});
