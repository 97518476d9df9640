// `validate --judge`: by default the server is judged (an invalid request refused with the
// documented 400 and the parameter's code passes, "refused as documented"; answered 200 it fails;
// an unlisted parameter is ignored by the service, so no finding); `--judge client` fails every
// invalid request of the caller, an unlisted parameter included.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../../src/cli/contract.js";
import { validateExchanges, type Exchange } from "../../../src/contract/exchanges.js";
import { runMain } from "../../support/cli.js";

const JSON_HEADERS = { "content-type": "application/json" };
const base = "https://vpcep.example/v1/p/vpc-endpoint-services";
const page = { endpoint_services: [], total_count: 0 };
const exchange = (query: string, status: number, body: unknown): Exchange => ({
  method: "GET",
  url: `${base}${query}`,
  status,
  headers: JSON_HEADERS,
  body: JSON.stringify(body),
});
const refusal = (code: string) => ({ error_code: code, error_msg: "Invalid limit." });

const verdicts = (exchanges: Exchange[], judge: "server" | "client") =>
  validateExchanges(exchanges, { judge }).results.map((r) => ({ failures: (r.failures ?? []).map((f) => f.check), note: r.note }));

describe("validate judges a side", () => {
  it("server (default): limit=5000 refused with 400 EndPoint.0006 passes as refused as documented; the caller judge fails it", () => {
    const refused = [exchange("?limit=5000", 400, refusal("EndPoint.0006"))];
    expect(verdicts(refused, "server")).toEqual([{ failures: [], note: "refused as documented (query.limit: must be <= 1000)" }]);
    expect(validateExchanges(refused).results[0]!.note).toMatch(/^refused as documented/);
    expect(verdicts(refused, "client")).toEqual([{ failures: ["request-schema"], note: undefined }]);
  });

  it("server: an invalid request answered 200 is the server's failure; a 400 with another parameter's code too", () => {
    expect(verdicts([exchange("?limit=5000", 200, page)], "server")).toEqual([{ failures: ["status-expected"], note: undefined }]);
    const wrong = validateExchanges([exchange("?limit=5000", 400, refusal("EndPoint.0017"))]).results[0]!;
    expect(wrong.problems).toEqual(["response error_code: expected EndPoint.0006 for query.limit: must be <= 1000, got EndPoint.0017"]);
    // a parameter the document names no code for may get the generic EndPoint.0002
    expect(verdicts([exchange("?net_type=x", 400, refusal("EndPoint.0002"))], "server")[0]!.failures).toEqual([]);
    // a refusal whose body is not a documented error body is not "as documented"
    expect(verdicts([exchange("?limit=5000", 400, { oops: 1 })], "server")[0]!.failures).toEqual(["response-schema"]);
  });

  it("server: an unlisted parameter is not invalid (the service ignores it); client: it is a finding", () => {
    const ignored = [exchange("?limt=5&server_type=NEW", 200, page)];
    expect(verdicts(ignored, "server")).toEqual([
      { failures: [], note: "query.limt: not a parameter of this operation; the service ignores it" },
    ]);
    expect(verdicts(ignored, "client")).toEqual([{ failures: ["request-schema"], note: undefined }]);
  });
});

describe("vpcep-contract validate --judge", () => {
  let dir: string;
  let recording: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "judge-"));
    recording = path.join(dir, "recording.jsonl");
    const lines = [
      { request: { method: "GET", url: `${base}?limit=10` }, response: { status: 200, headers: JSON_HEADERS, body: page } },
      {
        request: { method: "GET", url: `${base}?limit=5000` },
        response: { status: 400, headers: JSON_HEADERS, body: refusal("EndPoint.0006") },
      },
    ];
    await writeFile(recording, lines.map((line) => JSON.stringify(line)).join("\n"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const run = (args: string[]) => runMain(main, args);

  it("a recording of correct behaviour, a deliberate limit=5000 among it, exits 0 and says refused as documented", async () => {
    const { code, output } = await run(["validate", recording]);
    expect(output).toMatch(
      /^ok {3}400 exchange 2: GET https:\/\/vpcep\.example\/v1\/p\/vpc-endpoint-services\?limit=5000\n {10}refused as documented \(query\.limit: must be <= 1000\)$/m,
    );
    expect(output).toMatch(/^note: --judge server: .*\(1 refused as documented\)$/m);
    expect(code).toBe(0);
  });

  it("--judge client fails the same recording (exit 1); a bad --judge or --judge on check is a usage error (exit 2)", async () => {
    const client = await run(["validate", recording, "--judge", "client"]);
    expect(client.code).toBe(1);
    expect(client.output).toMatch(/^FAIL 400 exchange 2: .*\n {10}request query\.limit: must be <= 1000$/m);
    const bad = await run(["validate", recording, "--judge", "caller"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^vpcep-contract: --judge must be one of server, client, got "caller"/);
    const onCheck = await run(["check", "http://127.0.0.1:1", "--judge", "client"]);
    expect(onCheck.code).toBe(2);
    expect(onCheck.stderr).toMatch(/--judge goes with validate/);
  });

  it("judges the operation by its path alone: another path whose query names the operation's is skipped", () => {
    const other: Exchange = { ...exchange("", 200, page), url: "https://vpcep.example/other?next=/v1/p/vpc-endpoint-services" };
    const validated = validateExchanges([other, exchange("?limit=1", 200, page)]);
    expect(validated.skipped).toBe(1);
    expect(validated.results.map((r) => r.name)).toEqual(["exchange 2: GET https://vpcep.example/v1/p/vpc-endpoint-services?limit=1"]);
  });
});

describe("validate shows a recorded URL", () => {
  it("masks the values of secret-named query parameters of a relative URL too", () => {
    const exchange: Exchange = {
      method: "GET",
      url: "/v1/p/vpc-endpoint-services?limit=1&access_token=RELATIVE-SECRET-123456",
      status: 200,
      headers: { "content-type": "application/json" },
      body: '{"endpoint_services":[],"total_count":0}',
    };
    const [result] = validateExchanges([exchange]).results;
    expect(result!.name).toBe("exchange 1: GET /v1/p/vpc-endpoint-services?limit=1&access_token=***");
    expect(JSON.stringify(result)).not.toContain("RELATIVE-SECRET");
  });
});
