// The table reporter stays readable when a case fails for every service of a large page; the
// machine-readable reports keep every problem.
import { describe, expect, it } from "vitest";
import { renderReport, type Report } from "../../../src/contract/report.js";

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
