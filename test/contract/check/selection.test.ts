// Checks are units: `--list-checks` prints them, `--checks`/`--exclude-checks` select them (an
// unknown name is a usage error), `--open` skips the authentication checks and says so, a wrong
// credential is never the real one; a long list whose names all match more than a page is no false
// alarm.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../../src/cli/contract.js";
import { runCheck } from "../../../src/contract/check.js";
import { CHECK_NAMES } from "../../../src/contract/checks.js";
import { WRONG_TOKEN, wrongCredential } from "../../../src/contract/checks-request.js";
import { startStatefulMock } from "../../../src/mock/stateful/stateful.js";
import { runMain } from "../../support/cli.js";
import type { Loopback } from "../../support/loopback.js";
import { REFERENCE_TOKEN, referenceServices, startReference } from "../../support/reference-server.js";

interface Report {
  notes: string[];
  skipped: number;
  cases: { name: string; check?: string; skipped?: string; problems: string[] }[];
}

let faithful: Loopback;
beforeAll(async () => {
  faithful = await startReference();
});
afterAll(() => faithful.close());

const json = async (args: string[]) => {
  const run = await runMain(main, ["check", faithful.url, "--reporter", "json", ...args], { OS_TOKEN: REFERENCE_TOKEN });
  return { code: run.code, report: JSON.parse(run.output) as Report };
};

describe("checks as units", () => {
  it("--list-checks prints every check with what it proves, and exits 0", async () => {
    const { code, output } = await runMain(main, ["check", "--list-checks"]);
    expect(code).toBe(0);
    const names = output.split("\n").map((line) => line.split(/\s+/)[0]);
    expect(names).toEqual([...CHECK_NAMES]);
    expect(output).toMatch(/^auth-missing +A request without credentials is refused as the document says\.$/m);
    expect(output).toMatch(/^filter-id +.*\(skipped with --stateless\)$/m);
  });

  it("--checks runs only the named checks; --exclude-checks leaves some out; the report names each case's check", async () => {
    const ran = (report: Report) => new Set(report.cases.filter((c) => c.skipped === undefined).map((c) => c.check));
    const only = await json(["--checks", "filter-id,refusals"]);
    expect(ran(only.report)).toEqual(new Set(["filter-id", "refusals"]));
    expect(only.report.notes).toContain("note: checks selected: filter-id, refusals");
    expect(only.code).toBe(0);
    const without = await json(["--exclude-checks", "sort-order,responses"]);
    const checks = ran(without.report);
    expect(checks.has("sort-order") || checks.has("responses")).toBe(false);
    expect(checks.has("paging")).toBe(true);
    expect(without.report.notes.find((n) => n.startsWith("note: checks selected:"))).not.toMatch(/fuzz/);
    expect(without.code).toBe(0);
  });

  it("lists each check left out as skipped with the flag that left it out, in every reporter, never as passed", async () => {
    const others = CHECK_NAMES.filter((n) => n !== "fuzz" && n !== "filter-id" && n !== "refusals");
    const only = await json(["--checks", "filter-id,refusals"]);
    const skipped = only.report.cases.filter((c) => c.skipped !== undefined);
    expect(skipped.map((c) => c.check)).toEqual(others);
    for (const c of skipped) expect(c.skipped).toBe("not selected (--checks filter-id,refusals)");
    expect(only.report.skipped).toBe(others.length);

    const args = ["check", faithful.url, "--exclude-checks", "auth-wrong"];
    const env = { OS_TOKEN: REFERENCE_TOKEN };
    const table = await runMain(main, args, env);
    expect(table.code).toBe(0);
    expect(table.output).toMatch(/^skip --- auth-wrong: .* \(not selected \(--exclude-checks auth-wrong\)\)$/m);
    expect(table.stderr).toMatch(/^vpcep-contract check: \d+ passed, 0 failed, 1 skipped$/m);
    const junit = await runMain(main, [...args, "--reporter", "junit"], env);
    expect(junit.code).toBe(0);
    expect(junit.output).toMatch(/skipped="1"/);
    expect(junit.output).toContain('<skipped message="not selected (--exclude-checks auth-wrong)"/>');
  });

  it("a stopped run still lists the checks left out after the stop as skipped (exit 3)", async () => {
    const { code, report } = await json(["--exclude-checks", "refusals"].concat(["--token", "not-the-token"]));
    expect(code).toBe(3);
    expect(report.cases.filter((c) => c.skipped !== undefined).map((c) => [c.check, c.skipped])).toEqual([
      ["refusals", "not selected (--exclude-checks refusals)"],
    ]);
  });

  it.each([
    [["--checks", "filter-idd"], /--checks: no check named "filter-idd" \(see --list-checks\)/],
    [["--exclude-checks", ","], /--exclude-checks needs the names of checks, comma-separated/],
  ])("refuses %j with exit 2", async (args, message) => {
    const { code, stderr } = await runMain(main, ["check", "http://127.0.0.1:9", ...args]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it("--list-checks goes with check only", async () => {
    const { code, stderr } = await runMain(main, ["validate", "x.har", "--list-checks"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--list-checks goes with check/);
  });
});

describe("authentication", () => {
  it("an open server fails auth-missing and auth-wrong by default, naming --open; with --open both are skipped and the report says so", async () => {
    const open = await startReference(["auth-open", "auth-any-token"]);
    try {
      const failing = await runMain(main, ["check", open.url], { OS_TOKEN: REFERENCE_TOKEN });
      expect(failing.code).toBe(1);
      expect(failing.output).toMatch(
        /^FAIL 200 auth: a request without credentials is refused with 401\n {10}status: expected 401 \(the document's answer to a request without credentials\), got 200; for a server open by design, pass --open$/m,
      );
      const opted = await runMain(main, ["check", open.url, "--open"], { OS_TOKEN: REFERENCE_TOKEN });
      expect(opted.output).toMatch(
        /^skip --- auth: a request without credentials is refused with 401 \(--open: the server is open by design; authentication not checked\)$/m,
      );
      expect(opted.output).toMatch(
        /^note: --open: authentication not checked \(auth-missing and auth-wrong skipped\): the server is open by design\.$/m,
      );
      expect(opted.code).toBe(0);
    } finally {
      await open.close();
    }
  });

  it("the wrong credential is made up, of the run's kind, never derived from the real one", () => {
    expect(wrongCredential({ token: "real-token" })).toEqual({ token: WRONG_TOKEN });
    expect(wrongCredential(undefined)).toEqual({ token: WRONG_TOKEN });
    const aksk = wrongCredential({ accessKey: "AK", secretKey: "real-secret" });
    expect(aksk).toMatchObject({ accessKey: "AK" });
    expect(JSON.stringify(aksk)).not.toContain("real-secret");
  });
});

describe("no false alarm at scale", () => {
  it("the stateful mock with 3,000 services, 1,500 matching each name (more than the largest page): every case holds, none skipped or not run", async () => {
    const services = referenceServices(3_000).map((s, i) => ({ ...s, service_name: `orders-api-${i % 2}` }));
    const mock = await startStatefulMock({ services, credentials: { tokens: ["t"] } });
    try {
      const run = await runCheck({ baseUrl: mock.url, projectId: "p", auth: { token: "t" }, timeoutMs: 60_000, maxPages: 10 });
      expect(run.results.filter((r) => r.problems.length > 0).map((r) => `${r.name}: ${r.problems[0]}`)).toEqual([]);
      expect(run.results.filter((r) => r.notRun !== undefined || r.skipped !== undefined)).toEqual([]);
    } finally {
      await mock.stop();
    }
  });
});
