// The same steps behind a fetch handler: a `Request` in, a `Response` out, no server.
import { describe, expect, it } from "vitest";
import { exampleServices } from "../../../generated/contract-validators.js";
import { fetchHandler, requestFromFetch, responseOf } from "../../../src/mock/fetch.js";
import { createStatefulHandler } from "../../../src/mock/stateful/stateful.js";

const BASE = "http://mock.test/v1/p/vpc-endpoint-services";

describe("fetchHandler", () => {
  const serve = fetchHandler(createStatefulHandler({ services: [...exampleServices], cors: "*" }).handle);

  it("answers a list request with the page, its headers and the CORS headers", async () => {
    const response = await serve(new Request(`${BASE}?limit=1`, { headers: { "X-Auth-Token": "t" } }));
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f]{32}$/);
    expect(((await response.json()) as { endpoint_services: unknown[] }).endpoint_services).toHaveLength(1);
  });

  it("refuses as the server does, and reads a control request's body", async () => {
    expect((await serve(new Request(BASE))).status).toBe(401);
    const added = await serve(
      new Request("http://mock.test/__mock/clock", {
        method: "POST",
        body: '{"advance_ms":1}',
        headers: { "Content-Type": "application/json" },
      }),
    );
    expect(added.status).toBe(200);
    // A string body is text/plain by default: what a page may send without a preflight, so refused.
    const plain = await serve(new Request("http://mock.test/__mock/clock", { method: "POST", body: '{"advance_ms":1}' }));
    expect(plain.status).toBe(415);
  });

  it("plays a delay, and any other fault as a network error", async () => {
    expect((await responseOf({ status: 200, headers: {}, body: "{}", fault: { kind: "delay", ms: 1 } })).status).toBe(200);
    expect((await responseOf({ status: 200, headers: {}, body: "{}", fault: { kind: "reset" } })).type).toBe("error");
    expect((await responseOf({ status: 204, headers: {}, body: "" })).body).toBeNull();
  });

  it("hands the steps the target as path and query, headers in lower case", async () => {
    const request = await requestFromFetch(new Request(`${BASE}?a=1`, { headers: { Prefer: "code=400" } }));
    expect([request.method, request.target, request.headers["prefer"]]).toEqual(["GET", "/v1/p/vpc-endpoint-services?a=1", "code=400"]);
  });
});
