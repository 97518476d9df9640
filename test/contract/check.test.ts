// vpcep-contract check against three loopback servers: the stateful mock (correct), a server that
// breaks the contract in eight ways, and one that never answers.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleServices } from "../../generated/contract-validators.js";
import { main } from "../../src/cli/contract.js";
import { startStatefulMock } from "../../src/mock/stateful.js";
import type { RunningMock } from "../../src/mock/prism.js";

async function runCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const lines: string[] = [];
  const code = await main(args, env, (line) => lines.push(line));
  return { code, output: lines.join("\n") };
}

function service(n: number, extra: Record<string, unknown> = {}) {
  return { id: `svc-${n}`, service_name: `svc-${n}`, service_type: "interface", status: "available", created_at: `2024-01-0${n}T00:00:00Z`, ...extra };
}

/** Answers like the provider, except in the eight ways listed in `breakages`. */
function brokenServer(): Promise<{ url: string; close: () => void }> {
  const services = [1, 2, 3, 4, 5].map((n) => service(n));
  const server: Server = createServer((req, res) => {
    const q = new URL(req.url ?? "/", "http://x").searchParams;
    const json = (status: number, body: unknown, type = "application/json") => res.writeHead(status, { "Content-Type": type }).end(JSON.stringify(body));
    const limit = Number(q.get("limit") ?? 10);
    const offset = Number(q.get("offset") ?? 0);
    if (q.get("status") === "creating") return json(200, { endpoint_services: [], total_count: "0" }); // 1: wrong type
    if (q.get("status") === "available") return json(200, { endpoint_services: [service(1, { ports: [{ client_port: 70000, server_port: 80 }] })], total_count: 1 }); // 2: port out of range
    if (q.get("sort_key") === "update_at") return json(200, { endpoint_services: [] }); // 3: no total_count
    if (q.get("sort_dir") === "not-a-sort_dir") return json(400, { message: "bad sort_dir" }); // 4: unknown error shape
    if (q.get("limit") === "1001") return json(200, { endpoint_services: services, total_count: 5 }); // 5: wrong status for a bad limit
    if (q.get("sort_dir") === "desc") return json(200, { endpoint_services: [], total_count: 0 }, "text/plain"); // 7: wrong content type
    if (q.get("status") === "deleting") return json(500, { error_code: "EndPoint.0001", error_msg: "System error. Please retry." }); // 8: 500 on a valid request
    if (q.get("sort_dir") === "asc" && q.get("sort_key") === "create_at" && q.has("offset")) {
      const start = Math.max(0, offset - 1);
      return json(200, { endpoint_services: services.slice(start, start + limit), total_count: 5 }); // 6: pages overlap
    }
    const invalid = !/^\d+$/.test(q.get("limit") ?? "0") || limit > 1000 || offset < 0 || (q.get("offset") ?? "0").startsWith("-")
      || ["status", "sort_key", "sort_dir", "net_type"].some((k) => q.get(k)?.startsWith("not-a-")) || (q.get("endpoint_service_name") ?? "").length > 128;
    if (invalid) return json(400, { error_code: "EndPoint.0002", error_msg: "Parameter error." });
    json(200, { endpoint_services: services.slice(offset, offset + limit), total_count: 5 });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() })),
  );
}

describe("vpcep-contract check", () => {
  let correct: RunningMock;
  let broken: { url: string; close: () => void };
  beforeAll(async () => {
    correct = await startStatefulMock({ services: [...exampleServices] });
    broken = await brokenServer();
  });
  afterAll(async () => {
    await correct.stop();
    broken.close();
  });

  it("passes every case against the stateful mock, and exits 0", async () => {
    const { code, output } = await runCli(["check", correct.url], { OS_TOKEN: "secret-token-value" });
    expect(output).toMatch(/^27 passed, 0 failed$/m);
    expect(code).toBe(0);
    expect(output).not.toContain("secret-token-value");
  });

  it("reports each of eight breakages by name, and exits 1", async () => {
    const { code, output } = await runCli(["check", broken.url, "--token", "t"]);
    expect(code).toBe(1);
    const failure = (name: string, problem: RegExp) => {
      const block = output.split("\n").findIndex((line) => line.startsWith("FAIL") && line.includes(name));
      expect(block, `a FAIL line for ${name}`).toBeGreaterThanOrEqual(0);
      const details = output.split("\n").slice(block + 1).filter((_, i, all) => all.slice(0, i + 1).every((l) => l.startsWith("   "))).join("\n");
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
    expect(output).toMatch(/^\d+ passed, 8 failed$/m);
  });

  it("fails with a timeout message, quickly, against a server that never answers", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const started = performance.now();
    const { code, output } = await runCli(["check", `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, "--timeout", "300"]);
    silent.closeAllConnections();
    silent.close();
    expect(code).toBe(1);
    expect(output).toMatch(/no answer within 300 ms \(timed out\)/);
    expect(output).toMatch(/^0 passed, 1 failed$/m);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("fails with a network message against a server that closes the connection", async () => {
    const rude = createServer((req) => req.socket.destroy());
    await new Promise<void>((resolve) => rude.listen(0, "127.0.0.1", resolve));
    const { code, output } = await runCli(["check", `http://127.0.0.1:${(rude.address() as AddressInfo).port}`]);
    rude.close();
    expect(code).toBe(1);
    expect(output).toMatch(/no HTTP answer \(fetch failed/);
  });

  it("writes JUnit and JSON reports for CI", async () => {
    const junit = await runCli(["check", broken.url, "--reporter", "junit"]);
    expect(junit.output).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(junit.output).toMatch(/<testsuite name="vpcep-contract check" tests="27" failures="8">/);
    expect(junit.output).toContain('<failure message="status: expected 200, got 500">');
    const json = JSON.parse((await runCli(["check", correct.url, "--reporter", "json"], { OS_TOKEN: "t" })).output) as { passed: number; failed: number; cases: unknown[] };
    expect([json.passed, json.failed, json.cases.length]).toEqual([27, 0, 27]);
  });

  it("signs with AK/SK from the environment without printing the keys", async () => {
    const { code, output } = await runCli(["check", correct.url, "--reporter", "json"], { OS_ACCESS_KEY: "AKVISIBLEMAYBE", OS_SECRET_KEY: "SKNEVERPRINTED" });
    expect(code).toBe(0);
    expect(output).not.toMatch(/AKVISIBLEMAYBE|SKNEVERPRINTED/);
  });

  it.each([
    [["check"], /needs the server's base URL/],
    [["check", "ftp://x"], /is not an http\(s\) URL/],
    [["check", "http://127.0.0.1:1", "--reporter", "xml"], /--reporter must be one of table, json, junit/],
    [["check", "http://127.0.0.1:1", "--timeout", "0"], /--timeout must be a positive number/],
    [["check", "http://127.0.0.1:1", "--access-key", "AK"], /needs both --access-key and --secret-key/],
    [["frobnicate"], /unknown command "frobnicate"/],
    [["check", "http://x", "--verbose"], /unknown option --verbose/],
  ])("refuses %j with usage and exit code 2", async (args, message) => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (line: string) => void errors.push(line);
    try {
      expect((await runCli(args as string[])).code).toBe(2);
    } finally {
      console.error = original;
    }
    expect(errors.join("\n")).toMatch(message);
  });
});
