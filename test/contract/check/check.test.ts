// vpcep-contract check against loopback servers: the stateful mock (correct), Prism (stateless), a
// server that breaks the contract's shapes in eight ways, one that breaks the parameters' meanings,
// servers that refuse credentials, and one that never answers.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { exampleServices } from "../../../generated/contract-validators.js";
import { main } from "../../../src/cli/contract.js";
import { startStatefulMock } from "../../../src/mock/stateful/stateful.js";
import type { RunningMock } from "../../../src/mock/running.js";
import { scaled, TIMEOUTS, within } from "../../support/timeouts.js";
import { mockReady } from "../../support/mock.js";
import { runMain } from "../../support/cli.js";
import { freePort } from "../../support/loopback.js";

// The global setup starts Prism alongside the first files: wait for it to answer.
beforeAll(() => mockReady(), TIMEOUTS.prismStart);

const runCli = (args: string[], env: NodeJS.ProcessEnv = {}) => runMain(main, args, env);

function service(n: number, extra: Record<string, unknown> = {}) {
  return {
    id: `svc-${n}`,
    service_name: `svc-${n}`,
    service_type: "interface",
    status: "available",
    created_at: `2024-01-0${n}T00:00:00Z`,
    ...extra,
  };
}

/** Answers like the provider, except in the eight ways listed in `breakages`. */
function brokenServer(): Promise<{ url: string; close: () => void }> {
  const services = [1, 2, 3, 4, 5].map((n) => service(n));
  const server: Server = createServer((req, res) => {
    const q = new URL(req.url ?? "/", "http://x").searchParams;
    const json = (status: number, body: unknown, type = "application/json") =>
      res.writeHead(status, { "Content-Type": type }).end(JSON.stringify(body));
    const limit = Number(q.get("limit") ?? 10);
    const offset = Number(q.get("offset") ?? 0);
    if (q.get("status") === "creating") return json(200, { endpoint_services: [], total_count: "0" }); // 1: wrong type
    if (q.get("status") === "available")
      return json(200, { endpoint_services: [service(1, { ports: [{ client_port: 70000, server_port: 80 }] })], total_count: 1 }); // 2: port out of range
    if (q.get("sort_key") === "update_at") return json(200, { endpoint_services: [] }); // 3: no total_count
    if (q.get("sort_dir") === "not-a-sort_dir") return json(400, { message: "bad sort_dir" }); // 4: unknown error shape
    if (q.get("limit") === "1001") return json(200, { endpoint_services: services, total_count: 5 }); // 5: wrong status for a bad limit
    if (q.get("sort_dir") === "desc") return json(200, { endpoint_services: [], total_count: 0 }, "text/plain"); // 7: wrong content type
    if (q.get("status") === "deleting") return json(500, { error_code: "EndPoint.0001", error_msg: "System error. Please retry." }); // 8: 500 on a valid request
    if (q.get("sort_dir") === "asc" && q.get("sort_key") === "create_at" && q.has("offset")) {
      const start = Math.max(0, offset - 1);
      return json(200, { endpoint_services: services.slice(start, start + limit), total_count: 5 }); // 6: pages overlap
    }
    const invalid =
      !/^\d+$/.test(q.get("limit") ?? "0") ||
      limit > 1000 ||
      offset < 0 ||
      (q.get("offset") ?? "0").startsWith("-") ||
      ["status", "sort_key", "sort_dir", "net_type"].some((k) => q.get(k)?.startsWith("not-a-")) ||
      (q.get("endpoint_service_name") ?? "").length > 128;
    if (invalid) return json(400, { error_code: "EndPoint.0002", error_msg: "Parameter error." });
    json(200, { endpoint_services: services.slice(offset, offset + limit), total_count: 5 });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() }),
    ),
  );
}

/** Valid shapes, wrong meanings: ignores status, matches names case-sensitively, sorts update_at per page only, counts the page, loses the last service when paging. */
function semanticallyBrokenServer(): Promise<{ url: string; close: () => void }> {
  const services = [
    service(1, { service_name: "Orders-Api", status: "available", updated_at: "2024-02-05T00:00:00Z" }),
    service(2, { service_name: "billing", status: "available", updated_at: "2024-02-01T00:00:00Z" }),
    service(3, { service_name: "search", status: "failed", updated_at: "2024-02-04T00:00:00Z" }),
    service(4, { service_name: "orders-db", status: "available", updated_at: "2024-02-02T00:00:00Z" }),
    service(5, { service_name: "mail", status: "creating", updated_at: "2024-02-03T00:00:00Z" }),
  ];
  const server = createServer((req, res) => {
    const q = new URL(req.url ?? "/", "http://x").searchParams;
    const limit = Number(q.get("limit") ?? 10);
    const offset = Number(q.get("offset") ?? 0);
    let list = services.filter(
      (s) =>
        (!q.has("id") || s.id === q.get("id")) &&
        (!q.has("endpoint_service_name") || s.service_name.includes(q.get("endpoint_service_name")!)),
    );
    if (q.get("sort_dir") === "asc" && q.get("sort_key") !== "update_at")
      list = [...list].sort((a, b) => a.created_at.localeCompare(b.created_at));
    else if (q.get("sort_key") !== "update_at") list = [...list].sort((a, b) => b.created_at.localeCompare(a.created_at));
    let page = list.slice(offset, offset + limit);
    if (offset >= 4) page = [];
    if (q.get("sort_key") === "update_at")
      page.sort(
        (a, b) =>
          (q.get("sort_dir") === "asc" ? 1 : -1) *
          String((a as Record<string, unknown>)["updated_at"]).localeCompare(String((b as Record<string, unknown>)["updated_at"])),
      );
    const total = q.get("limit") === "1" ? page.length : list.length;
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ endpoint_services: page, total_count: total }));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() }),
    ),
  );
}

describe("vpcep-contract check", () => {
  let correct: RunningMock;
  let broken: { url: string; close: () => void };
  beforeAll(async () => {
    correct = await startStatefulMock({
      services: [...exampleServices],
      credentials: { tokens: ["secret-token-value", "t"], keys: [{ accessKey: "AKVISIBLEMAYBE", secretKey: "SKNEVERPRINTED" }] },
    });
    broken = await brokenServer();
  });
  afterAll(async () => {
    await correct.stop();
    broken.close();
  });

  it("passes every case against the stateful mock, and exits 0", async () => {
    const { code, output, stderr } = await runCli(["check", correct.url], { OS_TOKEN: "secret-token-value" });
    expect(output).toMatch(/^50 passed, 0 failed$/m);
    expect(output).toMatch(/^ok   200 semantics: sort_key=update_at sort_dir=asc order holds within and across pages$/m);
    expect(stderr).toBe("vpcep-contract check: 50 passed, 0 failed, 0 skipped");
    expect(code).toBe(0);
    expect(output + stderr).not.toContain("secret-token-value");
  });

  it("reports each of eight breakages by name, and exits 1", async () => {
    const { code, output } = await runCli(["check", broken.url, "--token", "t", "--stateful"]);
    expect(code).toBe(1);
    const failure = (name: string, problem: RegExp) => {
      const block = output.split("\n").findIndex((line) => line.startsWith("FAIL") && line.includes(name));
      expect(block, `a FAIL line for ${name}`).toBeGreaterThanOrEqual(0);
      const details = output
        .split("\n")
        .slice(block + 1)
        .filter((_, i, all) => all.slice(0, i + 1).every((l) => l.startsWith("   ")))
        .join("\n");
      expect(details, name).toMatch(problem);
    };
    failure("valid: status=creating", /total_count: must be integer/);
    failure("valid: status=available", /endpoint_services\[0\]\.ports\[0\]\.client_port: must be <= 65535/);
    failure("valid: sort_key=update_at", /total_count: must have required property 'total_count'/);
    failure("invalid: sort_dir=not-a-sort_dir", /code: must have required property 'code'/);
    failure("invalid: limit=1001", /status: expected 400, got 200/);
    failure("paging: pages are disjoint", /id svc-\d: on page 1 and again on page 2/);
    failure("valid: sort_dir=desc", /headers\.content-type: must be application\/json, got "text\/plain"/);
    failure("valid: status=deleting", /status: expected 200, got 500/);
    failure("invalid: limit=-1 is refused with 400", /error_code: expected EndPoint.0006 for an invalid limit, got EndPoint.0002/);
    expect(output).toMatch(/^\d+ passed, \d+ failed(, \d+ not run)?$/m);
  });

  it("fails with a timeout message, quickly, against a server that never answers", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const started = performance.now();
    const { code, output } = await runCli(["check", `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, "--timeout", "300"]);
    silent.closeAllConnections();
    silent.close();
    expect(code).toBe(3);
    expect(output).toMatch(/no answer within 300 ms \(timed out\)/);
    expect(output).toMatch(/^NOT RUN .*\n {10}not run: no answer within 300 ms \(timed out\)/m);
    expect(output).toMatch(/^0 passed, 0 failed, 1 not run$/m);
    expect(performance.now() - started).toBeLessThan(within(5_000));
  });

  it("fails with a network message against a server that closes the connection", async () => {
    const rude = createServer((req) => req.socket.destroy());
    await new Promise<void>((resolve) => rude.listen(0, "127.0.0.1", resolve));
    const { code, output } = await runCli(["check", `http://127.0.0.1:${(rude.address() as AddressInfo).port}`]);
    rude.close();
    expect(code).toBe(3);
    expect(output).toMatch(/no HTTP answer \(fetch failed/);
  });

  it("writes JUnit and JSON reports for CI", async () => {
    const junit = await runCli(["check", broken.url, "--reporter", "junit", "--stateful", "--token", "t"]);
    expect(junit.output).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(junit.output).toMatch(/<testsuite name="vpcep-contract check" tests="50" failures="\d+" errors="\d+" skipped="0">/);
    expect(junit.output).toContain(
      '<failure message="status: expected 200, got 500" type="status-expected">[status-expected]\nstatus: expected 200, got 500\nrequest: GET /v1/',
    );
    expect(junit.stderr).toMatch(/^vpcep-contract check: \d+ passed, \d+ failed, 0 skipped, \d+ not run$/m);
    const json = JSON.parse((await runCli(["check", correct.url, "--reporter", "json"], { OS_TOKEN: "t" })).output) as {
      passed: number;
      failed: number;
      cases: unknown[];
    };
    expect([json.passed, json.failed, json.cases.length]).toEqual([50, 0, 50]);
  });

  it("signs with AK/SK from the environment without printing the keys", async () => {
    const { code, output } = await runCli(["check", correct.url, "--reporter", "json"], {
      OS_ACCESS_KEY: "AKVISIBLEMAYBE",
      OS_SECRET_KEY: "SKNEVERPRINTED",
    });
    expect(code).toBe(0);
    expect(output).not.toMatch(/AKVISIBLEMAYBE|SKNEVERPRINTED/);
  });

  it.each([
    [["check"], /needs the server's base URL/],
    [["check", "ftp://x"], /the base URL must be an http: or https: URL, not ftp:/],
    [["check", "http://127.0.0.1:1?x=1"], /the base URL must not carry a query/],
    [["check", "http://127.0.0.1:1", "--reporter", "xml"], /--reporter must be one of table, json, junit, got "xml"/],
    [["check", "http://127.0.0.1:1", "--timeout", "0"], /--timeout must be a number of at least 1, got "0"/],
    [["check", "http://127.0.0.1:1", "--timeout", "100", "--timeout=200"], /--timeout is given more than once; it takes one value/],
    [["validate", "x.har", "--judge", "client", "--judge", "server"], /--judge is given more than once; it takes one value/],
    // A negative number is the flag's own range error, not parseArgs' "argument is ambiguous".
    [["check", "http://127.0.0.1:1", "--timeout", "-5"], /--timeout must be a number of at least 1, got "-5"/],
    [["check", "http://127.0.0.1:1", "--wait", "-1"], /--wait must be a number of at least 0, got "-1"/],
    [["check", "http://127.0.0.1:1", "--deadline", "-1"], /--deadline must be a number of at least 0.001, got "-1"/],
    [["check", "http://127.0.0.1:1", "--fuzz", "ten"], /--fuzz must be an integer of at least 1, got "ten"/],
    [["check", "http://127.0.0.1:1", "--seed", "3"], /--seed goes with --fuzz/],
    [["check", "http://127.0.0.1:1", "--stateless", "--stateful"], /exclude each other/],
    [["check", "http://127.0.0.1:1", "--token"], /argument missing/],
    [
      ["validate", "x.har", "--fuzz", "3"],
      /validate takes only --reporter, --junit, --coverage, --judge, --report-novelty and --fail-on-novelty/,
    ],
    [[], /a command is needed: check or validate/],
    [["check", "http://127.0.0.1:1", "--access-key", "AK"], /needs both --access-key and --secret-key/],
    [["frobnicate"], /unknown command "frobnicate"/],
    [["check", "http://x", "--verbose"], /Unknown option '--verbose'/],
  ])("refuses %j with usage and exit code 2", async (args, message) => {
    const { code, stderr } = await runCli(args as string[]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toContain("Exit codes: 0 every case holds, 1 contract violations, 2 usage error, 3 could not test");
  });

  it("refuses a base URL with credentials (exit 2) without printing the password", async () => {
    const { code, output, stderr } = await runCli(["check", "http://user:PASSWORDNEVERPRINTED@127.0.0.1:1"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/the base URL must not carry a user name or password/);
    expect(output + stderr).not.toContain("PASSWORDNEVERPRINTED");
  });

  it("against Prism: never guesses; --stateless skips the checks that need state (exit 0), the default run fails them with a hint (exit 1)", async () => {
    const prism = inject("mockUrl");
    const declared = await runCli(["check", prism, "--stateless"], { OS_TOKEN: "t" });
    expect(declared.output).toMatch(
      /^note: --stateless: the checks that need a server that keeps state are skipped, and a refusal's error code is not compared/m,
    );
    expect(declared.output).toMatch(/^skip --- paging: .* \(needs a server that keeps state\)$/m);
    expect(declared.output).toMatch(/^skip --- auth-wrong: .* \(a mock that keeps no state \(--stateless\) accepts any credential\)$/m);
    // Prism refuses a request without a token as the document says.
    expect(declared.output).toMatch(/^ok {3}401 auth: a request without credentials is refused with 401$/m);
    expect(declared.output).not.toMatch(/^FAIL/m);
    // Prism's own `sl-violations` header is not in the document: listed as a novelty, not failed.
    expect(declared.stderr).toMatch(
      /^vpcep-contract check: \d+ passed, 0 failed, 11 skipped; \d+ novelt(y|ies) \(not described by the document\)$/m,
    );
    expect(declared.output).toMatch(/^ {2}header {9}sl-violations {2}e\.g\. /m);
    expect(declared.code).toBe(0);
    const junit = await runCli(["check", prism, "--stateless", "--reporter", "junit"], { OS_TOKEN: "t" });
    expect(junit.output).toMatch(
      /<testcase classname="vpcep-contract check" name="limit: [^"]+" time="0.000">\s*<skipped message="needs a server that keeps state"\/>/,
    );
    expect(junit.code).toBe(0);
    const undeclared = await runCli(["check", prism], { OS_TOKEN: "t" });
    expect(undeclared.output).not.toMatch(/looks stateless/);
    // Prism answers with examples: which meaning case fails varies, that some do does not.
    expect(undeclared.output).toMatch(/^FAIL .* (paging|semantics|offset|defaults|limit): /m);
    expect(undeclared.output).toMatch(
      /^note: cases that compare answers with each other failed; if this server keeps no state \(Prism, an example server\), pass --stateless$/m,
    );
    expect(undeclared.code).toBe(1);
  });

  it("reports each broken meaning of a parameter by name, with the request that shows it", async () => {
    const server = await semanticallyBrokenServer();
    try {
      const { code, output } = await runCli(["check", server.url], { OS_TOKEN: "t" });
      expect(code).toBe(1);
      expect(output).not.toMatch(/looks stateless/);
      const block = (name: string) => {
        const lines = output.split("\n");
        const start = lines.findIndex((line) => line.startsWith("FAIL") && line.includes(name));
        expect(start, `a FAIL line for ${name}`).toBeGreaterThanOrEqual(0);
        const end = lines.findIndex((line, i) => i > start && !line.startsWith("   "));
        return lines.slice(start + 1, end).join("\n");
      };
      expect(block("semantics: status=failed returns only failed services")).toMatch(
        /endpoint_services\[\d\]\.status: "(available|creating)" in an answer to status=failed[\s\S]*request: GET \/v1\/\w+\/vpc-endpoint-services\?status=failed&limit=1000/,
      );
      expect(block("semantics: limit=1 is respected, total_count counts the matches")).toMatch(
        /total_count: 1 for limit=1, but 5 for limit=2/,
      );
      // The lost service breaks the listing: paging fails, and the cases that compare with the whole
      // listing are not run, naming why, rather than failed or passed.
      expect(block("paging: pages are disjoint and together complete")).toMatch(/pages: the pages hold 4 services, but total_count is 5/);
      expect(output).toMatch(
        /^NOT RUN semantics: sort_key=update_at sort_dir=desc order holds within and across pages\n {10}not run: needs the listing as a baseline, which could not be had: the pages hold 4 services, but total_count is 5$/m,
      );
      expect(output).toMatch(/^ok {3}200 semantics: id returns at most that service$/m);
    } finally {
      server.close();
    }
  });

  it.each([
    [{}, 401, /^the server answered 401 to GET \/v1\/\w+\/vpc-endpoint-services: no credentials were sent; set OS_TOKEN/],
    [{ OS_TOKEN: "wrong-token-value" }, 401, /^the server answered 401 to GET \S+: it rejected the token from OS_TOKEN$/],
    [
      { OS_ACCESS_KEY: "AKVALUE", OS_SECRET_KEY: "SKVALUE" },
      403,
      /^the server answered 403 to GET \S+: the access key from OS_ACCESS_KEY and OS_SECRET_KEY is not allowed to list the services of project p1$/,
    ],
  ])("stops at the first %s-answered request with one message naming the credential, and exits 3", async (env, status, message) => {
    const refusing = createServer((_req, res) =>
      res
        .writeHead(status, { "Content-Type": "application/json" })
        .end(JSON.stringify({ error_code: "EndPoint.0003", error_msg: "Authentication failed." })),
    );
    await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
      const { code, output, stderr } = await runCli(["check", url, "--project-id", "p1", "--reporter", "json"], {
        ...env,
        GITHUB_ACTIONS: "true",
      });
      expect(code).toBe(3);
      const report = JSON.parse(output) as { failed: number; notRun: number; cases: { problems: string[]; notRun?: string }[] };
      expect(report.cases).toHaveLength(1);
      expect(report.cases[0]).toMatchObject({ problems: [], notRun: expect.stringMatching(message) });
      expect([report.failed, report.notRun]).toEqual([0, 1]);
      expect(stderr.match(/^::error title=vpcep-contract check%3A could not test::/gm)).toHaveLength(1);
      expect(output + stderr).not.toMatch(/wrong-token-value|AKVALUE|SKVALUE/);
    } finally {
      refusing.close();
    }
  });

  it("under GitHub Actions writes a job summary table and one ::error annotation per failure", async () => {
    const scratch = await mkdtemp(path.join(tmpdir(), "vpcep-summary-"));
    const summary = path.join(scratch, "summary.md");
    await writeFile(summary, "earlier step\n");
    try {
      const junitFile = path.join(scratch, "contract.xml");
      const { code, output, stderr } = await runCli(["check", broken.url, "--stateful", "--junit", junitFile], {
        OS_TOKEN: "t",
        GITHUB_ACTIONS: "true",
        GITHUB_STEP_SUMMARY: summary,
      });
      expect(code).toBe(1);
      const failures = output.split("\n").filter((line) => line.startsWith("FAIL") || line.startsWith("NOT RUN")).length;
      expect(stderr.match(/^::error title=vpcep-contract check%3A [^:]+::/gm)).toHaveLength(failures);
      expect(stderr).toMatch(
        /^::error title=vpcep-contract check%3A valid%3A status=deleting::status: expected 200, got 500%0Arequest: GET \/v1\/\w+\/vpc-endpoint-services\?status=deleting$/m,
      );
      const markdown = await readFile(summary, "utf8");
      expect(markdown).toMatch(/^earlier step\n### vpcep-contract check: \d+ passed, \d+ failed, 0 skipped, \d+ not run\n/);
      expect(markdown).toContain("| Case | Result | Status | Details | Checks |");
      expect(markdown).toMatch(
        /^\| valid: status=deleting \| ❌ failed \| 500 \| status: expected 200, got 500 \(GET \S+\?status=deleting\) \| `status-expected` \|$/m,
      );
      expect(await readFile(junitFile, "utf8")).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites>/);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });

  it("without GitHub Actions writes neither annotations nor a summary", async () => {
    const { stderr } = await runCli(["check", broken.url, "--stateful"], { OS_TOKEN: "t", GITHUB_STEP_SUMMARY: "/nonexistent/summary.md" });
    expect(stderr).not.toContain("::error");
    expect(stderr).toMatch(/^vpcep-contract check: \d+ passed, \d+ failed, 0 skipped, \d+ not run$/);
  });

  it("--wait gives a server time to come up, and exits 3 naming the URL when it never does", async () => {
    const port = await freePort();
    const late = createServer((_req, res) => res.writeHead(404).end());
    setTimeout(() => late.listen(port, "127.0.0.1"), 600);
    const url = `http://127.0.0.1:${port}`;
    try {
      const waited = await runCli(["check", url, "--wait", "20", "--timeout", String(scaled(2_000))], { OS_TOKEN: "t" });
      expect(waited.output).toMatch(/^FAIL 404 valid: no parameters$/m); // it answered: the check ran
      expect(waited.code).toBe(1);
    } finally {
      late.close();
    }
    const never = await runCli(["check", `http://127.0.0.1:${await freePort()}`, "--wait", "0.5"], { OS_TOKEN: "t" });
    expect(never.code).toBe(3);
    expect(never.stderr).toMatch(/no HTTP answer at http:\/\/127\.0\.0\.1:\d+ within 0\.5 s \(--wait\)/);
    // Not run, like any case a run stops on: neither failed nor passed.
    const json = await runCli(["check", `http://127.0.0.1:${await freePort()}`, "--wait", "0.3", "--reporter", "json"]);
    expect(json.code).toBe(3);
    expect(json.stderr).toMatch(/0 passed, 0 failed, 0 skipped, 1 not run; stopped: no HTTP answer/);
    const [first] = (JSON.parse(json.output) as { cases: { failures: unknown[]; notRun?: string }[] }).cases;
    expect(first!.failures).toEqual([]);
    expect(first!.notRun).toMatch(/^no HTTP answer at http:\/\/127\.0\.0\.1:\d+ within 0\.3 s \(--wait\)$/);
  });

  it("never shows a credential, even when a server echoes it into an answer the report quotes", async () => {
    const echo = createServer((req, res) => {
      const token = String(req.headers["x-auth-token"]);
      const body = { endpoint_services: [service(1, { status: `x-${token}` })], total_count: 1 };
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
    const scratch = await mkdtemp(path.join(tmpdir(), "vpcep-echo-"));
    try {
      const url = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
      const junit = path.join(scratch, "report.xml");
      const summary = path.join(scratch, "summary.md");
      const { code, output, stderr } = await runCli(["check", url, "--stateful", "--junit", junit], {
        OS_TOKEN: "tok-echoed-secret",
        GITHUB_ACTIONS: "true",
        GITHUB_STEP_SUMMARY: summary,
      });
      expect(code).toBe(1);
      expect(output).toContain('endpoint_services[0].status: "x-***" in an answer to status=available');
      for (const text of [output, stderr, await readFile(junit, "utf8"), await readFile(summary, "utf8")])
        expect(text).not.toContain("tok-echoed-secret");
    } finally {
      echo.close();
      await rm(scratch, { recursive: true, force: true });
    }
  });

  it("--coverage against the broken server counts what it answered, its 500 included", async () => {
    const { output } = await runCli(["check", broken.url, "--stateful", "--coverage", "--reporter", "json"], { OS_TOKEN: "t" });
    const { coverage } = JSON.parse(output) as { coverage: { groups: { name: string; items: { item: string; seen: boolean }[] }[] } };
    const statuses = coverage.groups
      .find((g) => g.name === "documented statuses")!
      .items.filter((i) => i.seen)
      .map((i) => i.item);
    expect(statuses).toEqual(["status 200", "status 400", "status 500"]);
  });
});
