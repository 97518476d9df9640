// createVpcepClient against a loopback server for what a mock cannot do.
import { createHash, createHmac } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createVpcepClient, VpcepApiError, VpcepNetworkError, VpcepTimeoutError, type VpcepClientOptions } from "vpcep-openapi";
import { sendJson, serviceList, startLoopback, type Loopback } from "../support/loopback.js";
import { within } from "../support/timeouts.js";

const PROJECT = "6e9dfd51d1124e8d8498dce894923a0d";
let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const clientFor = (loopback: Loopback, options: Partial<VpcepClientOptions> = {}) =>
  createVpcepClient({
    projectId: PROJECT,
    baseUrl: loopback.url,
    auth: { token: "tok-secret-123" },
    retry: { attempts: 3, baseDelayMs: 1 },
    ...options,
  });

const urlOf = (req: IncomingMessage) => new URL(req.url ?? "/", "http://127.0.0.1");

describe("paging", () => {
  it("walks 2,345 services while new ones are inserted between pages, yielding each id once", async () => {
    const list = serviceList(2345);
    const original = list.services.map((s) => s.id);
    server = await startLoopback((req, res, index) => {
      sendJson(res, 200, list.page(urlOf(req)));
      list.insertNewest(index === 0 ? 7 : 3); // the list shifts between every two pages
    });
    const pages = clientFor(server).paginateEndpointServices({ status: "available" });
    const ids: string[] = [];
    for await (const service of pages) ids.push(service.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(original));
    expect(pages.requestCount).toBe(server.received.length);
    const queries = server.received.map((req) => Object.fromEntries(urlOf(req).searchParams));
    expect(queries.map((q) => q["limit"])).toEqual(queries.map(() => "1000"));
    expect(queries.every((q) => q["status"] === "available")).toBe(true);
    expect(queries.map((q) => Number(q["offset"]))).toEqual([0, 1000, 2000]);
  });

  it.each([
    [0, 1],
    [1, 1],
    [999, 1],
    [1000, 1],
    [1001, 2],
    [2345, 3],
    [3000, 3],
  ])("lists %i services in %i request(s)", async (count, requests) => {
    const list = serviceList(count);
    server = await startLoopback((req, res) => sendJson(res, 200, list.page(urlOf(req))));
    const all = await clientFor(server).listAllEndpointServices();
    expect(all).toHaveLength(count);
    expect(server.received).toHaveLength(requests);
  });
});

describe("retries", () => {
  it("waits for Retry-After after a 429, then returns the 200", async () => {
    server = await startLoopback((_req, res, index) =>
      index === 0
        ? sendJson(res, 429, { error_code: "APIGW.0308", error_msg: "throttled", request_id: "r1" }, { "Retry-After": "1" })
        : sendJson(res, 200, { endpoint_services: [], total_count: 0 }),
    );
    const started = performance.now();
    const page = await clientFor(server).listEndpointServices();
    expect(page.total_count).toBe(0);
    expect(server.received).toHaveLength(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("retries the service's own rate limit, EndPoint.0022 with HTTP 400", async () => {
    server = await startLoopback((_req, res, index) =>
      index < 2
        ? sendJson(res, 400, { error_code: "EndPoint.0022", error_msg: "The number of requests exceeded the limit. Please try later." })
        : sendJson(res, 200, { endpoint_services: [], total_count: 0 }),
    );
    await clientFor(server).listEndpointServices();
    expect(server.received).toHaveLength(3);
  });

  it.each([502, 503, 504])("retries HTTP %i up to the attempts and then throws the last answer", async (status) => {
    server = await startLoopback((_req, res) =>
      sendJson(res, status, { error_code: "EndPoint.0001", error_msg: "System error. Please retry." }),
    );
    const error = await clientFor(server)
      .listEndpointServices()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VpcepApiError);
    expect((error as VpcepApiError).status).toBe(status);
    expect(server.received).toHaveLength(3);
  });

  it.each([400, 401, 403, 404])("does not retry HTTP %i", async (status) => {
    server = await startLoopback((_req, res) => sendJson(res, status, { error_code: "EndPoint.0002", error_msg: "Parameter error." }));
    await expect(clientFor(server).listEndpointServices()).rejects.toBeInstanceOf(VpcepApiError);
    expect(server.received).toHaveLength(1);
  });

  it("stops at once when the caller aborts during a backoff", async () => {
    server = await startLoopback((_req, res) =>
      sendJson(res, 503, { error_code: "EndPoint.0001", error_msg: "x" }, { "Retry-After": "30" }),
    );
    const controller = new AbortController();
    const started = performance.now();
    const call = clientFor(server, { retry: { attempts: 5, baseDelayMs: 1, maxDelayMs: 60_000 } }).listEndpointServices(
      {},
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(new Error("user cancelled")), 100);
    await expect(call).rejects.toThrow("user cancelled");
    expect(performance.now() - started).toBeLessThan(within(5_000));
    expect(server.received).toHaveLength(1);
  });
});

describe("bodies that are not the provider's JSON", () => {
  const cases: [string, number, string, string | undefined][] = [
    ["an HTML page from a proxy", 502, "<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"],
    ["an empty body", 500, "", undefined],
    ["a truncated JSON body", 400, '{"error_code":"EndPoint.0002","error_m', "application/json"],
    ["a JSON body of another shape", 403, '{"message":"forbidden by policy"}', "application/json"],
  ];
  it.each(cases)("%s still gives a VpcepApiError with the raw body", async (_what, status, body, type) => {
    server = await startLoopback((_req, res) => {
      res.writeHead(status, { ...(type ? { "Content-Type": type } : {}), "X-Request-Id": "req-42" });
      res.end(body);
    });
    const error = await clientFor(server, { retry: false })
      .listEndpointServices()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VpcepApiError);
    expect((error as VpcepApiError).status).toBe(status);
    expect((error as VpcepApiError).body).toBe(body);
    expect((error as VpcepApiError).requestId).toBe("req-42");
  });

  it("reads the code and message of the gateway's nested error body", async () => {
    server = await startLoopback((_req, res) =>
      sendJson(res, 401, { error: { code: "APIGW.0301", message: "Incorrect IAM authentication information" } }),
    );
    const error = (await clientFor(server)
      .listEndpointServices()
      .catch((e: unknown) => e)) as VpcepApiError;
    expect([error.errorCode, error.errorMsg]).toEqual(["APIGW.0301", "Incorrect IAM authentication information"]);
  });

  it.each([
    ["truncated JSON", '{"endpoint_services":[{"id":"a"'],
    ["an HTML page", "<html>maintenance</html>"],
    ["JSON without total_count", '{"endpoint_services":[]}'],
  ])("a 200 with %s gives a VpcepApiError, not a parse exception", async (_what, body) => {
    server = await startLoopback((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(body);
    });
    const error = await clientFor(server)
      .listEndpointServices()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VpcepApiError);
    expect((error as VpcepApiError).status).toBe(200);
  });
});

describe("network failures and timeouts", () => {
  it("a hanging response ends in a VpcepTimeoutError after timeoutMs", async () => {
    server = await startLoopback(() => {
      /* never answers */
    });
    const started = performance.now();
    const error = await clientFor(server, { timeoutMs: 300, retry: false })
      .listEndpointServices()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VpcepTimeoutError);
    expect((error as VpcepTimeoutError).timeoutMs).toBe(300);
    expect(performance.now() - started).toBeLessThan(within(3_000));
  });

  it("a body that stops half-way also times out", async () => {
    server = await startLoopback((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write('{"endpoint_services":[');
    });
    const error = await clientFor(server, { timeoutMs: 300, retry: false })
      .listEndpointServices()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VpcepTimeoutError);
  });

  it("a refused connection is a VpcepNetworkError", async () => {
    server = await startLoopback(() => {});
    const url = server.url;
    await server.close();
    server = undefined;
    const error = await createVpcepClient({ projectId: PROJECT, baseUrl: url, auth: { token: "t-secret" } })
      .listEndpointServices()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VpcepNetworkError);
    expect(error).not.toBeInstanceOf(VpcepTimeoutError);
  });
});

describe("signatures, verified by the server", () => {
  /** An independent SDK-HMAC-SHA256 verifier, with node:crypto, over the request as received. */
  function verify(req: IncomingMessage, secretKey: string): boolean {
    const match = /^SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(req.headers.authorization ?? "");
    if (!match) return false;
    const [, , signed, signature] = match;
    const url = urlOf(req);
    const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const uri = url.pathname
      .split("/")
      .map((s) => enc(decodeURIComponent(s)))
      .join("/")
      .replace(/\/?$/, "/");
    const query = [...url.searchParams]
      .map(([k, v]) => `${enc(k)}=${enc(v)}`)
      .sort()
      .join("&");
    const headers = signed!
      .split(";")
      .map((name) => `${name}:${String(req.headers[name] ?? "").trim()}\n`)
      .join("");
    const canonical = ["GET", uri, query, headers, signed, createHash("sha256").update("").digest("hex")].join("\n");
    const toSign = `SDK-HMAC-SHA256\n${req.headers["x-sdk-date"]}\n${createHash("sha256").update(canonical).digest("hex")}`;
    return createHmac("sha256", secretKey).update(toSign).digest("hex") === signature;
  }

  it("the server accepts the client's signature over the request as it arrived", async () => {
    const verdicts: boolean[] = [];
    server = await startLoopback((req, res) => {
      verdicts.push(verify(req, "the-secret-key"));
      sendJson(res, 200, { endpoint_services: [], total_count: 0 });
    });
    const client = clientFor(server, { auth: { accessKey: "AK1", secretKey: "the-secret-key", securityToken: "sts-token" } });
    await client.listEndpointServices({ endpoint_service_name: "a b/c*", status: "available", limit: 3 });
    expect(verdicts).toEqual([true]);
    expect(server.received[0]!.headers["x-project-id"]).toBe(PROJECT);
  });

  it("the same verifier refuses a signature made with another secret key", async () => {
    const verdicts: boolean[] = [];
    server = await startLoopback((req, res) => {
      verdicts.push(verify(req, "the-secret-key"));
      sendJson(res, 200, { endpoint_services: [], total_count: 0 });
    });
    await clientFor(server, { auth: { accessKey: "AK1", secretKey: "another-key" } }).listEndpointServices();
    expect(verdicts).toEqual([false]);
  });

  it("signs each retry afresh", async () => {
    const dates: string[] = [];
    server = await startLoopback((req, res, index) => {
      dates.push(String(req.headers["x-sdk-date"]));
      if (index === 0) sendJson(res, 503, { error_code: "EndPoint.0001", error_msg: "x" }, { "Retry-After": "1" });
      else sendJson(res, 200, { endpoint_services: [], total_count: 0 }, {});
    });
    await clientFor(server, { auth: { accessKey: "AK1", secretKey: "the-secret-key" } }).listEndpointServices();
    expect(dates).toHaveLength(2);
    expect(dates[1]! > dates[0]!).toBe(true);
  });
});

describe("secrets never leak", () => {
  it("an error echoing the token, AK and SK shows none of them", async () => {
    const secrets = ["tok-secret-123", "AKSECRETVALUE", "SKSECRETVALUE"];
    server = await startLoopback((req, res) =>
      sendJson(res, 401, {
        error_code: "APIGW.0301",
        error_msg: `bad credentials ${req.headers["x-auth-token"] ?? req.headers.authorization}`,
        request_id: "r",
      }),
    );
    for (const auth of [{ token: secrets[0]! }, { accessKey: secrets[1]!, secretKey: secrets[2]! }]) {
      const error = (await clientFor(server, { auth })
        .listEndpointServices()
        .catch((e: unknown) => e)) as VpcepApiError;
      const surfaces = [
        error.message,
        String(error),
        error.stack,
        error.body,
        error.errorMsg,
        JSON.stringify(error),
        JSON.stringify({ ...error }),
      ].join("\n");
      for (const secret of secrets) expect(surfaces).not.toContain(secret);
      expect(error.errorMsg).toContain("***");
    }
  });

  it("network and timeout errors carry no credential", async () => {
    server = await startLoopback(() => {});
    const error = (await clientFor(server, {
      timeoutMs: 100,
      retry: false,
      auth: { accessKey: "AKSECRETVALUE", secretKey: "SKSECRETVALUE" },
    })
      .listEndpointServices()
      .catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(VpcepTimeoutError);
    expect(`${error.message}${String(error)}${JSON.stringify(error)}`).not.toMatch(/AKSECRETVALUE|SKSECRETVALUE/);
  });
});
