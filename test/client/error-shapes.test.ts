// The client reads the code, message and request ID of an error answer in each of the provider's
// three body shapes (see ErrorBody in the document), and retries the service's rate limit in each.
import { describe, expect, it } from "vitest";
import { createVpcepClient, VpcepApiError } from "vpcep-openapi";

const PROJECT = "6e9dfd51d1124e8d8498dce894923a0d";
const TOKEN = "tok-secret-123";

function answering(bodies: { status: number; body: unknown; headers?: Record<string, string> }[]) {
  const calls: Request[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push(new Request(input, init));
    const { status, body, headers } = bodies[Math.min(calls.length - 1, bodies.length - 1)]!;
    return new Response(typeof body === "string" ? body : JSON.stringify(body), {
      status,
      headers: { "Content-Type": "application/json", ...headers },
    });
  };
  const client = createVpcepClient({
    projectId: PROJECT,
    baseUrl: "http://127.0.0.1:9",
    auth: { token: TOKEN },
    fetch: fetchImpl,
    retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
  });
  return { client, calls };
}

async function failure(status: number, body: unknown, headers?: Record<string, string>) {
  const { client } = answering([{ status, body, ...(headers ? { headers } : {}) }]);
  const error = await client.listEndpointServices().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(VpcepApiError);
  return error as VpcepApiError;
}

describe("VpcepApiError reads every documented error-body shape", () => {
  it.each([
    [
      "{error_code, error_msg, request_id}",
      { error_code: "APIGW.0303", error_msg: "Incorrect app authentication information: signature expired", request_id: "req-1" },
      "APIGW.0303",
      "Incorrect app authentication information: signature expired",
      "req-1",
    ],
    [
      "{error: {code, message}}",
      { error: { code: "EndPoint.0002", message: "Parameter error." } },
      "EndPoint.0002",
      "Parameter error.",
      "hdr-1",
    ],
    [
      "{code, message}",
      { code: "EndPoint.0005", message: "The requested resource does not exist." },
      "EndPoint.0005",
      "The requested resource does not exist.",
      "hdr-1",
    ],
    [
      "the APIG. prefix",
      { error_code: "APIG.0101", error_msg: "The API does not exist or has not been published in the environment." },
      "APIG.0101",
      "The API does not exist or has not been published in the environment.",
      "hdr-1",
    ],
  ])("%s", async (_shape, body, code, message, requestId) => {
    const error = await failure(404, body, { "X-Request-Id": "hdr-1" });
    expect(error.errorCode).toBe(code);
    expect(error.errorMsg).toBe(message);
    expect(error.requestId).toBe(requestId);
    expect(error.message).toContain(code);
  });

  it("leaves the code and message undefined for a JSON body of no documented shape, and keeps the body", async () => {
    const error = await failure(500, { fault: "boom" });
    expect(error.errorCode).toBeUndefined();
    expect(error.errorMsg).toBeUndefined();
    expect(JSON.parse(error.body)).toEqual({ fault: "boom" });
  });

  it("never shows the token, whichever shape echoes it", async () => {
    const error = await failure(401, { error: { code: "APIGW.0301", message: `bad token ${TOKEN}` } });
    expect(error.errorMsg).toBe("bad token ***");
    expect(`${error.message} ${error.body} ${JSON.stringify(error)}`).not.toContain(TOKEN);
  });
});

describe("the service's rate limit (400 EndPoint.0022) is retried in every shape", () => {
  it.each([
    ["{error_code, error_msg}", { error_code: "EndPoint.0022", error_msg: "The number of requests exceeded the limit." }],
    ["{error: {code, message}}", { error: { code: "EndPoint.0022", message: "The number of requests exceeded the limit." } }],
    ["{code, message}", { code: "EndPoint.0022", message: "The number of requests exceeded the limit." }],
  ])("%s", async (_shape, body) => {
    const { client, calls } = answering([
      { status: 400, body },
      { status: 200, body: { endpoint_services: [], total_count: 0 } },
    ]);
    await expect(client.listEndpointServices()).resolves.toMatchObject({ total_count: 0 });
    expect(calls).toHaveLength(2);
  });

  it("does not retry another 400 code in the wrapped shape", async () => {
    const { client, calls } = answering([{ status: 400, body: { error: { code: "EndPoint.0002", message: "Parameter error." } } }]);
    await expect(client.listEndpointServices()).rejects.toMatchObject({ errorCode: "EndPoint.0002" });
    expect(calls).toHaveLength(1);
  });
});
