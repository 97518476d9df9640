// The table reporter stays readable when a case fails for every service of a large page; the
// machine-readable reports keep every problem.
import { describe, expect, it } from "vitest";
import { markdownSummary, renderReport, summaryLine, type Report } from "../../../src/contract/report.js";

const problems = Array.from({ length: 1000 }, (_, i) => `endpoint_services[${i}].status: "failed" in an answer to status=available`);
const report: Report = {
  suite: "vpcep-contract check",
  results: [
    {
      name: "status=available returns only available services",
      requests: ["GET /v1/p/vpc-endpoint-services?status=available&limit=1000"],
      status: 200,
      problems,
      ms: 5,
    },
  ],
};

describe("a case with 1,000 problems", () => {
  it("shows the first ten and a count in the table, with the request", () => {
    const table = renderReport(report, "table");
    expect(table).toContain(problems[9]);
    expect(table).not.toContain(problems[10]);
    expect(table).toContain("… and 990 more problems (all in --reporter json)");
    expect(table).toContain("request: GET /v1/p/vpc-endpoint-services?status=available&limit=1000");
    expect(table.split("\n").length).toBeLessThan(20);
  });

  it("keeps all of them in JSON and JUnit", () => {
    expect((JSON.parse(renderReport(report, "json")) as { cases: { problems: string[] }[] }).cases[0]!.problems).toHaveLength(1000);
    expect(renderReport(report, "junit")).toContain("endpoint_services[999].status");
  });
});

describe("novelties and notes in every form", () => {
  const withNovelty: Report = {
    suite: "vpcep-contract validate",
    results: [
      {
        name: "exchange 1: GET /x?limit=5000",
        requests: [],
        status: 400,
        problems: [],
        ms: 0,
        note: "refused as documented (query.limit: must be <= 1000)",
      },
    ],
    novelties: [{ kind: "header", item: "x-trace-id", where: "exchange 1", example: '"abc"', seen: 2 }],
  };

  it("the table shows a passing case's note and the novelties; JSON keeps them; the job summary has their table", () => {
    const table = renderReport(withNovelty, "table");
    expect(table).toMatch(/^ok {3}400 exchange 1: GET \/x\?limit=5000\n {10}refused as documented \(query\.limit: must be <= 1000\)$/m);
    expect(table).toMatch(/^ {2}header {9}x-trace-id {2}e\.g\. "abc" {2}\(2×, first in exchange 1\)$/m);
    const json = JSON.parse(renderReport(withNovelty, "json")) as { novelties: unknown[]; cases: { note?: string }[] };
    expect(json.novelties).toEqual(withNovelty.novelties);
    expect(json.cases[0]!.note).toMatch(/^refused as documented/);
    expect(markdownSummary(withNovelty)).toContain('| header | `x-trace-id` | `"abc"` | 2 | `exchange 1` |');
    expect(summaryLine(withNovelty)).toBe(
      "vpcep-contract validate: 1 passed, 0 failed, 0 skipped; 1 novelty (not described by the document)",
    );
  });
});
