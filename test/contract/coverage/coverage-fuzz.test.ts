// `--coverage` and `--fuzz` of vpcep-contract, against the stateful mock and a loopback server that
// accepts a limit above the maximum; `validate` on recordings: numbering, skipped entries, coverage,
// JUnit that XML parsers accept.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleServices } from "../../../generated/contract-validators.js";
import { main } from "../../../src/cli/contract.js";
import { runCheck } from "../../../src/contract/check.js";
import type { Coverage } from "../../../src/contract/coverage.js";
import type { RunningMock } from "../../../src/mock/running.js";
import { startStatefulMock } from "../../../src/mock/stateful/stateful.js";
import { repoRoot } from "../../../scripts/lib/paths.js";
import { startLoopback, type Loopback } from "../../support/loopback.js";
import { runNode } from "../../support/processes.js";
import { scaled } from "../../support/timeouts.js";
import { runMain } from "../../support/cli.js";

const exec = promisify(execFile);

const runCli = (args: string[], env: NodeJS.ProcessEnv = {}) => runMain(main, args, env);

const unseen = (coverage: Coverage) => coverage.groups.flatMap((g) => g.items.filter((i) => !i.seen).map((i) => i.item));
const group = (coverage: Coverage, name: string) => coverage.groups.find((g) => g.name === name)!;

let mock: RunningMock;
let lenient: Loopback;
let scratch: string;
beforeAll(async () => {
  mock = await startStatefulMock({ services: [...exampleServices], credentials: { tokens: ["t", "secret-token"] } });
  // Like the stateful mock, except that a limit above 1000 is served instead of refused.
  lenient = await startLoopback(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (Number(url.searchParams.get("limit")) > 1000) url.searchParams.set("limit", "1000");
    const answer = await fetch(`${mock.url}${url.pathname}${url.search}`, { headers: { "X-Auth-Token": "t" } });
    res.writeHead(answer.status, { "Content-Type": "application/json" }).end(await answer.text());
  });
  scratch = await mkdtemp(path.join(tmpdir(), "vpcep-coverage-"));
});
afterAll(async () => {
  await mock.stop();
  await lenient.close();
  await rm(scratch, { recursive: true, force: true });
});

describe("check --coverage", () => {
  it("reports what the run exercised against the stateful mock, as JSON and as a table", async () => {
    const json = await runCli(["check", mock.url, "--coverage", "--reporter", "json"], { OS_TOKEN: "t" });
    expect(json.code).toBe(0);
    const { coverage } = JSON.parse(json.output) as { coverage: Coverage };
    for (const name of ["query parameters", "query enum values", "query boundaries"]) {
      expect(
        group(coverage, name).items.every((i) => i.seen),
        name,
      ).toBe(true);
    }
    expect(group(coverage, "query boundaries").items.map((i) => i.item)).toEqual(
      expect.arrayContaining([
        "query.limit=1000 (maximum)",
        "query.limit=1001 (above maximum)",
        "query.offset=-1 (below minimum)",
        "query.endpoint_service_name of 129 characters (too long)",
      ]),
    );
    // The check never sees the answers that need a failing server; 401 it asks for (auth-missing, auth-wrong).
    expect(unseen(coverage)).toEqual(expect.arrayContaining(["status 403", "status 429", "status 500", "status 504"]));
    expect(
      group(coverage, "documented statuses")
        .items.filter((i) => i.seen)
        .map((i) => i.item),
    ).toEqual(["status 200", "status 400", "status 401"]);
    expect(group(coverage, "response fields").items.find((i) => i.item === "response endpoint_services[].ports[].client_port")?.seen).toBe(
      true,
    );
    expect(coverage.total).toBe(coverage.groups.reduce((n, g) => n + g.items.length, 0));

    const table = await runCli(["check", mock.url, "--coverage"], { OS_TOKEN: "t" });
    expect(table.output).toMatch(
      new RegExp(`^coverage: ${coverage.seen} of ${coverage.total} parts of the document seen \\(\\d+%\\)$`, "m"),
    );
    expect(table.output).toMatch(/^ {2}query enum values +11\/11 +100%$/m);
    expect(table.output).toMatch(/^never seen:\n(?: {2}.+\n)*? {2}status 403$/m);
  });
});

describe("check --fuzz", () => {
  const recordingFetch =
    (urls: string[]): typeof fetch =>
    (input, init) => {
      urls.push(new Request(input, init).url);
      return fetch(input, init);
    };

  it("sends N generated requests, all holding against the stateful mock, reproducibly by seed", async () => {
    const runs = async (seed: number) => {
      const urls: string[] = [];
      const run = await runCheck({
        baseUrl: mock.url,
        projectId: "p",
        auth: { token: "t" },
        timeoutMs: scaled(5_000),
        fuzz: { runs: 40, seed },
        checks: ["fuzz"],
        fetch: recordingFetch(urls),
      });
      return { run, urls };
    };
    const first = await runs(42);
    const again = await runs(42);
    const other = await runs(43);
    const fuzzCase = first.run.results.at(-1)!;
    expect(fuzzCase.name).toBe("fuzz: 40 generated requests (seed 42)");
    expect(fuzzCase.problems).toEqual([]);
    expect(fuzzCase.requests).toEqual(["40 generated GET requests"]);
    expect(again.urls).toEqual(first.urls);
    expect(other.urls).not.toEqual(first.urls);
    // Both kinds were generated: some refused with 400, some served.
    const statuses = first.run.coverage.statuses;
    expect([...statuses].sort()).toEqual([200, 400]);
  });

  it("shrinks a failure to a minimal request and prints a curl line that reproduces it", async () => {
    const { code, output } = await runCli(["check", lenient.url, "--project-id", "p", "--fuzz", "200", "--seed", "7"], {
      OS_TOKEN: "secret-token",
    });
    expect(code).toBe(1);
    expect(output).toMatch(/^FAIL --- fuzz: 200 generated requests \(seed 7\)$/m);
    expect(output).toMatch(/^ {10}minimal failing request \(after \d+ shrinks\): GET \/v1\/p\/vpc-endpoint-services\?limit=1001$/m);
    expect(output).toMatch(/^ {10}status: expected 400 \(the request is invalid\), got 200$/m);
    expect(output).toMatch(/^ {10}replay the run: --fuzz 200 --seed 7$/m);
    expect(output).not.toContain("secret-token");
    const curl = /^ {10}reproduce: (curl .+)$/m.exec(output)![1]!;
    expect(curl).toBe(`curl -sS -H "X-Auth-Token: $OS_TOKEN" '${lenient.url}/v1/p/vpc-endpoint-services?limit=1001'`);
    const { stdout } = await exec("bash", ["-c", `${curl} -o /dev/null -w '%{http_code}'`], { env: { ...process.env, OS_TOKEN: "t" } });
    expect(stdout).toBe("200");
  });
});

describe("validate", () => {
  const exchange = (url: string, body: unknown, method = "GET") => ({
    request: { method, url },
    response: { status: 200, headers: { "content-type": "application/json" }, body },
  });
  const page = (...statuses: string[]) => ({
    endpoint_services: statuses.map((status, i) => ({
      id: `s${i}`,
      service_name: `n${i}`,
      service_type: "interface",
      status,
      created_at: "2024-01-01T00:00:00Z",
    })),
    total_count: statuses.length,
  });

  it("numbers entries from 1 with method and URL, counts other operations as skipped, and says what the recording never saw", async () => {
    const file = path.join(scratch, "recording.jsonl");
    await writeFile(
      file,
      [
        exchange("https://iam.example/v3/auth/tokens", {}, "POST"),
        exchange("https://vpcep.example/v1/p/vpc-endpoint-services?status=available", page("available")),
        exchange("https://vpcep.example/v1/p/vpc-endpoint-services?limit=5000", page()),
      ]
        .map((e) => JSON.stringify(e))
        .join("\n"),
    );
    const { code, output, stderr } = await runCli(["validate", file, "--coverage"]);
    expect(code).toBe(1);
    expect(output).toMatch(/^ok   200 exchange 2: GET https:\/\/vpcep\.example\/v1\/p\/vpc-endpoint-services\?status=available$/m);
    expect(output).toMatch(
      /^FAIL 200 exchange 3: GET https:\/\/vpcep\.example\/v1\/p\/vpc-endpoint-services\?limit=5000\n {10}response status: expected 400 for an invalid request \(query\.limit: must be <= 1000\), got 200$/m,
    );
    expect(output).toMatch(/^skip --- 1 exchange\(s\) of other operations \(not this operation\)$/m);
    expect(output).toMatch(/^note: 1 exchange\(s\) of other operations skipped$/m);
    expect(output).toMatch(/^ {2}response endpoint_services\[\]\.status=failed$/m);
    expect(output).not.toMatch(/^ {2}response endpoint_services\[\]\.status=available$/m);
    expect(stderr).toBe("vpcep-contract validate: 1 passed, 1 failed, 1 skipped");
  });

  it.each([["--junit"], ["--report-novelty"]])(
    "names %s and its file when the file cannot be written, exit 3, not 'could not test'",
    async (flag) => {
      const file = path.join(scratch, "junit-target.jsonl");
      await writeFile(file, JSON.stringify(exchange("http://h/v1/p/vpc-endpoint-services", "{}")));
      const blocker = path.join(scratch, "a-file");
      await writeFile(blocker, "");
      const target = path.join(blocker, "report.out");
      const { code, stderr } = await runCli(["validate", file, flag, target]);
      expect(code).toBe(3);
      expect(stderr).toContain(`vpcep-contract: could not write ${flag} ${target} (`);
      expect(stderr).not.toContain("could not test");
    },
  );

  it("writes JUnit without the characters XML forbids", async () => {
    const file = path.join(scratch, "control.jsonl");
    await writeFile(
      file,
      JSON.stringify(exchange("http://h/v1/p/vpc-endpoint-services?endpoint_service_name=a%01b", "\u0000\u0007 not json \uD800")),
    );
    const { output } = await runCli(["validate", file, "--reporter", "junit"]);
    expect(output).toMatch(/<failure message=/);
    expect(output).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\uD800-\uDFFF]/);
  });

  it.each([
    ["missing.jsonl", null, /missing\.jsonl: cannot read the recording: no such file/],
    [
      "entry.har",
      JSON.stringify({ log: { entries: [{ request: { url: "http://h/" }, response: {} }] } }),
      /entry\.har: HAR entry 1 has no request\.url or response\.status/,
    ],
    [
      "lines.jsonl",
      `${JSON.stringify(exchange("http://h/v1/p/vpc-endpoint-services", page()))}\n{"request": {}}\n`,
      /lines\.jsonl: line 2 has no request\.url or response\.status/,
    ],
  ])("names the file (and entry or line) of a recording it cannot read: %s, exit 3", async (name, content, message) => {
    const file = path.join(scratch, name);
    if (content !== null) await writeFile(file, content);
    const { code, stderr } = await runCli(["validate", file]);
    expect(code).toBe(3);
    expect(stderr).toMatch(message);
  });

  it("exits 3 when the recording holds no exchange of the operation", async () => {
    const file = path.join(scratch, "other.jsonl");
    await writeFile(file, JSON.stringify(exchange("https://iam.example/v3/projects", {})));
    const { code, output } = await runCli(["validate", file]);
    expect(output).toMatch(/^note: .*other\.jsonl holds no exchange of GET \/v1\/\{project_id\}\/vpc-endpoint-services$/m);
    expect(code).toBe(3);
  });
});

describe("--version", () => {
  it("prints the package version and exits 0", async () => {
    const { version } = (await import("../../../package.json", { with: { type: "json" } })).default;
    expect(await runCli(["--version"])).toEqual({ code: 0, output: version, stderr: "" });
    for (const bin of ["vpcep-contract", "vpcep-mock"]) {
      expect(await runNode(path.join(repoRoot, "bin", `${bin}.js`), ["--version"]), bin).toEqual({
        code: 0,
        stdout: `${version}\n`,
        stderr: "",
      });
    }
  });
});
