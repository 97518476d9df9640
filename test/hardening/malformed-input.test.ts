// Inputs a reviewer found that escaped as raw errors, hangs or leaks: request targets, percent-encoding,
// oversized bodies, credentials that cannot travel in a header, and secrets in recordings.
import { request as httpRequest } from "node:http";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateListEndpointServicesRequest } from "vpcep-openapi/contract";
import { repoRoot } from "../../scripts/lib/paths.js";
import { redactBody } from "../../src/mock/har.js";
import { urlOf } from "../../src/mock/listen.js";
import { startProxy } from "../../src/mock/proxy.js";
import { startStatefulMock, type StatefulMock } from "../../src/mock/stateful.js";
import { redactUrl } from "../../src/redact.js";
import { startLoopback, type Loopback } from "../support/loopback.js";
import { runNode } from "../support/processes.js";

/** A raw request with the target exactly as given (fetch would normalise it). */
function rawGet(base: string, target: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path: target, headers }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

let mock: StatefulMock;
let scratch = "";
beforeAll(async () => {
  mock = await startStatefulMock({ services: [] });
  scratch = await mkdtemp(path.join(tmpdir(), "vpcep-hardening-"));
});
afterAll(async () => {
  await mock.stop();
  await rm(scratch, { recursive: true, force: true });
});

describe("the stateful mock and its control API", () => {
  it("answer a target of // with the documented 404, not a 500", async () => {
    const answer = await rawGet(mock.url, "//", { "X-Auth-Token": "t" });
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toMatchObject({ error_code: "EndPoint.0005" });
  });

  it("answer a project ID that is not valid percent-encoding with EndPoint.0014", async () => {
    const answer = await rawGet(mock.url, "/v1/%E0/vpc-endpoint-services", { "X-Auth-Token": "t" });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ error_code: "EndPoint.0014" });
    expect(validateListEndpointServicesRequest("/v1/%E0/vpc-endpoint-services").errors).toContainEqual(expect.objectContaining({ path: "path.project_id", message: "%E0 is not valid percent-encoding" }));
  });

  it("answer a control id that is not valid percent-encoding with 400 naming it", async () => {
    const answer = await rawGet(mock.url, "/__mock/services/%E0");
    expect(answer.status).toBe(400);
    expect(answer.body).toContain("is not valid percent-encoding");
  });

  it("answer a control body over the limit with 413, instead of cutting the connection", async () => {
    const big = Buffer.alloc(65 * 1024 * 1024, 0x20);
    const answer = await fetch(`${mock.url}/__mock/services`, { method: "POST", body: big, headers: { "Content-Type": "application/json" } });
    expect(answer.status).toBe(413);
    expect(await answer.text()).toContain("the body is larger than");
  });

  it("say its URL with an IPv6 address in brackets", () => {
    expect(urlOf("::1", 4010)).toBe("http://[::1]:4010");
    expect(urlOf("127.0.0.1", 4010)).toBe("http://127.0.0.1:4010");
  });
});

describe("the proxy", () => {
  let upstream: Loopback;
  let other: Loopback;
  beforeAll(async () => {
    upstream = await startLoopback((_req, res) => res.writeHead(200, { "Content-Type": "application/json" }).end("{}"));
    other = await startLoopback((_req, res) => res.writeHead(200).end("reached"));
  });
  afterAll(async () => {
    await upstream.close();
    await other.close();
  });

  it("never forwards a request, with its credentials, to another host than the upstream", async () => {
    const proxy = await startProxy({ upstream: upstream.url, host: "127.0.0.1", port: 0 });
    try {
      const otherHost = new URL(other.url).host;
      const absolute = await rawGet(proxy.url, `http://${otherHost}/abs`, { "X-Auth-Token": "SECRET-TOKEN" });
      expect(absolute.status).toBe(400);
      expect(absolute.body).toContain("origin-form");
      // A path that looks like a host stays a path of the upstream.
      const doubleSlash = await rawGet(proxy.url, `//${otherHost}/v1/p/vpc-endpoint-services`, { "X-Auth-Token": "SECRET-TOKEN" });
      expect(doubleSlash.status).toBe(200);
      expect(upstream.received.map((r) => r.url)).toEqual([`//${otherHost}/v1/p/vpc-endpoint-services`]);
      expect(other.received).toHaveLength(0);
    } finally {
      await proxy.stop();
    }
  });
});

describe("recordings and reports", () => {
  it("mask user and password, and every parameter or field named like a secret", () => {
    const url = redactUrl("https://alice:PASSWORD@h.example/v1/p/vpc-endpoint-services?limit=1&access_token=TOK&X-Amz-Signature=SIG&signature=S2");
    for (const secret of ["alice", "PASSWORD", "TOK", "SIG", "S2"]) expect(url).not.toContain(secret);
    expect(url).toContain("limit=1");
    const body = redactBody(JSON.stringify({ access_token: "T1", secretAccessKey: "T2", credential: { access: "T3", secret: "T4" }, name: "kept" }));
    for (const secret of ["T1", "T2", "T3", "T4"]) expect(body).not.toContain(secret);
    expect(body).toContain("kept");
    expect(redactBody("secret=T5&token=T6&name=kept")).toBe("secret=***&token=***&name=kept");
  });
});

describe("the bins refuse what cannot work, naming it, before the port", () => {
  const mockBin = path.join(repoRoot, "bin", "vpcep-mock.js");
  const contractBin = path.join(repoRoot, "bin", "vpcep-contract.js");

  it.each([
    [["--stateful", "--token", " tok"], "a credential from --token starts or ends with white space"],
    [["--stateful", "--access-key", "ak", "--secret-key", "sé"], "a credential from --access-key/--secret-key/--security-token contains a character outside printable ASCII"],
    [["--proxy", "http://127.0.0.1:9", "--record", "/nonexistent/dir/x.har"], "--record /nonexistent/dir/x.har: its folder does not exist"],
  ])("vpcep-mock %j: exit 2", async (args, message) => {
    const { code, stderr } = await runNode(mockBin, args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it("vpcep-contract with a token that cannot travel in a header: exit 2 naming OS_TOKEN, never the token", async () => {
    const previous = process.env["OS_TOKEN"];
    process.env["OS_TOKEN"] = "SUPERSECRET\nTOKEN";
    try {
      const { code, stdout, stderr } = await runNode(contractBin, ["check", "http://127.0.0.1:9"]);
      expect(code).toBe(2);
      expect(stderr).toContain("OS_TOKEN contains a line break");
      expect(stdout + stderr).not.toContain("SUPERSECRET");
    } finally {
      if (previous === undefined) delete process.env["OS_TOKEN"];
      else process.env["OS_TOKEN"] = previous;
    }
  });

  it.each([
    ['{"request":{"method":5,"url":"/v1/p/vpc-endpoint-services"},"response":{"status":200,"headers":{},"body":""}}', "line 1: request.method must be a string"],
    [JSON.stringify({ log: { entries: [{ request: { method: "GET", url: "/v1/p/vpc-endpoint-services" }, response: { status: 200, content: { text: "%%%", encoding: "base64" } } }] } }), "HAR entry 1: response.content.text is not valid base64"],
  ])("vpcep-contract validate names the entry at fault (%#)", async (content, message) => {
    const file = path.join(scratch, "recording.txt");
    await writeFile(file, content);
    const { code, stderr } = await runNode(contractBin, ["validate", file]);
    expect(code).toBe(3);
    expect(stderr).toContain(message);
  });

  it("vpcep-contract validate never shows a recorded URL's credentials", async () => {
    const file = path.join(scratch, "leaky.jsonl");
    await writeFile(file, JSON.stringify({ request: { method: "GET", url: "https://u:PW@h.example/v1/p/vpc-endpoint-services?limit=5000&access_token=TOK" }, response: { status: 200, headers: {}, body: "{}" } }));
    const { code, stdout } = await runNode(contractBin, ["validate", file]);
    expect(code).toBe(1);
    for (const secret of ["PW", "TOK"]) expect(stdout).not.toContain(secret);
  });
});

describe("the throttle", () => {
  it("keeps counting each caller within its second while it forgets past seconds, however many callers come", async () => {
    const { createThrottle } = await import("../../src/mock/faults.js");
    let now = 0;
    const allow = createThrottle(1, () => now);
    for (let i = 0; i < 1500; i++) expect(allow(`caller-${i}`)).toBe(true);
    expect(allow("caller-0")).toBe(false);
    now = 1000;
    for (let i = 0; i < 1500; i++) expect(allow(`caller-${i}`)).toBe(true);
    expect(allow("caller-1499")).toBe(false);
  });
});
