// `vpcep-contract check` against hostile servers: redirects (every 3xx, token and AK/SK, same and
// other origin) are never followed and the other origin receives nothing; answers past the size or
// depth limit and the page cap make a case NOT RUN with its reason; not run counts toward exit 3
// (violations win with 1); no credential in any form reaches any reporter's output.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../../src/cli/contract.js";
import { runCheck } from "../../../src/contract/check.js";
import { MAX_ANSWER_BYTES } from "../../../src/contract/http.js";
import { startStatefulMock } from "../../../src/mock/stateful/stateful.js";
import type { EndpointService } from "../../../src/document/types.js";
import { type Loopback, sendJson, startLoopback } from "../../support/loopback.js";
import { headerCredential, leaksIn } from "../../support/secret-forms.js";
import { within } from "../../support/timeouts.js";

const PROJECT = "6e9dfd51d1124e8d8498dce894923a0d";
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function loopback(handler: Parameters<typeof startLoopback>[0]): Promise<Loopback> {
  const server = await startLoopback(handler);
  servers.push(server);
  return server;
}

interface Outputs {
  code: number;
  /** stdout, stderr, the JUnit file and the job summary, one after the other. */
  all: string;
  json: { notRun: number; cases: { name: string; notRun?: string; skipped?: string; problems: string[] }[] };
  ms: number;
}

/** Runs `check` with the JSON reporter, a JUnit file and the GitHub job summary and annotations: every output at once. */
async function check(
  baseUrl: string,
  credentials: Record<string, string>,
  extra: string[] = [],
  reporter: "json" | "table" = "json",
): Promise<Outputs> {
  const scratch = await mkdtemp(path.join(tmpdir(), "vpcep-adversary-"));
  try {
    const junit = path.join(scratch, "junit.xml");
    const summary = path.join(scratch, "summary.md");
    const out: string[] = [];
    const err: string[] = [];
    const started = performance.now();
    const code = await main(
      ["check", baseUrl, "--project-id", PROJECT, "--reporter", reporter, "--junit", junit, "--timeout", "5000", ...extra],
      { ...credentials, GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary },
      (line) => out.push(line),
      (line) => err.push(line),
    );
    const ms = performance.now() - started;
    const files = await Promise.all([readFile(junit, "utf8"), readFile(summary, "utf8").catch(() => "")]);
    return {
      code,
      all: [...out, ...err, ...files].join("\n"),
      json: reporter === "json" ? JSON.parse(out.join("\n")) : { notRun: -1, cases: [] },
      ms,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

const REDIRECTS = [301, 302, 303, 307, 308] as const;

describe("check never follows a redirect", () => {
  it.each(REDIRECTS)(
    "%i to another origin: every case not run, naming the status and the origin; the other origin receives nothing",
    async (status) => {
      const other = await loopback((_req, res) => sendJson(res, 200, { endpoint_services: [], total_count: 0 }));
      const redirector = await loopback((req, res) =>
        res.writeHead(status, { Location: `${other.url}/stolen${req.url}&path=secret-path` }).end(),
      );
      for (const credentials of [
        { OS_TOKEN: "token-value-1" },
        { OS_ACCESS_KEY: "AKVALUE1", OS_SECRET_KEY: "sk/value+1=", OS_SECURITY_TOKEN: "st-value-1" },
      ]) {
        const run = await check(redirector.url, credentials, ["--stateful"]);
        expect(run.code).toBe(3);
        expect(other.received).toHaveLength(0);
        // Every case is not run.
        const ran = run.json.cases.filter((c) => c.skipped === undefined);
        expect(ran.filter((c) => c.notRun === undefined).map((c) => c.name)).toEqual([]);
        expect(run.json.notRun).toBe(ran.length);
        for (const result of ran) {
          expect(result.notRun).toContain(`answered ${status} to GET /v1/${PROJECT}/vpc-endpoint-services`);
          expect(result.notRun).toContain(`to another origin (${other.url})`);
        }
        expect(run.all).not.toContain("/stolen");
        expect(run.all).not.toContain("secret-path");
        expect(run.all).toMatch(/<error message="not run: the server answered \d{3}/);
        expect(run.all).toContain("⚠️ not run");
        expect(leaksIn(run.all, Object.values(credentials))).toEqual([]);
        expect(run.ms).toBeLessThan(within(20_000));
      }
    },
  );

  it("a redirect to the same origin is not followed either", async () => {
    const server = await loopback((req, res) => {
      if (req.url?.startsWith("/followed")) return sendJson(res, 200, { endpoint_services: [], total_count: 0 });
      res.writeHead(307, { Location: `/followed${req.url}` }).end();
    });
    const run = await check(server.url, { OS_TOKEN: "same-origin-token" }, ["--stateful"]);
    expect(run.code).toBe(3);
    expect(server.received.filter((req) => req.url?.startsWith("/followed"))).toHaveLength(0);
    expect(run.json.cases[0]?.notRun).toContain(`to the same origin (${server.url})`);
  });

  it("an answer the fetch given followed from a redirect (despite redirect: manual) is discarded: every case not run", async () => {
    const other = await loopback((_req, res) => sendJson(res, 200, { endpoint_services: [], total_count: 0 }));
    const redirector = await loopback((req, res) => res.writeHead(302, { Location: `${other.url}/followed${req.url}` }).end());
    const following: typeof fetch = (input, init) => fetch(input, { ...init, redirect: "follow" });
    for (const auth of [{ token: "followed-token-1" }, { accessKey: "AKFOLLOWED", secretKey: "followed/secret+1" }]) {
      const run = await runCheck({
        baseUrl: redirector.url,
        projectId: PROJECT,
        timeoutMs: 5000,
        auth,
        fetch: following,
        state: "stateful",
      });
      // The fetch did follow: the other origin answered, and its empty list would pass every listing case.
      expect(other.received.length).toBeGreaterThan(0);
      const ran = run.results.filter((c) => c.skipped === undefined);
      expect(ran.length).toBeGreaterThan(0);
      for (const result of ran) {
        expect(result.notRun).toContain(`the fetch given followed a redirect of GET /v1/${PROJECT}/vpc-endpoint-services`);
        expect(result.notRun).toContain('despite redirect: "manual"; its answer (200) was discarded');
        expect(result.problems).toEqual([]);
      }
      expect(
        leaksIn(
          JSON.stringify(run.results),
          Object.values(auth).filter((v) => v !== "AKFOLLOWED"),
        ),
      ).toEqual([]);
      other.received.length = 0;
    }
  });

  it("random credentials echoed by the redirecting server in every form never reach the output (fast-check)", async () => {
    await fc.assert(
      fc.asyncProperty(headerCredential, headerCredential, fc.constantFrom(...REDIRECTS), async (token, secretKey, status) => {
        const echoes = (secret: string) =>
          `${encodeURIComponent(secret)}/${encodeURIComponent(JSON.stringify(secret))}/${encodeURIComponent(encodeURIComponent(secret))}`;
        const server = await loopback((req, res) =>
          res
            .writeHead(status, {
              Location: `http://127.0.0.1:9/${echoes(token)}?k=${echoes(secretKey)}`,
              "X-Request-Id": encodeURIComponent(token),
              "Content-Type": "application/json",
            })
            .end(JSON.stringify({ echo: [token, secretKey, req.headers["x-auth-token"] ?? null] })),
        );
        // The detector finds an echo (so a leak would fail the test).
        expect(leaksIn(`x${JSON.stringify(token)}`, [token]).length).toBeGreaterThan(0);
        expect(leaksIn(`x${encodeURIComponent(secretKey)}`, [secretKey]).length).toBeGreaterThan(0);
        for (const credentials of [{ OS_TOKEN: token }, { OS_ACCESS_KEY: "AKRANDOM", OS_SECRET_KEY: secretKey }]) {
          for (const reporter of ["json", "table"] as const) {
            const run = await check(server.url, credentials, ["--stateful"], reporter);
            expect(run.code).toBe(3);
            expect(run.all).toContain("not run");
            expect(
              leaksIn(
                run.all,
                Object.values(credentials).filter((v) => v !== "AKRANDOM"),
              ),
            ).toEqual([]);
          }
        }
        await server.close();
      }),
      { numRuns: 4 },
    );
  });
});

describe("check bounds what it reads", () => {
  it(`an answer over ${MAX_ANSWER_BYTES} bytes (declared or endless) or nested too deep: the case is not run, the rest go on`, async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const server = await loopback((req, res) => {
      const q = new URL(req.url ?? "/", "http://x").searchParams;
      if (q.get("status") === "creating") {
        res.writeHead(200, { "Content-Type": "application/json" });
        const endless = () => {
          while (res.write(chunk));
          if (!res.destroyed) res.once("drain", endless);
        };
        return endless();
      }
      if (q.get("status") === "available")
        return res.writeHead(200, { "Content-Type": "application/json", "Content-Length": String(MAX_ANSWER_BYTES + 1) }).end();
      if (q.get("status") === "failed")
        return res.writeHead(200, { "Content-Type": "application/json" }).end(`{"endpoint_services":${"[".repeat(100_000)}`);
      sendJson(res, 200, { endpoint_services: [], total_count: 0 });
    });
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampling = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 10);
    const run = await check(server.url, { OS_TOKEN: "t" }, ["--stateful"]);
    clearInterval(sampling);
    // An endless body is dropped at the cap: resident memory grows by tens of MiB, not by what the server sends.
    expect((rssPeak - rssBefore) / 1024 / 1024).toBeLessThan(256);
    const reason = (name: string) => run.json.cases.find((c) => c.name === name)?.notRun;
    expect(reason("valid: status=creating")).toContain(`larger than ${MAX_ANSWER_BYTES} bytes`);
    expect(reason("valid: status=available")).toContain(`larger than ${MAX_ANSWER_BYTES} bytes`);
    expect(reason("valid: status=failed")).toContain("deeper than 64 levels");
    expect(run.json.cases.find((c) => c.name === "valid: no parameters")?.notRun).toBeUndefined();
    // The empty list passes most cases; not run cases make it exit 3, unless a violation elsewhere gives 1.
    expect([1, 3]).toContain(run.code);
    expect(run.ms).toBeLessThan(within(30_000));
  });
});

const service = (n: number): EndpointService => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  service_name: `svc-${n}`,
  service_type: "interface",
  status: "available",
  created_at: new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
});

describe("the page cap", () => {
  it("walks a long list in pages large enough to see it whole within the cap: 60 services pass, exit 0", async () => {
    const long = await startStatefulMock({ services: Array.from({ length: 60 }, (_, n) => service(n)), credentials: { tokens: ["t"] } });
    servers.push({ close: long.stop });
    const walked = await check(long.url, { OS_TOKEN: "t" });
    expect(walked.json.notRun).toBe(0);
    expect(walked.json.cases.every((c) => c.problems.length === 0)).toBe(true);
    expect(walked.code).toBe(0);
  });

  it("a list longer than the cap allows even at the largest page leaves the paging and sort cases not run", async () => {
    const long = await startStatefulMock({ services: Array.from({ length: 1500 }, (_, n) => service(n)), credentials: { tokens: ["t"] } });
    servers.push({ close: long.stop });
    const run = await runCheck({ baseUrl: long.url, projectId: PROJECT, auth: { token: "t" }, timeoutMs: 30_000, maxPages: 1 });
    const notRun = run.results.filter((c) => c.notRun !== undefined);
    expect(notRun.map((c) => c.name)).toContain("paging: pages are disjoint and together complete, total_count is stable");
    for (const c of notRun)
      expect(c.notRun).toMatch(/stopped at the page cap \(1 pages of 1000\) before the end of the list \(total_count 1500\)/);
    expect(run.results.every((c) => c.problems.length === 0)).toBe(true);
  });
});
