// The default run of `vpcep-contract check` against an independent faithful server
// (test/support/reference-server.ts) and against copies of it broken in exactly one way each: the
// faithful one passes with every case run; each copy differs from it on a probe request and fails
// its check; a copy with several breakages fails each of them; a refused maximum page fails only
// the limit check (no cascade).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../../src/cli/contract.js";
import { CHECK_NAMES } from "../../../src/contract/checks.js";
import type { Loopback } from "../../support/loopback.js";
import { runMain } from "../../support/cli.js";
import { type Breakage, BREAKAGES, REFERENCE_TOKEN, referenceServices, startReference } from "../../support/reference-server.js";

interface Report {
  passed: number;
  failed: number;
  skipped: number;
  notRun: number;
  cases: { name: string; check?: string; problems: string[]; notRun?: string; skipped?: string }[];
}

async function check(url: string, extra: string[] = []) {
  const { code, output } = await runMain(main, ["check", url, "--reporter", "json", ...extra], { OS_TOKEN: REFERENCE_TOKEN });
  return { code, report: JSON.parse(output) as Report };
}

/** One default run per set of breakages, shared by the tests that need the same run. */
const runs = new Map<string, ReturnType<typeof check>>();
function checkOnce(breakages: readonly Breakage[], url: string) {
  const key = [...breakages].sort().join(",");
  let run = runs.get(key);
  if (run === undefined) runs.set(key, (run = check(url)));
  return run;
}

const failedChecks = (report: Report) => [...new Set(report.cases.filter((c) => c.problems.length > 0).map((c) => c.check))].sort();

const ids = referenceServices().map((s) => s.id);

/** Each breakage: a request on which it answers otherwise than the faithful server, and the checks that must fail. */
const CASES: Record<Breakage, { probe: Record<string, string>; token?: string | null; fails: string[] }> = {
  "auth-open": { probe: {}, token: null, fails: ["auth-missing"] },
  "auth-any-token": { probe: {}, token: "any-token", fails: ["auth-wrong"] },
  "id-ignored": { probe: { id: ids[0]! }, fails: ["filter-id"] },
  "status-ignored": { probe: { status: "failed" }, fails: ["filter-status"] },
  "name-case-sensitive": { probe: { endpoint_service_name: "ORDERS" }, fails: ["filter-name"] },
  "name-prefix-only": { probe: { endpoint_service_name: "rders" }, fails: ["filter-name"] },
  "server-type-inverted": { probe: { server_type: "VM" }, fails: ["filter-server-type"] },
  "sort-dir-ignored": { probe: { sort_dir: "asc" }, fails: ["sort-order"] },
  "sort-key-ignored": { probe: { sort_key: "update_at" }, fails: ["sort-order"] },
  "offset-ignored": { probe: { offset: "5" }, fails: ["paging"] },
  "offset-past-end": { probe: { offset: "24" }, fails: ["offset"] },
  "default-page-size": { probe: {}, fails: ["defaults"] },
  "default-order": { probe: {}, fails: ["defaults"] },
  "limit-max-refused": { probe: { limit: "1000" }, fails: ["limit"] },
  "limit-one-ignored": { probe: { limit: "1" }, fails: ["limit"] },
  "limit-zero-page": { probe: { limit: "0" }, fails: ["limit-zero"] },
  "total-count-page": { probe: { limit: "1" }, fails: ["paging", "limit"] },
  "total-count-unstable": { probe: { offset: "2" }, fails: ["paging"] },
  "refusal-code": { probe: { limit: "1001" }, fails: ["refusals"] },
  "refusal-lenient-limit": { probe: { limit: "1001" }, fails: ["refusals"] },
  "bad-port": { probe: {}, fails: ["responses"] },
  "content-type": { probe: {}, fails: ["responses"] },
};

async function probe(server: Loopback, query: Record<string, string>, token: string | null | undefined) {
  const headers: Record<string, string> = token === null ? {} : { "X-Auth-Token": token ?? REFERENCE_TOKEN };
  const response = await fetch(`${server.url}/v1/p/vpc-endpoint-services?${new URLSearchParams(query)}`, { headers });
  return `${response.status} ${response.headers.get("content-type")} ${await response.text()}`;
}

let faithful: Loopback;
beforeAll(async () => {
  faithful = await startReference();
});
afterAll(() => faithful.close());

describe("the default run against the reference server", () => {
  it("passes the faithful server with every case run: none skipped, none not run, exit 0", async () => {
    const { code, report } = await check(faithful.url);
    expect(report.cases.filter((c) => c.problems.length > 0)).toEqual([]);
    expect([report.skipped, report.notRun]).toEqual([0, 0]);
    expect(code).toBe(0);
    // Every check but fuzz (which runs with --fuzz only) ran a case.
    expect([...new Set(report.cases.map((c) => c.check))].sort()).toEqual(CHECK_NAMES.filter((n) => n !== "fuzz").sort());
  });

  it("lists a breakage for every check the default run has", () => {
    const covered = new Set(Object.values(CASES).flatMap((c) => c.fails));
    expect(CHECK_NAMES.filter((n) => n !== "fuzz" && !covered.has(n))).toEqual([]);
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(BREAKAGES).sort());
  });

  it.each(Object.entries(CASES) as [Breakage, (typeof CASES)[Breakage]][])(
    "fails a server that %s in exactly its check, exit 1",
    async (breakage, { probe: query, token, fails }) => {
      const broken = await startReference([breakage]);
      try {
        expect(await probe(broken, query, token), `${breakage} differs from the faithful server on its probe`).not.toBe(
          await probe(faithful, query, token),
        );
        const { code, report } = await checkOnce([breakage], broken.url);
        expect(failedChecks(report), BREAKAGES[breakage]).toEqual(expect.arrayContaining(fails));
        expect(code).toBe(1);
      } finally {
        await broken.close();
      }
    },
  );

  it("a refused maximum page fails the limit check only: no cascade, nothing not run", async () => {
    const broken = await startReference(["limit-max-refused"]);
    try {
      const { code, report } = await checkOnce(["limit-max-refused"], broken.url);
      expect(failedChecks(report)).toEqual(["limit"]);
      expect(report.notRun).toBe(0);
      expect(code).toBe(1);
    } finally {
      await broken.close();
    }
  });

  it("a server with several breakages fails each of their checks", async () => {
    const several: Breakage[] = ["auth-open", "id-ignored", "status-ignored", "sort-key-ignored", "default-page-size", "refusal-code"];
    const broken = await startReference(several);
    try {
      const { code, report } = await check(broken.url);
      expect(failedChecks(report)).toEqual(expect.arrayContaining(several.flatMap((b) => CASES[b].fails)));
      expect(code).toBe(1);
    } finally {
      await broken.close();
    }
  });

  it("any few breakages together (fast-check): each that still shows on its probe fails its check, or its case is not run with the reason; exit 1", async () => {
    const names = Object.keys(CASES) as Breakage[];
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.constantFrom(...names), { minLength: 2, maxLength: 4 }), async (several) => {
        const broken = await startReference(several);
        try {
          const { code, report } = await check(broken.url);
          expect(code).toBe(1);
          for (const breakage of several) {
            const { probe: query, token, fails } = CASES[breakage];
            const without = await startReference(several.filter((b) => b !== breakage));
            const shows = (await probe(broken, query, token)) !== (await probe(without, query, token));
            await without.close();
            if (!shows) continue; // masked by another breakage: this server does not have it
            for (const name of fails) {
              const cases = report.cases.filter((c) => c.check === name);
              expect(
                cases.some((c) => c.problems.length > 0) || cases.some((c) => c.notRun !== undefined),
                `${breakage} among ${several.join(", ")}: ${name}`,
              ).toBe(true);
            }
          }
        } finally {
          await broken.close();
        }
      }),
      { numRuns: 6, seed: 22 },
    );
  });

  it("a server that ignores offset, id and sort_key fails paging and id; the cases that need the listing are not run, with the reason", async () => {
    const broken = await startReference(["offset-ignored", "id-ignored", "sort-key-ignored"]);
    try {
      const { code, report } = await check(broken.url);
      expect(failedChecks(report)).toEqual(expect.arrayContaining(["paging", "filter-id"]));
      const sorted = report.cases.find((c) => c.name.startsWith("semantics: sort_key=update_at sort_dir=asc"));
      expect(sorted?.notRun).toMatch(/^needs the listing as a baseline, which could not be had: a service is on two pages/);
      expect(code).toBe(1);
    } finally {
      await broken.close();
    }
  });
});
