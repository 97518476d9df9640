// The bins as users run them: separate processes, exit codes, signals.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/lib/paths.js";
import { mockReady } from "../support/mock.js";
import { type ReadyMock, runNode, startMockProcess } from "../support/processes.js";
import { TIMEOUTS, waitFor } from "../support/timeouts.js";

const exec = promisify(execFile);
const bin = (name: string) => path.join(repoRoot, "bin", `${name}.js`);
let scratch = "";
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "vpcep-bins-"));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

const startMock = (...args: string[]) => startMockProcess(process.execPath, [bin("vpcep-mock"), "--port", "0", ...args]);

const exitOf = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

const runBin = (name: string, args: string[]) => runNode(bin(name), args);

describe("vpcep-mock", () => {
  // Prism takes seconds of CPU to boot: the Prism-mode tests give it the suite's bound
  // (--startup-timeout), and start after the run's shared Prism is up, so two Prism boots never
  // compete for a busy machine's CPU.
  beforeAll(() => mockReady(), TIMEOUTS.prismStart);
  const PRISM = ["--startup-timeout", String(TIMEOUTS.prismStart)];

  it("stateful mode prints a ready line, serves the operation and exits 0 on SIGTERM", async () => {
    const mock = await startMock("--stateful");
    const response = await fetch(`${mock.url}/v1/p/vpc-endpoint-services?limit=1`, { headers: { "X-Auth-Token": "t" } });
    expect(response.status).toBe(200);
    const exited = exitOf(mock.child);
    mock.child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(mock.output()).toMatch(/vpcep-mock: stopped/);
  });

  it("serves the seed data it is given", async () => {
    const data = path.join(scratch, "services.json");
    await writeFile(
      data,
      JSON.stringify([
        { id: "one", service_name: "only", service_type: "interface", status: "available", created_at: "2024-01-01T00:00:00Z" },
      ]),
    );
    const mock = await startMock("--stateful", "--data", data);
    const page = (await (await fetch(`${mock.url}/v1/p/vpc-endpoint-services`, { headers: { "X-Auth-Token": "t" } })).json()) as {
      total_count: number;
    };
    mock.child.kill("SIGTERM");
    expect(page.total_count).toBe(1);
    expect(mock.output()).toMatch(/stateful, 1 service;/);
  });

  it("exits 1 with a clear message when the port is taken", async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const port = (holder.address() as { port: number }).port;
    const { code, stderr } = await runBin("vpcep-mock", ["--stateful", "--port", String(port)]);
    holder.close();
    expect(code).toBe(1);
    expect(stderr).toContain(`vpcep-mock: port ${port} on 127.0.0.1 is already in use; choose another with --port`);
  });

  it.each([
    [["--port", "70000"], 2, /--port must be an integer from 0 to 65535/],
    [["--data", "x.json"], 2, /--data goes with --stateful/],
    [["--stateful", "--port", "0", "--host", "not a host"], 1, /vpcep-mock: --host "not a host" cannot be listened on: no such host \(/],
    [["--stateful", "--data", "/nonexistent/services.json"], 1, /vpcep-mock: --data \/nonexistent\/services\.json: no such file/],
  ])("refuses %j (exit %i)", async (args, expected, message) => {
    const { code, stderr } = await runBin("vpcep-mock", args as string[]);
    expect(code).toBe(expected);
    expect(stderr).toMatch(message);
  });

  it("names a --data or --credentials file that is not JSON, without quoting it", async () => {
    const broken = path.join(scratch, "broken.json");
    await writeFile(broken, "{ tokens: [hunter2-secret] }");
    for (const flag of ["--data", "--credentials"]) {
      const { code, stderr } = await runBin("vpcep-mock", ["--stateful", flag, broken]);
      expect(code, flag).toBe(1);
      expect(stderr).toContain(`vpcep-mock: ${flag} ${broken} is not valid JSON at line 1, column 3`);
      expect(stderr).not.toContain("hunter2");
    }
  });

  it("refuses invalid seed data, naming the file and the service", async () => {
    const data = path.join(scratch, "bad.json");
    await writeFile(
      data,
      JSON.stringify([{ id: "x", service_name: "s", service_type: "interface", status: "available", created_at: "yesterday" }]),
    );
    const { code, stderr } = await runBin("vpcep-mock", ["--stateful", "--data", data]);
    expect(code).toBe(1);
    expect(stderr).toContain(
      `${data}: 1 of 1 services not valid (1 problem; see https://vpcep-openapi.github.io/vpcep-openapi/guides/testing.html#seed-data):`,
    );
    expect(stderr).toContain("  service 0: created_at: must be a timestamp such as 2024-01-31T08:00:00Z");
    expect(stderr).not.toContain("yesterday");
  });

  it("in stateful mode, names an ignored query parameter once on stderr; --strict-query refuses it", async () => {
    const lenient = await startMock("--stateful");
    const strict = await startMock("--stateful", "--strict-query");
    try {
      const target = "/v1/p/vpc-endpoint-services?limt=5&access_key=HPUAEXAMPLE0000KEY";
      const headers = { "X-Auth-Token": "t" };
      for (let i = 0; i < 2; i++) expect((await fetch(`${lenient.url}${target}`, { headers })).status).toBe(200);
      expect((await fetch(`${strict.url}${target}`, { headers })).status).toBe(400);
      await waitFor("the warnings on stderr", lenient.output, (output) => output.includes('"access_key"'));
      expect(lenient.output().match(/vpcep-mock: warning: ignored the query parameter "limt"/g)).toHaveLength(1);
      expect(lenient.output()).not.toContain("HPUAEXAMPLE");
      expect(strict.output()).toMatch(/; --strict-query\)/);
    } finally {
      lenient.child.kill("SIGTERM");
      strict.child.kill("SIGTERM");
    }
  });

  // Each Prism boot costs seconds of CPU: the Prism-mode tests share two mocks, lenient and
  // --strict-query, in the order below; the last two stop them, one by a signal, one by its Prism dying.
  describe("in Prism mode", () => {
    let lenient: ReadyMock;
    let strict: ReadyMock;
    beforeAll(async () => {
      [lenient, strict] = await Promise.all([startMock(...PRISM), startMock(...PRISM, "--strict-query")]);
    }, TIMEOUTS.prismStart);
    afterAll(() => {
      for (const mock of [lenient, strict]) if (mock?.child.exitCode === null) mock.child.kill("SIGTERM");
    });
    const headers = { "X-Auth-Token": "t" };

    it("prints a ready line and serves the operation", async () => {
      expect(lenient.output()).toMatch(/vpcep-mock: ready at http:\/\/\S+ \(Prism, --errors\)/);
      const response = await fetch(`${lenient.url}/v1/p/vpc-endpoint-services?limit=1`, { headers });
      expect(response.status).toBe(200);
    });

    it("ignores an unlisted query parameter and names it once on stderr; --strict-query refuses it; Prefer: fault and /__mock/ get 400 VPCEP_MOCK.STATEFUL_ONLY", async () => {
      const target = "/v1/p/vpc-endpoint-services?limit=1&server_type=VM&limt=5";
      expect((await fetch(`${lenient.url}${target}`, { headers })).status).toBe(200);
      expect((await fetch(`${lenient.url}${target}`, { headers })).status).toBe(200);
      const refused = await fetch(`${strict.url}${target}`, { headers });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error_code: string }).error_code).toBe("EndPoint.0002");
      expect((await fetch(`${strict.url}/v1/p/vpc-endpoint-services?server_type=VM`, { headers })).status).toBe(200);
      // Prism still judges the listed parameters, and answers the default response's statuses.
      expect((await fetch(`${lenient.url}/v1/p/vpc-endpoint-services?limit=5000`, { headers })).status).toBe(400);
      expect((await fetch(`${lenient.url}/v1/p/vpc-endpoint-services`, { headers: { ...headers, Prefer: "code=503" } })).status).toBe(503);
      await waitFor("the warning on stderr", lenient.output, (output) => output.includes('"limt"'));
      expect(lenient.output().match(/ignored the query parameter "limt"/g)).toHaveLength(1);
      expect(strict.output()).toMatch(/\(Prism, --errors, --strict-query\)/);
      // What only --stateful does is refused by name, never answered with Prism's example.
      const fault = await fetch(`${lenient.url}/v1/p/vpc-endpoint-services`, { headers: { ...headers, Prefer: "fault=reset" } });
      expect(fault.status).toBe(400);
      expect(await fault.json()).toMatchObject({
        error_code: "VPCEP_MOCK.STATEFUL_ONLY",
        error_msg: expect.stringContaining("--stateful"),
      });
      const control = await fetch(`${lenient.url}/__mock/reset`, { method: "POST" });
      expect(control.status).toBe(400);
      expect(await control.json()).toMatchObject({ error_code: "VPCEP_MOCK.STATEFUL_ONLY" });
    });

    it("exits 0 on SIGINT", async () => {
      const exited = exitOf(lenient.child);
      lenient.child.kill("SIGINT");
      expect(await exited).toBe(0);
      expect(lenient.output()).toMatch(/vpcep-mock: stopped/);
    });

    it("exits 1 with Prism's last words when the Prism it runs dies", async () => {
      const exited = exitOf(strict.child);
      const { stdout } = await exec("pgrep", ["-P", String(strict.child.pid)]);
      for (const pid of stdout.trim().split("\n")) process.kill(Number(pid), "SIGKILL");
      expect(await exited).toBe(1);
      expect(strict.output()).toMatch(/vpcep-mock: Prism stopped by itself \(SIGKILL\)/);
    });
  });

  it("stops the Prism it is starting when a SIGTERM comes before the ready line, and exits 0", async () => {
    const child = spawn(process.execPath, [bin("vpcep-mock"), "--port", "0", ...PRISM], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    for (const stream of [child.stdout, child.stderr]) stream.on("data", (chunk) => void (output += String(chunk)));
    const exited = exitOf(child);
    const childrenOf = async (pid: number | undefined) =>
      (await exec("pgrep", ["-P", String(pid)]).catch(() => ({ stdout: "" }))).stdout.trim().split("\n").filter(Boolean).map(Number);
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const [prism] = await waitFor(
      "the Prism process vpcep-mock starts",
      () => childrenOf(child.pid),
      (pids) => pids.length > 0,
    );
    try {
      expect(output).not.toMatch(/ready at/);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(output).toMatch(/vpcep-mock: stopped/);
      await waitFor(
        "the Prism process ends",
        () => alive(prism!),
        (running) => !running,
      );
    } finally {
      // Left behind only when the test fails: not by this run.
      if (alive(prism!)) process.kill(prism!, "SIGKILL");
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("exits 1 naming the limit when Prism does not start within --startup-timeout", async () => {
    const { code, stderr } = await runBin("vpcep-mock", ["--port", "0", "--startup-timeout", "1"]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/vpcep-mock: Prism did not start within 1 ms/);
  });
});

describe("vpcep-contract validate", () => {
  const good = {
    request: { method: "GET", url: "https://vpcep.eu-de.otc.t-systems.com/v1/p/vpc-endpoint-services?limit=1" },
    response: { status: 200, headers: { "content-type": "application/json" }, body: { endpoint_services: [], total_count: 0 } },
  };

  it("passes recorded exchanges that keep the contract (JSON lines), ignoring other paths", async () => {
    const file = path.join(scratch, "good.jsonl");
    const other = { request: { method: "GET", url: "https://iam/v3/projects" }, response: { status: 200, headers: {}, body: "{}" } };
    await writeFile(file, [good, other].map((e) => JSON.stringify(e)).join("\n"));
    const { code, stdout } = await runBin("vpcep-contract", ["validate", file]);
    expect(stdout).toMatch(/^1 passed, 0 failed, 1 skipped$/m);
    expect(code).toBe(0);
  });

  it("reports each violation of a HAR recording and exits 1", async () => {
    const entry = (url: string, status: number, type: string, text: string) => ({
      request: { method: "GET", url, headers: [] },
      response: { status, headers: [{ name: "Content-Type", value: type }], content: { mimeType: type, text } },
    });
    const har = {
      log: {
        entries: [
          entry("http://h/v1/p/vpc-endpoint-services?limit=5000", 200, "application/json", '{"endpoint_services":[],"total_count":0}'),
          entry(
            "http://h/v1/p/vpc-endpoint-services",
            200,
            "application/json",
            '{"endpoint_services":[{"id":"a","service_name":"s","service_type":"interface","status":"available","created_at":"2018-01-30T07:42:01Z","ports":[{"client_port":0,"server_port":1}]}],"total_count":1}',
          ),
          entry("http://h/v1/p/vpc-endpoint-services", 502, "text/html", "<html>bad gateway</html>"),
        ],
      },
    };
    const file = path.join(scratch, "recording.har");
    await writeFile(file, JSON.stringify(har));
    const { code, stdout } = await runBin("vpcep-contract", ["validate", file, "--reporter", "json"]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { cases: { name: string; problems: string[] }[] };
    expect(report.cases.map((c) => c.problems)).toEqual([
      // the server is judged (the default): it answered 200 to a request it must refuse
      ["response status: expected 400 for an invalid request (query.limit: must be <= 1000), got 200"],
      ["response endpoint_services[0].ports[0].client_port: must be >= 1"],
      [
        expect.stringMatching(/^response headers\.content-type: must be application\/json/),
        expect.stringMatching(/^response \(body\): is not JSON/),
      ],
    ]);
  });

  it("names the line of a broken JSON-lines file", async () => {
    const file = path.join(scratch, "broken.jsonl");
    await writeFile(file, `${JSON.stringify(good)}\n{not json\n`);
    const { code, stderr } = await runBin("vpcep-contract", ["validate", file]);
    expect(code).toBe(3);
    expect(stderr).toMatch(/broken\.jsonl: line 2 is not JSON/);
  });
});
