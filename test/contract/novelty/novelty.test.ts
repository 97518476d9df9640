// The novelty report: what a server sends that the document does not describe. Proved against a
// loopback "newer service" (the stateful mock behind a proxy that adds fields, nested ones too, enum
// values, headers and an error code, and echoes the caller's token), with `check`, `validate` and
// the drift workflow's script, and on crafted answers for each kind, the document's own examples
// (none), hostile values (Markdown, secrets, size).
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleServices } from "../../../generated/contract-validators.js";
import { examplesByStatus } from "../../../generated/document-facts.js";
import { driftCheck } from "../../../scripts/drift-check.js";
import { repoRoot } from "../../../scripts/lib/paths.js";
import { main } from "../../../src/cli/contract.js";
import { findNovelties, MAX_NOVELTIES, NoveltyCollector, noveltyMarkdown, preview } from "../../../src/contract/novelty.js";
import { startStatefulMock } from "../../../src/mock/stateful/stateful.js";
import type { RunningMock } from "../../../src/mock/running.js";
import { type Loopback, startLoopback } from "../../support/loopback.js";
import { TIMEOUTS } from "../../support/timeouts.js";
import { runMain } from "../../support/cli.js";

const TOKEN = "newer-service-secret-token";

const runCli = (args: string[], env: NodeJS.ProcessEnv = {}) => runMain(main, args, env);

/** What the newer service adds to each service of a page. */
function newer(service: Record<string, unknown>): Record<string, unknown> {
  return {
    ...service,
    // a new field, a nested one under a new object, and one that echoes the caller's token
    vpc_endpoint_policy: { statement: [{ effect: "allow" }] },
    ports: Array.isArray(service["ports"])
      ? (service["ports"] as Record<string, unknown>[]).map((port) => ({ ...port, health_check: "tcp" }))
      : service["ports"],
    tcp_proxy: service["tcp_proxy"] === undefined ? undefined : "proxy_next",
    supported_editions: ["basic", "enterprise"],
    owner_token: TOKEN,
  };
}

/** The stateful mock behind a proxy that answers like a newer service. */
async function newerService(mock: RunningMock): Promise<Loopback> {
  return startLoopback(async (req, res) => {
    const upstream = await fetch(`${mock.url}${req.url}`, { headers: { "X-Auth-Token": String(req.headers["x-auth-token"] ?? "") } });
    const body = (await upstream.json()) as Record<string, unknown>;
    let status = upstream.status;
    let answer: Record<string, unknown> = body;
    if (status === 200 && Array.isArray(body["endpoint_services"]))
      answer = { ...body, endpoint_services: (body["endpoint_services"] as Record<string, unknown>[]).map(newer), marker: "next" };
    // A new code for a refused credential (the document names the status, not the code).
    if (status === 401 && req.headers["x-auth-token"])
      answer = { error_code: "EndPoint.3099", error_msg: "Token not recognised.", request_id: "r-1" };
    if (status === 0) status = 500;
    res.writeHead(status, {
      "Content-Type": "application/json",
      "X-Request-Id": upstream.headers.get("x-request-id") ?? "r",
      "X-Trace-Id": "trace-abc",
      "X-Echo-Auth": `Bearer ${TOKEN}`,
    });
    res.end(JSON.stringify(answer));
  });
}

describe("novelty against a newer service", () => {
  let mock: RunningMock;
  let service: Loopback;
  let dir: string;
  beforeAll(async () => {
    mock = await startStatefulMock({ services: [...exampleServices], credentials: { tokens: [TOKEN] } });
    service = await newerService(mock);
    dir = await mkdtemp(path.join(tmpdir(), "novelty-"));
  });
  afterAll(async () => {
    await service.close();
    await mock.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("check lists every field, value, header and code the document does not describe; exit 0; the token never shows", async () => {
    const file = path.join(dir, "check.md");
    const { code, output, stderr } = await runCli(["check", service.url, "--report-novelty", file], { OS_TOKEN: TOKEN });
    expect(output).not.toMatch(/^FAIL/m);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^vpcep-contract check: \d+ passed, 0 failed, 0 skipped; 9 novelties \(not described by the document\)$/m);
    const markdown = await readFile(file, "utf8");
    const rows = markdown.split("\n").filter((line) => /^\| (response field|enum value|header|status|error code) \|/.test(line));
    const items = rows.map((row) => row.split(" | ").slice(0, 2).join(" | "));
    expect(items).toEqual([
      "| response field | `endpoint_services[].owner_token`",
      "| response field | `endpoint_services[].ports[].health_check`",
      "| response field | `endpoint_services[].vpc_endpoint_policy`",
      "| response field | `marker`",
      "| enum value | `endpoint_services[].supported_editions[]=enterprise`",
      "| enum value | `endpoint_services[].tcp_proxy=proxy_next`",
      "| header | `x-echo-auth`",
      "| header | `x-trace-id`",
      "| error code | `EndPoint.3099`",
    ]);
    // the example, and where it was first seen: the case and its request
    expect(markdown).toContain('| `{"statement":[{"effect":"allow"}]}` |');
    expect(markdown).toMatch(
      /\| error code \| `EndPoint\.3099` \| `"Token not recognised\."` \| 1 \| `auth: a request with a wrong credential is refused with 401: GET \/v1\/\S+\?limit=1` \|/,
    );
    expect(markdown).toMatch(
      /^`vpcep-contract check` \(vpcep-openapi \d+\.\d+\.\d+\) saw 4 response fields, 2 enum values, 2 headers and 1 error code/m,
    );
    // the table lists them too
    expect(output).toMatch(/^novelty: 9 thing\(s\) the document does not describe/m);
    expect(output).toMatch(/^ {2}enum value {5}endpoint_services\[\]\.tcp_proxy=proxy_next {2}e\.g\. "proxy_next"/m);
    // the echoed token: a field named like a secret and a header carrying it
    expect(markdown + output + stderr).not.toContain(TOKEN);
    expect(markdown).toContain('| `endpoint_services[].owner_token` | `"***"` |');
    expect(markdown).toContain('| `x-echo-auth` | `"Bearer ***"` |');
  });

  it("--fail-on-novelty makes the same run exit 1, naming why; the JSON report holds the novelties", async () => {
    const failing = await runCli(["check", service.url, "--fail-on-novelty", "--reporter", "json"], { OS_TOKEN: TOKEN });
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/--fail-on-novelty: 9 thing\(s\) the document does not describe/);
    const report = JSON.parse(failing.output) as {
      failed: number;
      novelties: { kind: string; item: string; where: string; example: string; seen: number }[];
    };
    expect(report.failed).toBe(0);
    expect(report.novelties).toHaveLength(9);
    expect(report.novelties).toContainEqual(
      expect.objectContaining({ kind: "header", item: "x-trace-id", example: '"trace-abc"', where: "valid: no parameters" }),
    );
    expect(report.novelties.find((n) => n.item === "marker")?.seen).toBeGreaterThan(20);
  });

  it("a violation still exits 1, and the novelty report is written all the same; none: an empty file", async () => {
    const file = path.join(dir, "mock.md");
    await writeFile(file, "left from an earlier run");
    const plain = await runCli(["check", mock.url, "--report-novelty", file], { OS_TOKEN: TOKEN });
    expect(plain.code).toBe(0);
    expect(await readFile(file, "utf8")).toBe("");
    const recording = path.join(dir, "violation.jsonl");
    await writeFile(
      recording,
      `${JSON.stringify({
        request: { method: "GET", url: "https://x/v1/p/vpc-endpoint-services" },
        response: {
          status: 200,
          headers: { "content-type": "application/json", "x-new": "1" },
          body: { endpoint_services: [], total_count: "0" },
        },
      })}\n`,
    );
    const violated = await runCli(["validate", recording, "--report-novelty", path.join(dir, "v.md")]);
    expect(violated.code).toBe(1);
    expect(await readFile(path.join(dir, "v.md"), "utf8")).toContain("| header | `x-new` |");
  });

  it(
    "drift.yml's script runs the real check against it and gets the report (exit 0)",
    async () => {
      const reportFile = path.join(dir, "drift-report.md");
      const lines: string[] = [];
      const result = await driftCheck({
        reportFile,
        contract: [process.execPath, path.join(repoRoot, "bin", "vpcep-contract.js")],
        env: { PATH: process.env["PATH"], OS_TOKEN: TOKEN, OS_PROJECT_ID: "p1", VPCEP_DRIFT_BASE_URL: service.url },
        log: (line) => lines.push(line),
      });
      expect(result).toEqual({ skipped: false, exitCode: 0 });
      const report = await readFile(reportFile, "utf8");
      expect(report).toMatch(/^### Novelty: what the server sends that the document does not describe/);
      expect(report).toContain("`EndPoint.3099`");
      expect(report).not.toContain(TOKEN);
    },
    TIMEOUTS.prismStart,
  );
});

describe("novelty of single answers", () => {
  const page = (service: Record<string, unknown>) => ({ endpoint_services: [{ ...exampleServices[0], ...service }], total_count: 1 });
  const items = (answers: Parameters<typeof findNovelties>[0]) => findNovelties(answers).map((n) => `${n.kind}: ${n.item}`);

  it("the document's own examples, every status, hold nothing new", () => {
    const answers = Object.entries(examplesByStatus).flatMap(([status, examples]) =>
      Object.entries(examples).map(([name, body]) => ({
        where: name,
        status: status === "default" ? 503 : Number(status),
        headers: { "content-type": "application/json", "x-request-id": "r", date: "now", "access-control-allow-origin": "*" },
        body,
      })),
    );
    expect(findNovelties(answers)).toEqual([]);
  });

  it("names each kind: a field (nested too), an enum value, an enumerated item, a header, a status, an error code and a code at a new status", () => {
    expect(
      items([
        {
          where: "a",
          status: 200,
          body: page({ ports: [{ client_port: 1, server_port: 2, protocol: "SCTP", weight: 3 }], status: "frozen" }),
        },
        { where: "b", status: 200, headers: { "retry-after": "1", "x-new": "y" }, body: page({ supported_editions: ["gold"] }) },
        { where: "c", status: 418, body: { error_code: "EndPoint.9999", error_msg: "teapot", extra: 1 } },
        { where: "d", status: 400, body: { error_code: "APIGW.0308", error_msg: "throttled at 400" } },
      ]),
    ).toEqual([
      "field: endpoint_services[].ports[].weight",
      "field: extra",
      "enum value: endpoint_services[].ports[].protocol=SCTP",
      "enum value: endpoint_services[].status=frozen",
      "enum value: endpoint_services[].supported_editions[]=gold",
      "header: x-new",
      "status: 418",
      "error code: APIGW.0308 (with status 400)",
      "error code: EndPoint.9999",
    ]);
  });

  it("counts repeats once with the first place seen; masks secrets it is given and those named like one", () => {
    const collector = new NoveltyCollector((text) => text.split("hunter22").join("***"));
    collector.add({ where: "first", status: 200, body: page({ note: "pw hunter22", api_secret: "zzz" }) });
    collector.add({ where: "second", status: 200, headers: { "set-cookie": "sid=abc" }, body: page({ note: "x" }) });
    const found = collector.list();
    expect(found.find((n) => n.item === "endpoint_services[].note")).toMatchObject({ where: "first", seen: 2, example: '"pw ***"' });
    expect(found.find((n) => n.item === "endpoint_services[].api_secret")?.example).toBe('"***"');
    expect(found.find((n) => n.item === "set-cookie")?.example).toBe("***");
  });

  it("stays bounded whatever the server sends: at most MAX_NOVELTIES entries, examples cut short", () => {
    const wide = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`f${i}`, "v".repeat(10_000)]));
    const started = performance.now();
    const collector = new NoveltyCollector();
    collector.add({ where: "wide", status: 200, body: { ...wide, endpoint_services: [], total_count: 0 } });
    expect(collector.list()).toHaveLength(MAX_NOVELTIES);
    expect(collector.dropped).toBe(20_000 - MAX_NOVELTIES);
    expect(collector.list()[0]!.example.length).toBeLessThanOrEqual(80);
    expect(preview({ a: "x".repeat(1_000_000), b: [1, 2, 3] }).length).toBeLessThanOrEqual(80);
    let deep: unknown = "bottom";
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(() => findNovelties([{ where: "deep", status: 200, body: { endpoint_services: [], total_count: 0, deep } }])).not.toThrow();
    expect(performance.now() - started).toBeLessThan(TIMEOUTS.prismStart);
  });

  it("Markdown: empty without novelty; what the server sends stays inside code spans", () => {
    expect(noveltyMarkdown([], { suite: "s" })).toBe("");
    const hostile = findNovelties([
      { where: "x", status: 200, body: page({ "a|b`c\n![t](https://evil.example/p.png) @team": "`|`\n<script>" }) },
    ]);
    const markdown = noveltyMarkdown(hostile, { suite: "s" });
    const row = markdown.split("\n").find((line) => line.startsWith("| response field"))!;
    expect(row).toBeDefined();
    // one table row, every cell from the server in a code span whose fence is longer than any backtick run inside
    expect(row.split(/(?<!\\)\|/).length).toBe(7);
    expect(row).toContain("`` endpoint_services[].a\\|b`c ![t](https://evil.example/p.png) @team ``");
  });
});
