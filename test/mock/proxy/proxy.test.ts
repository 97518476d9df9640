// `vpcep-mock --proxy <upstream> --record <file.har>` as a process, in front of a loopback upstream
// that breaks the contract: requests and answers pass unchanged, violations are printed as they
// happen, and the recording is HAR 1.2 without secrets that `vpcep-contract validate` reads.
import type { ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signRequest } from "vpcep-openapi";
import { repoRoot } from "../../../scripts/lib/paths.js";
import { startLoopback, type Loopback } from "../../support/loopback.js";
import { runNode, startMockProcess, startRecordingProxy, stopProcess } from "../../support/processes.js";
import { TIMEOUTS, waitFor } from "../../support/timeouts.js";

const TOKEN = "MIIproxyTokenSecretValue";
const AK = "PROXYACCESSKEY0001";
const SK = "proxySecretKeyValue0123456789";
const SECURITY_TOKEN = "proxySecurityTokenValue42";
const BROKEN_PAGE = JSON.stringify({
  endpoint_services: [
    {
      id: "x",
      service_name: "s",
      service_type: "interface",
      status: "available",
      created_at: "2024-01-01T00:00:00Z",
      ports: [{ client_port: 70000, server_port: 1 }],
    },
  ],
  total_count: 1,
});

let scratch = "";
let upstream: Loopback;
let proxy: { child: ChildProcess; url: string; output: () => string };
let har = "";

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "vpcep-proxy-"));
  har = path.join(scratch, "recording.har");
  upstream = await startLoopback((req, res) => {
    if (req.url?.startsWith("/v1/p/vpc-endpoint-services")) {
      res.writeHead(200, { "Content-Type": "application/json", "X-Request-Id": "upstream-id" }).end(BROKEN_PAGE);
    } else {
      // Another API of the same endpoint, echoing credentials in its body, as some do.
      res
        .writeHead(200, { "Content-Type": "application/json", "Set-Cookie": `session=${TOKEN}` })
        .end(JSON.stringify({ credential: { access_key: AK, secret_key: SK, securitytoken: SECURITY_TOKEN } }));
    }
  });
  proxy = await startRecordingProxy(upstream.url, har);
}, TIMEOUTS.test);

afterAll(async () => {
  await stopProcess(proxy?.child);
  await upstream?.close();
  await rm(scratch, { recursive: true, force: true });
});

describe("vpcep-mock --proxy", () => {
  it("forwards requests unchanged, passes the upstream's answer through, and reports violations as they happen", async () => {
    const tokenAnswer = await fetch(`${proxy.url}/v1/p/vpc-endpoint-services?limit=5000&status=available`, {
      headers: { "X-Auth-Token": TOKEN },
    });
    expect(tokenAnswer.status).toBe(200);
    expect(await tokenAnswer.text()).toBe(BROKEN_PAGE);
    expect(tokenAnswer.headers.get("x-request-id")).toBe("upstream-id");

    const signed = await signRequest(new Request(`${proxy.url}/v1/p/vpc-endpoint-services?limit=2`, { headers: { "X-Project-Id": "p" } }), {
      accessKey: AK,
      secretKey: SK,
      securityToken: SECURITY_TOKEN,
    });
    expect((await fetch(signed)).status).toBe(200);
    const other = await fetch(`${proxy.url}/v3/credentials`, {
      method: "POST",
      body: JSON.stringify({ auth: { password: "hunter2-secret" } }),
      headers: { "Content-Type": "application/json" },
    });
    expect(other.status).toBe(200);

    const [first, second, third] = upstream.received;
    expect(first!.url).toBe("/v1/p/vpc-endpoint-services?limit=5000&status=available");
    expect(first!.headers["x-auth-token"]).toBe(TOKEN);
    expect(second!.headers.authorization).toBe(signed.headers.get("authorization"));
    expect(second!.headers["x-security-token"]).toBe(SECURITY_TOKEN);
    expect(third!.method).toBe("POST");

    const output = proxy.output();
    expect(output).toContain(
      "vpcep-mock: GET /v1/p/vpc-endpoint-services?limit=5000&status=available: request query.limit: must be <= 1000",
    );
    // The judge validate uses: an invalid request answered 200 is the answer's violation too.
    expect(output).toContain(
      "vpcep-mock: GET /v1/p/vpc-endpoint-services?limit=5000&status=available → 200: response status: expected 400 for an invalid request (query.limit: must be <= 1000), got 200",
    );
    expect(output).toContain(
      "vpcep-mock: GET /v1/p/vpc-endpoint-services?limit=2 → 200: response endpoint_services[0].ports[0].client_port: must be <= 65535",
    );
    expect(output).not.toContain("/v3/credentials");
    for (const secret of [TOKEN, SK, SECURITY_TOKEN]) expect(output).not.toContain(secret);
  });

  it("records HAR 1.2 without a secret, which vpcep-contract validate reads and fails", async () => {
    // The file on disk follows the exchanges within a second (and is complete on stop).
    const text = await waitFor(
      "the HAR holding the three exchanges",
      () => readFile(har, "utf8"),
      (content) => (JSON.parse(content) as { log: { entries: unknown[] } }).log.entries.length === 3,
    );
    const recording = JSON.parse(text) as {
      log: {
        version: string;
        creator: { name: string };
        entries: {
          request: { url: string; headers: { name: string; value: string }[] };
          response: { status: number; content: { text: string } };
        }[];
      };
    };
    expect(recording.log.version).toBe("1.2");
    expect(recording.log.creator.name).toBe("vpcep-mock");
    expect(recording.log.entries).toHaveLength(3);
    expect(recording.log.entries[0]!.response.content.text).toBe(BROKEN_PAGE);
    const authorization = recording.log.entries[1]!.request.headers.find((h) => h.name.toLowerCase() === "authorization")!.value;
    expect(authorization).toMatch(
      /^SDK-HMAC-SHA256 Access=\*\*\*, SignedHeaders=host;x-project-id;x-sdk-date;x-security-token, Signature=\*\*\*$/,
    );
    const signature = /Signature=([0-9a-f]{64})/.exec(upstream.received[1]!.headers.authorization!)![1]!;
    for (const secret of [TOKEN, AK, SK, SECURITY_TOKEN, signature, "hunter2-secret"]) expect(text).not.toContain(secret);

    const validated = await runNode(path.join(repoRoot, "bin", "vpcep-contract.js"), ["validate", har, "--reporter", "json"]);
    expect(validated, validated.stderr).toMatchObject({ code: 1 });
    const report = JSON.stringify(JSON.parse(validated.stdout));
    expect(report).toContain("must be <= 65535");
    expect(report).toContain("must be <= 1000");
  });

  it("answers 502 naming the upstream when it does not answer", async () => {
    const dead = await startLoopback(() => undefined);
    const deadUrl = dead.url;
    await dead.close();
    const lone = await startMockProcess(process.execPath, [path.join(repoRoot, "bin", "vpcep-mock.js"), "--port", "0", "--proxy", deadUrl]);
    try {
      const response = await fetch(`${lone.url}/v1/p/vpc-endpoint-services`, { headers: { "X-Auth-Token": TOKEN } });
      expect(response.status).toBe(502);
      expect(await response.json()).toMatchObject({ error_msg: `upstream ${deadUrl} did not answer: ECONNREFUSED` });
    } finally {
      lone.child.kill("SIGTERM");
    }
  });
});
