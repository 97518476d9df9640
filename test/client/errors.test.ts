// Errors a user can act on: the root cause of a network failure, the request (path and query)
// in every API error, and the caller's own reason when it aborts.
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createVpcepClient, VpcepApiError, VpcepNetworkError, type VpcepClientOptions } from "vpcep-openapi";
import { describeCause } from "../../src/client/answer-errors.js";
import { readErrorBody } from "../../src/client/error-body.js";
import { sendJson, startLoopback, type Loopback } from "../support/loopback.js";
import { freePort } from "../support/loopback.js";

const PROJECT = "6e9dfd51d1124e8d8498dce894923a0d";
let loopback: Loopback | undefined;
let raw: Server | undefined;
const sockets = new Set<Socket>();
afterEach(async () => {
  await loopback?.close();
  loopback = undefined;
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  if (raw) await new Promise((resolve) => raw!.close(resolve));
  raw = undefined;
});

const clientAt = (baseUrl: string, options: Partial<VpcepClientOptions> = {}) =>
  createVpcepClient({ projectId: PROJECT, baseUrl, auth: { token: "tok-secret-123" }, retry: false, ...options });

/** A TCP server on a free port that does `onSocket` with every connection. */
async function tcpServer(onSocket: (socket: Socket) => void): Promise<number> {
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    onSocket(socket);
  });
  raw = server;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

describe("VpcepNetworkError names the root cause", () => {
  it("a refused connection: ECONNREFUSED and the address", async () => {
    const port = await freePort();
    const error = await clientAt(`http://127.0.0.1:${port}`)
      .listEndpointServices({ limit: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VpcepNetworkError);
    expect((error as Error).message).toBe(
      `GET http://127.0.0.1:${port}/v1/${PROJECT}/vpc-endpoint-services?limit=1 failed without a complete HTTP answer: fetch failed: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  });

  it("a connection closed before the answer: the socket's error, not only 'fetch failed'", async () => {
    const port = await tcpServer((socket) => socket.once("data", () => socket.destroy()));
    const error = await clientAt(`http://127.0.0.1:${port}`)
      .listEndpointServices()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VpcepNetworkError);
    expect((error as Error).message).toMatch(/failed without a complete HTTP answer: fetch failed: other side closed \(UND_ERR_SOCKET\)$/);
  });

  it("a body cut off after the status and headers: the same error, naming what broke", async () => {
    const port = await tcpServer((socket) =>
      socket.once("data", () => {
        socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"endpoint_services":[');
        setTimeout(() => socket.destroy(), 20);
      }),
    );
    const error = await clientAt(`http://127.0.0.1:${port}`)
      .listEndpointServices()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VpcepNetworkError);
    expect((error as Error).message).toMatch(/failed without a complete HTTP answer: terminated: other side closed \(UND_ERR_SOCKET\)$/);
  });

  it("a TLS failure: what TLS said", async () => {
    const port = await tcpServer((socket) => socket.end("this is not TLS\r\n\r\n"));
    const error = await clientAt(`https://127.0.0.1:${port}`)
      .listEndpointServices()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VpcepNetworkError);
    expect((error as Error).message).toMatch(/fetch failed: TLS: wrong version number \(ERR_SSL_WRONG_VERSION_NUMBER\)$/);
  });

  it("a fetch that throws its own error keeps its message, and the cause stays attached", async () => {
    const cause = new TypeError("Failed to fetch");
    const error = (await clientAt("http://127.0.0.1:9", {
      fetch: async () => {
        throw cause;
      },
    })
      .listEndpointServices()
      .catch((e: unknown) => e)) as VpcepNetworkError;
    expect(error.message).toMatch(/failed without a complete HTTP answer: Failed to fetch$/);
    expect(error.cause).toBe(cause);
  });

  it("a cause that echoes a credential is redacted", async () => {
    const error = (await clientAt("http://127.0.0.1:9", {
      fetch: async (_input, init) => {
        throw new Error(`proxy refused token ${new Headers(init?.headers).get("X-Auth-Token")}`);
      },
    })
      .listEndpointServices()
      .catch((e: unknown) => e)) as VpcepNetworkError;
    expect(error.message).toMatch(/proxy refused token \*\*\*$/);
    expect(error.message).not.toContain("tok-secret-123");
  });

  it.each([
    [
      "an aggregate of attempts",
      new TypeError("fetch failed", {
        cause: new AggregateError([Object.assign(new Error("connect ECONNREFUSED ::1:4011"), { code: "ECONNREFUSED" })], ""),
      }),
      "fetch failed: connect ECONNREFUSED ::1:4011",
    ],
    [
      "a code without message",
      new TypeError("fetch failed", { cause: Object.assign(new Error(""), { code: "ECONNRESET" }) }),
      "fetch failed: ECONNRESET",
    ],
    ["a thrown string", "boom", "boom"],
    ["nothing at all", undefined, "unknown failure"],
  ])("describeCause reads %s", (_what, cause, text) => {
    expect(describeCause(cause)).toBe(text);
  });
});

describe("VpcepApiError's message names the request, path and query", () => {
  it("method, path, query, status, code, message and request id, with secrets redacted", async () => {
    loopback = await startLoopback((req, res) =>
      sendJson(res, 400, {
        error_code: "EndPoint.0002",
        error_msg: `Parameter error. token=${req.headers["x-auth-token"]}`,
        request_id: "req-1",
      }),
    );
    const error = (await clientAt(loopback.url)
      .listEndpointServices({ endpoint_service_name: "a b", limit: 5, status: "available" })
      .catch((e: unknown) => e)) as VpcepApiError;
    expect(error).toBeInstanceOf(VpcepApiError);
    expect(error.message).toBe(
      `GET ${loopback.url}/v1/${PROJECT}/vpc-endpoint-services?endpoint_service_name=a%20b&limit=5&status=available failed with HTTP 400 EndPoint.0002: Parameter error. token=*** (request req-1)`,
    );
    expect(error.url).toBe(`${loopback.url}/v1/${PROJECT}/vpc-endpoint-services?endpoint_service_name=a%20b&limit=5&status=available`);
  });

  it("a query value equal to a credential is redacted in the message and the url", async () => {
    loopback = await startLoopback((_req, res) => sendJson(res, 400, { error_code: "EndPoint.1003", error_msg: "Invalid service name." }));
    const error = (await clientAt(loopback.url)
      .listEndpointServices({ endpoint_service_name: "tok-secret-123" })
      .catch((e: unknown) => e)) as VpcepApiError;
    expect(error.message).toContain("endpoint_service_name=***");
    expect(`${error.message}${error.url}`).not.toContain("tok-secret-123");
  });
});

describe("readErrorBody reads every error shape the provider uses", () => {
  it.each([
    [
      "the service's",
      '{"error_code":"EndPoint.0002","error_msg":"Parameter error."}',
      { errorCode: "EndPoint.0002", errorMsg: "Parameter error." },
    ],
    [
      "the gateway's",
      '{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information","request_id":"r1"}',
      { errorCode: "APIGW.0301", errorMsg: "Incorrect IAM authentication information", requestId: "r1" },
    ],
    [
      "the reference's nested",
      '{"error":{"code":"EndPoint.0005","message":"Not found"}}',
      { errorCode: "EndPoint.0005", errorMsg: "Not found" },
    ],
    ["the Go SDK's top-level", '{"code":"APIG.0308","message":"throttled"}', { errorCode: "APIG.0308", errorMsg: "throttled" }],
    ["an HTML", "<html>502</html>", {}],
    ["a JSON array", "[1,2]", {}],
    ["a JSON body with non-string fields", '{"error_code":42,"error_msg":null}', {}],
  ])("%s body", (_what, body, fields) => {
    expect(readErrorBody(body)).toEqual(fields);
  });
});

describe("aborting through the caller's signal rejects with the signal's reason", () => {
  it("during the request: the very reason object given to abort()", async () => {
    loopback = await startLoopback(() => {
      /* never answers */
    });
    const controller = new AbortController();
    const reason = new Error("user navigated away");
    const call = clientAt(loopback.url).listEndpointServices({}, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 50);
    await expect(call).rejects.toBe(reason);
  });

  it("without a reason: the platform's AbortError DOMException", async () => {
    loopback = await startLoopback(() => {
      /* never answers */
    });
    const controller = new AbortController();
    const call = clientAt(loopback.url).listEndpointServices({}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe("AbortError");
    expect(error).toBe(controller.signal.reason);
  });

  it("already aborted: rejects with its reason and sends nothing", async () => {
    loopback = await startLoopback((_req, res) => sendJson(res, 200, { endpoint_services: [], total_count: 0 }));
    const signal = AbortSignal.abort("stop");
    await expect(clientAt(loopback.url).listEndpointServices({}, { signal })).rejects.toBe("stop");
    expect(loopback.received).toHaveLength(0);
  });

  it("a timeout signal from AbortSignal.timeout() rejects with its TimeoutError", async () => {
    loopback = await startLoopback(() => {
      /* never answers */
    });
    const error = await clientAt(loopback.url)
      .listEndpointServices({}, { signal: AbortSignal.timeout(50) })
      .catch((e: unknown) => e);
    expect((error as DOMException).name).toBe("TimeoutError");
  });

  it("while paging: the walk stops with the reason", async () => {
    const controller = new AbortController();
    loopback = await startLoopback((_req, res, index) => {
      if (index === 0) {
        sendJson(res, 200, { endpoint_services: Array.from({ length: 1000 }, (_, i) => ({ id: `id-${i}` })), total_count: 5000 });
        controller.abort(new Error("enough"));
      }
    });
    await expect(clientAt(loopback.url).listAllEndpointServices({}, { signal: controller.signal })).rejects.toThrow("enough");
  });
});
