// The gateway's credential check, proven against the provider's own Node SDK core: requests its
// HcClient signs (AKSKSigner) pass, the same requests with one byte changed are refused with the
// gateway's code. The mock runs as the vpcep-mock process users start.
import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVpcepClient, signRequest, VpcepApiError } from "vpcep-openapi";
import { validateListEndpointServicesResponse } from "vpcep-openapi/contract";
import { repoRoot } from "../../../scripts/lib/paths.js";
import { startMockProcess } from "../../support/processes.js";
import { TIMEOUTS } from "../../support/timeouts.js";

const AK = "HPUAEXAMPLEAK0000001";
const SK = "exampleSecretKey0123456789abcdefghijklmn";
const TEMP_AK = "HSTAEXAMPLEAK0000002";
const TEMP_SK = "temporarySecretKey9876543210zyxwvu";
const SECURITY_TOKEN = "gQpjbi1ub3J0aC00IGV4YW1wbGUgc2VjdXJpdHkgdG9rZW4";
const TOKEN = "MIIexampleIamToken";
const PROJECT = "6e9dfd51d1124e8d8498dce894923a0d";

interface SdkRequest {
  endpoint: string;
  headers: Record<string, string>;
  queryParams: Record<string, string | number>;
}
interface SdkClient {
  buildRequest(options: object): Promise<SdkRequest>;
  sendRequest(options: object): Promise<{ httpStatusCode: number; total_count?: number }>;
}

let home = "";
let previousHome: string | undefined;
let mock: { child: ChildProcess; url: string; output: () => string };
let sdk: (ak: string, sk: string, securityToken?: string) => SdkClient;

beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), "vpcep-sdk-home-"));
  previousHome = process.env["HOME"];
  process.env["HOME"] = home; // the SDK core writes ~/.huaweicloud
  mock = await startMockProcess(process.execPath, [
    path.join(repoRoot, "bin", "vpcep-mock.js"),
    "--port",
    "0",
    "--stateful",
    "--token",
    TOKEN,
    "--access-key",
    AK,
    "--secret-key",
    SK,
    "--access-key",
    TEMP_AK,
    "--secret-key",
    TEMP_SK,
    "--security-token",
    SECURITY_TOKEN,
  ]);
  const require = createRequire(path.join(repoRoot, "package.json"));
  const { ClientBuilder } = require("@huaweicloud/huaweicloud-sdk-core/ClientBuilder");
  const { BasicCredentials } = require("@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials");
  sdk = (ak, sk, securityToken) => {
    let credentials = new BasicCredentials().withAk(ak).withSk(sk).withProjectId(PROJECT);
    if (securityToken) credentials = credentials.withSecurityToken(securityToken);
    return new ClientBuilder((client: SdkClient) => client).withCredential(credentials).withEndpoint(mock.url).build();
  };
}, TIMEOUTS.test);

afterAll(async () => {
  mock?.child.kill("SIGTERM");
  if (previousHome === undefined) delete process.env["HOME"];
  else process.env["HOME"] = previousHome;
  await rm(home, { recursive: true, force: true });
});

const operation = (queryParams: Record<string, string | number>, contentType = "application/json") => ({
  method: "GET",
  url: "/v1/{project_id}/vpc-endpoint-services",
  contentType,
  pathParams: {},
  queryParams,
  headers: {},
});

/** A GET with a body (which fetch cannot send), over node:http: the status and the error code. */
function sendWithBody(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; code: string | undefined }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      url,
      { method: "GET", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => {
          const parsed = JSON.parse(text) as { error_code?: string };
          expect(
            validateListEndpointServicesResponse(response.statusCode ?? 0, new Headers(response.headers as Record<string, string>), parsed)
              .errors,
          ).toEqual([]);
          resolve({ status: response.statusCode ?? 0, code: parsed.error_code });
        });
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

/** Sends what the SDK built, as built or with one change, and returns the status and body. */
async function send(request: SdkRequest, change: { url?: (url: string) => string; headers?: (h: Record<string, string>) => void } = {}) {
  const query = Object.entries(request.queryParams)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join("&");
  const headers = { ...request.headers };
  delete headers["host"]; // fetch sends the same Host itself
  change.headers?.(headers);
  let url = `${request.endpoint}${query ? `?${query}` : ""}`;
  if (change.url) url = change.url(url);
  const response = await fetch(url, { headers });
  const body = (await response.json()) as { error_code?: string; request_id?: string; total_count?: number };
  expect(validateListEndpointServicesResponse(response.status, response.headers, body).errors).toEqual([]);
  if (response.status !== 200) expect(body.request_id).toBe(response.headers.get("x-request-id"));
  return { status: response.status, code: body.error_code };
}

const oneByte = (text: string, at: number) => `${text.slice(0, at)}${text[at] === "a" ? "b" : "a"}${text.slice(at + 1)}`;

describe("credentials checked like the gateway", () => {
  const queries = [
    {},
    { limit: 5 },
    { endpoint_service_name: "billing vip", status: "failed" },
    { sort_key: "update_at", sort_dir: "asc", offset: 1, limit: 2 },
    { endpoint_service_name: "zürich-ä" },
  ];

  it("accepts every request the SDK's HcClient signs and sends itself, permanent and temporary keys", async () => {
    let accepted = 0;
    for (const query of queries) {
      for (const client of [sdk(AK, SK), sdk(TEMP_AK, TEMP_SK, SECURITY_TOKEN)]) {
        const response = await client.sendRequest(operation(query));
        expect(response.httpStatusCode).toBe(200);
        accepted++;
      }
    }
    expect(accepted).toBe(2 * queries.length);
  });

  it("refuses the SDK's requests with one byte changed: secret, query, path, a signed header, the date, the security token", async () => {
    const built = await sdk(AK, SK).buildRequest(operation({ limit: 5, endpoint_service_name: "orders" }));
    expect(await send(built)).toEqual({ status: 200, code: undefined });
    const date = built.headers["X-Sdk-Date"]!;
    const cases: [string, Promise<{ status: number; code: string | undefined }>, string][] = [
      [
        "secret",
        sdk(AK, oneByte(SK, 7))
          .buildRequest(operation({ limit: 5 }))
          .then((r) => send(r)),
        "APIGW.0301",
      ],
      [
        "access key",
        sdk(oneByte(AK, 3), SK)
          .buildRequest(operation({ limit: 5 }))
          .then((r) => send(r)),
        "APIGW.0301",
      ],
      ["query value", send(built, { url: (u) => u.replace("limit=5", "limit=6") }), "APIGW.0301"],
      ["query name", send(built, { url: (u) => u.replace("endpoint_service_name=orders", "endpoint_service_name=ordera") }), "APIGW.0301"],
      ["path", send(built, { url: (u) => u.replace(`/v1/${PROJECT}/`, `/v1/${oneByte(PROJECT, 0)}/`) }), "APIGW.0301"],
      ["signed header X-Project-Id", send(built, { headers: (h) => void (h["X-Project-Id"] = oneByte(PROJECT, 5)) }), "APIGW.0301"],
      ["signed header Content-Type", send(built, { headers: (h) => void (h["content-type"] = "application/jsoN") }), "APIGW.0301"],
      [
        "the date's seconds",
        send(built, { headers: (h) => void (h["X-Sdk-Date"] = date.replace(/\d(?=Z$)/, (d) => String((Number(d) + 1) % 10))) }),
        "APIGW.0301",
      ],
      [
        "the date's year (outside 15 minutes)",
        send(built, { headers: (h) => void (h["X-Sdk-Date"] = date.replace(/^\d{4}/, (y) => String(Number(y) - 1))) }),
        "APIGW.0303",
      ],
      [
        "the signature",
        send(built, { headers: (h) => void (h["Authorization"] = h["Authorization"]!.replace(/.$/, (c) => (c === "0" ? "1" : "0"))) }),
        "APIGW.0301",
      ],
      ["no X-Sdk-Date", send(built, { headers: (h) => void delete h["X-Sdk-Date"] }), "APIGW.0301"],
    ];
    const temporary = await sdk(TEMP_AK, TEMP_SK, SECURITY_TOKEN).buildRequest(operation({}));
    cases.push([
      "the security token",
      send(temporary, { headers: (h) => void (h["X-Security-Token"] = oneByte(SECURITY_TOKEN, 2)) }),
      "APIGW.0301",
    ]);
    cases.push(["a missing security token", send(temporary, { headers: (h) => void delete h["X-Security-Token"] }), "APIGW.0301"]);
    for (const [what, result, code] of cases) {
      expect({ what, ...(await result) }).toEqual({ what, status: 401, code });
    }
    expect(cases).toHaveLength(13);
  });

  it("accepts generated SDK-signed queries sent by HcClient, and refuses each with one character of a value changed", async () => {
    const text = fc.string({ unit: fc.constantFrom(..."abcXYZ019 -_.~äöüé東京+&=%/"), minLength: 1, maxLength: 12 });
    const query = fc.record(
      {
        limit: fc.integer({ min: 1, max: 1000 }),
        offset: fc.integer({ min: 0, max: 50 }),
        endpoint_service_name: text,
        status: fc.constantFrom("available", "creating", "failed", "deleting"),
        sort_key: fc.constantFrom("create_at", "update_at"),
        sort_dir: fc.constantFrom("asc", "desc"),
      },
      { requiredKeys: [] },
    );
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(query, fc.nat(), async (params, pick) => {
        const client = sdk(AK, SK);
        expect((await client.sendRequest(operation(params))).httpStatusCode).toBe(200);
        accepted++;
        const names = Object.keys(params) as (keyof typeof params)[];
        if (names.length === 0) return;
        const built = await client.buildRequest(operation(params));
        const name = names[pick % names.length]!;
        const value = String(built.queryParams[name]);
        const at = pick % value.length;
        const changed = `${value.slice(0, at)}${value[at] === "a" ? "b" : "a"}${value.slice(at + 1)}`;
        expect(await send({ ...built, queryParams: { ...built.queryParams, [name]: changed } })).toEqual({
          status: 401,
          code: "APIGW.0301",
        });
        refused++;
      }),
      { numRuns: 60 },
    );
    expect(accepted).toBe(60);
    expect(refused).toBeGreaterThan(40);
  });

  it("refuses a date more than 15 minutes from the mock's clock, and accepts it within", async () => {
    const stale = (minutes: number) =>
      sdk(AK, SK).buildRequest({
        ...operation({}),
        headers: { "X-Sdk-Date": new Date(Date.now() - minutes * 60_000).toISOString().replace(/[-:]|\.\d{3}/g, "") },
      });
    expect(await send(await stale(16))).toEqual({ status: 401, code: "APIGW.0303" });
    expect(await send(await stale(-16))).toEqual({ status: 401, code: "APIGW.0303" });
    expect(await send(await stale(14))).toEqual({ status: 200, code: undefined });
  });

  it("accepts the package's own client, with a token and with each key pair; refuses a wrong token", async () => {
    for (const auth of [
      { token: TOKEN },
      { accessKey: AK, secretKey: SK },
      { accessKey: TEMP_AK, secretKey: TEMP_SK, securityToken: SECURITY_TOKEN },
    ]) {
      const client = createVpcepClient({ projectId: PROJECT, baseUrl: mock.url, auth, retry: false });
      expect((await client.listEndpointServices({ endpoint_service_name: "a b+c", limit: 3 })).total_count).toBeGreaterThanOrEqual(0);
    }
    const wrong = createVpcepClient({ projectId: PROJECT, baseUrl: mock.url, auth: { token: `${TOKEN}x` }, retry: false });
    const error = await wrong.listEndpointServices().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VpcepApiError);
    expect(error).toMatchObject({ status: 401, errorCode: "APIGW.0301" });
    expect(String((error as Error).message)).not.toContain(TOKEN);
  });

  it("never echoes a secret in a refusal or in its output", async () => {
    const response = await fetch(`${mock.url}/v1/${PROJECT}/vpc-endpoint-services`, { headers: { "X-Auth-Token": `${TOKEN}-wrong` } });
    const text = await response.text();
    expect(response.status).toBe(401);
    for (const secret of [TOKEN, SK, TEMP_SK, SECURITY_TOKEN]) {
      expect(text).not.toContain(secret);
      expect(mock.output()).not.toContain(secret);
    }
    expect(mock.output()).toMatch(/credentials checked like the gateway: 1 token\(s\), 2 access key\(s\)/);
  });

  describe("X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD, as the SDK sends it for a content type that is not JSON", () => {
    const NOT_JSON = "application/x-www-form-urlencoded";

    it("accepts what HcClient signs and sends with UNSIGNED-PAYLOAD, permanent and temporary keys", async () => {
      const built = await sdk(AK, SK).buildRequest(operation({ limit: 5 }, NOT_JSON));
      expect(built.headers).toMatchObject({ "X-Sdk-Content-Sha256": "UNSIGNED-PAYLOAD", "content-type": NOT_JSON });
      expect(built.headers["Authorization"]).toContain("x-sdk-content-sha256");
      let accepted = 0;
      for (const query of queries) {
        for (const client of [sdk(AK, SK), sdk(TEMP_AK, TEMP_SK, SECURITY_TOKEN)]) {
          expect((await client.sendRequest(operation(query, NOT_JSON))).httpStatusCode).toBe(200);
          accepted++;
        }
      }
      expect(accepted).toBe(2 * queries.length);
    });

    it("refuses the same requests with one byte changed: secret, query, path, content type, the payload header, the date", async () => {
      const built = await sdk(AK, SK).buildRequest(operation({ limit: 5, endpoint_service_name: "orders" }, NOT_JSON));
      expect(await send(built)).toEqual({ status: 200, code: undefined });
      const cases: [string, Promise<{ status: number; code: string | undefined }>, string][] = [
        [
          "secret",
          sdk(AK, oneByte(SK, 7))
            .buildRequest(operation({ limit: 5 }, NOT_JSON))
            .then((r) => send(r)),
          "APIGW.0301",
        ],
        ["query value", send(built, { url: (u) => u.replace("limit=5", "limit=6") }), "APIGW.0301"],
        ["path", send(built, { url: (u) => u.replace(`/v1/${PROJECT}/`, `/v1/${oneByte(PROJECT, 0)}/`) }), "APIGW.0301"],
        [
          "signed header Content-Type",
          send(built, { headers: (h) => void (h["content-type"] = "application/x-www-form-urlencodeD") }),
          "APIGW.0301",
        ],
        [
          "X-Sdk-Content-Sha256's value",
          send(built, { headers: (h) => void (h["X-Sdk-Content-Sha256"] = "UNSIGNED-PAYLOAd") }),
          "APIGW.0301",
        ],
        ["X-Sdk-Content-Sha256 removed", send(built, { headers: (h) => void delete h["X-Sdk-Content-Sha256"] }), "APIGW.0301"],
        [
          "the date's seconds",
          send(built, {
            headers: (h) => void (h["X-Sdk-Date"] = h["X-Sdk-Date"]!.replace(/\d(?=Z$)/, (d) => String((Number(d) + 1) % 10))),
          }),
          "APIGW.0301",
        ],
        [
          "the signature",
          send(built, { headers: (h) => void (h["Authorization"] = h["Authorization"]!.replace(/.$/, (c) => (c === "0" ? "1" : "0"))) }),
          "APIGW.0301",
        ],
      ];
      for (const [what, result, code] of cases) {
        expect({ what, ...(await result) }).toEqual({ what, status: 401, code });
      }
      expect(cases).toHaveLength(8);
    });

    it("hashes a body it receives unless UNSIGNED-PAYLOAD says not to", async () => {
      const data = { note: "a GET body the SDK signs" };
      const body = JSON.stringify(data);
      const { host: _host, ...hashed } = (await sdk(AK, SK).buildRequest({ ...operation({ limit: 1 }), data })).headers;
      expect(hashed["X-Sdk-Content-Sha256"]).toBeUndefined();
      const target = `${mock.url}/v1/${PROJECT}/vpc-endpoint-services?limit=1`;
      expect(await sendWithBody(target, hashed, body)).toEqual({ status: 200, code: undefined });
      expect(await sendWithBody(target, hashed, oneByte(body, 3))).toEqual({ status: 401, code: "APIGW.0301" });
      expect(await sendWithBody(target, hashed, "x".repeat(1024 * 1024 + 1))).toEqual({ status: 401, code: "APIGW.0301" });

      const { host: _host2, ...unsigned } = (await sdk(AK, SK).buildRequest({ ...operation({ limit: 1 }, NOT_JSON), data })).headers;
      expect(unsigned["X-Sdk-Content-Sha256"]).toBe("UNSIGNED-PAYLOAD");
      for (const sent of [body, oneByte(body, 3), "", "x".repeat(1024 * 1024 + 1)]) {
        expect(await sendWithBody(target, unsigned, sent)).toEqual({ status: 200, code: undefined });
      }
    });

    it("accepts the package's own signRequest with UNSIGNED-PAYLOAD, signed or only sent, and refuses it with one byte changed", async () => {
      const url = `${mock.url}/v1/${PROJECT}/vpc-endpoint-services?endpoint_service_name=a%20b&limit=2`;
      const headers = { "X-Sdk-Content-Sha256": "UNSIGNED-PAYLOAD", "Content-Type": "text/plain", "X-Project-Id": PROJECT };
      const signed = await signRequest(new Request(url, { headers }), { accessKey: AK, secretKey: SK });
      expect(signed.headers.get("authorization")).toContain("x-sdk-content-sha256");
      expect((await fetch(signed)).status).toBe(200);
      const temporary = await signRequest(new Request(url, { headers }), {
        accessKey: TEMP_AK,
        secretKey: TEMP_SK,
        securityToken: SECURITY_TOKEN,
      });
      expect((await fetch(temporary)).status).toBe(200);
      // Sent but not signed: the payload hash is still the literal, on both sides.
      const unsignedHeader = await signRequest(
        new Request(url, { headers }),
        { accessKey: AK, secretKey: SK },
        { signedHeaders: ["host", "x-sdk-date"] },
      );
      expect(unsignedHeader.headers.get("authorization")).not.toContain("x-sdk-content-sha256");
      expect((await fetch(unsignedHeader)).status).toBe(200);

      const withBody = { ...Object.fromEntries(signed.headers) };
      expect(await sendWithBody(url, withBody, "any body at all")).toEqual({ status: 200, code: undefined });
      const changedQuery = await fetch(url.replace("limit=2", "limit=3"), { headers: signed.headers });
      expect(changedQuery.status).toBe(401);
      expect(((await changedQuery.json()) as { error_code: string }).error_code).toBe("APIGW.0301");
      const changedPayload = new Headers(signed.headers);
      changedPayload.set("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAd");
      const refused = await fetch(url, { headers: changedPayload });
      expect({ status: refused.status, ...((await refused.json()) as object) }).toMatchObject({ status: 401, error_code: "APIGW.0301" });
      const dropped = new Headers(unsignedHeader.headers);
      dropped.delete("X-Sdk-Content-Sha256");
      const droppedAnswer = await fetch(url, { headers: dropped });
      expect({ status: droppedAnswer.status, ...((await droppedAnswer.json()) as object) }).toMatchObject({
        status: 401,
        error_code: "APIGW.0301",
      });
    });
  });
});
