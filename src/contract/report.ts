// Reports of check and validate results: a table for terminals, JSON, JUnit XML for CI.
import type { CaseResult } from "./check.js";

export type Reporter = "table" | "json" | "junit";
export const REPORTERS: readonly Reporter[] = ["table", "json", "junit"];

const xml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function renderReport(results: readonly CaseResult[], reporter: Reporter, suite: string, notes: readonly string[] = []): string {
  const failed = results.filter((r) => r.problems.length > 0);
  if (reporter === "json") {
    return JSON.stringify({ suite, passed: results.length - failed.length, failed: failed.length, notes, cases: results }, null, 2);
  }
  if (reporter === "junit") {
    const cases = results.map((r) => {
      const body = r.problems.length ? `\n      <failure message="${xml(r.problems[0]!)}">${xml(r.problems.join("\n"))}</failure>\n    ` : "";
      return `    <testcase classname="${xml(suite)}" name="${xml(r.name)}" time="${(r.ms / 1000).toFixed(3)}">${body}</testcase>`;
    });
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="${xml(suite)}" tests="${results.length}" failures="${failed.length}">\n${cases.join("\n")}\n  </testsuite>\n</testsuites>`;
  }
  const lines = results.flatMap((r) => {
    const mark = r.problems.length ? "FAIL" : "ok  ";
    const status = r.status === undefined ? "---" : String(r.status);
    return [`${mark} ${status} ${r.name}`, ...r.problems.map((p) => `          ${p}`)];
  });
  return [...lines, ...notes, `${results.length - failed.length} passed, ${failed.length} failed`].join("\n");
}
