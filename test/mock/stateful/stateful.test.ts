// The stateful mock's steps composed, driven from plain requests (no server, no socket): the
// path a fetch handler takes.
import { describe, expect, it, vi } from "vitest";
import { exampleServices } from "../../../generated/contract-validators.js";
import { bodyOf, NO_BODY } from "../../../src/mock/body.js";
import type { MockRequest } from "../../../src/mock/exchange.js";
import { createStatefulHandler, type StatefulOptions } from "../../../src/mock/stateful/stateful.js";
import type { EndpointService } from "../../../src/document/types.js";

const LIST = "/v1/p/vpc-endpoint-services";
const get = (target: string, headers: Record<string, string> = { "x-auth-token": "t" }): MockRequest => ({
  method: "GET",
  target,
  headers,
  body: NO_BODY,
});
const handlerOf = (options: Partial<StatefulOptions> = {}) => createStatefulHandler({ services: [...exampleServices], ...options });
const json = (body: string) => JSON.parse(body) as Record<string, unknown>;

describe("createStatefulHandler: a plain request to a plain answer", () => {
  it("pages the seed data with a request id, checked JSON and no socket involved", async () => {
    const answer = await handlerOf().handle(get(`${LIST}?limit=2&sort_key=create_at&sort_dir=asc`));
    expect(answer.status).toBe(200);
    expect(answer.headers["Content-Type"]).toBe("application/json");
    expect(answer.headers["X-Request-Id"]).toMatch(/^[0-9a-f]{32}$/);
    const page = json(answer.body) as { endpoint_services: EndpointService[]; total_count: number };
    expect(page.total_count).toBe(exampleServices.length);
    expect(page.endpoint_services).toHaveLength(2);
    expect(answer.fault).toBeUndefined();
  });

  it("answers an unknown path or method with the documented 404", async () => {
    const handler = handlerOf();
    for (const request of [get("/v1/p/other"), { ...get(LIST), method: "POST" }, get("//")]) {
      const answer = await handler.handle(request);
      expect(answer.status).toBe(404);
      expect(json(answer.body)["error_code"]).toBe("EndPoint.0005");
    }
  });

  it("refuses a bad parameter with its documented code, a bad Prefer with EndPoint.0002", async () => {
    const handler = handlerOf();
    expect(json((await handler.handle(get(`${LIST}?limit=5000`))).body)["error_code"]).toBe("EndPoint.0006");
    expect(json((await handler.handle(get(`${LIST}?sort_dir=up`))).body)["error_code"]).toBe("EndPoint.0018");
    const prefer = await handler.handle(get(LIST, { "x-auth-token": "t", prefer: "code=299" }));
    expect(prefer.status).toBe(400);
    expect(json(prefer.body)["error_msg"]).toContain("not a documented status");
  });

  it("answers a documented example on Prefer, and keeps the requested fault for the transport", async () => {
    const answer = await handlerOf().handle(get(LIST, { "x-auth-token": "t", prefer: "code=200, example=empty-page, fault=truncate" }));
    expect(answer.status).toBe(200);
    expect(json(answer.body)["endpoint_services"]).toEqual([]);
    expect(answer.fault).toEqual({ kind: "truncate" });
  });

  it("checks credentials before anything else of the request when they are configured", async () => {
    const handler = handlerOf({ credentials: { tokens: ["right"] } });
    const refused = await handler.handle(get(`${LIST}?limit=5000`, { "x-auth-token": "wrong" }));
    expect(refused.status).toBe(401);
    expect(json(refused.body)).toMatchObject({ error_code: "APIGW.0301", request_id: refused.headers["X-Request-Id"] });
    expect((await handler.handle(get(LIST, { "x-auth-token": "right" }))).status).toBe(200);
  });

  it("drives the control API through the same handle, body included", async () => {
    const handler = handlerOf();
    const removed = await handler.handle({
      method: "DELETE",
      target: `/__mock/services/${exampleServices[0]!.id}`,
      headers: {},
      body: NO_BODY,
    });
    expect(removed.status).toBe(204);
    expect(json((await handler.handle(get(LIST))).body)["total_count"]).toBe(exampleServices.length - 1);
    const clock = await handler.handle({
      method: "POST",
      target: "/__mock/clock",
      headers: { "content-type": "application/json" },
      body: bodyOf(new TextEncoder().encode('{"advance_ms":1000}')),
    });
    expect(clock.status).toBe(200);
    const reset = await handler.handle({
      method: "POST",
      target: "/__mock/reset",
      headers: { "content-type": "application/json" },
      body: NO_BODY,
    });
    expect(json(reset.body)).toEqual({ count: exampleServices.length });
  });

  it("sends a 500 instead of a page the document refuses, and says why", async () => {
    const onInvalidAnswer = vi.fn();
    const broken = { ...exampleServices[0]!, ports: "none" } as unknown as EndpointService;
    const handler = handlerOf({ services: [broken], onInvalidAnswer });
    const answer = await handler.handle(get(LIST));
    expect(answer.status).toBe(500);
    expect(json(answer.body)["error_code"]).toBe("EndPoint.0001");
    expect(onInvalidAnswer).toHaveBeenCalledOnce();
    expect(handler.output()).toContain("refused to send an invalid answer: endpoint_services[0].ports");
  });

  it("adds CORS headers to every answer and answers preflights when told an origin", async () => {
    const handler = handlerOf({ cors: "http://localhost:5173" });
    const page = await handler.handle(get(LIST));
    expect(page.headers).toMatchObject({ "Access-Control-Allow-Origin": "http://localhost:5173", Vary: "Origin" });
    const preflight = await handler.handle({
      method: "OPTIONS",
      target: LIST,
      headers: { "access-control-request-method": "GET", "access-control-request-headers": "x-auth-token" },
      body: NO_BODY,
    });
    expect(preflight).toMatchObject({ status: 204, body: "" });
    expect(preflight.headers["Access-Control-Allow-Headers"]).toBe("x-auth-token");
    const without = await handlerOf().handle({
      method: "OPTIONS",
      target: LIST,
      headers: { "access-control-request-method": "GET" },
      body: NO_BODY,
    });
    expect(without.status).toBe(404);
  });

  it("turns a failing step into a 500 EndPoint.0001 noted in its output, never a rejection", async () => {
    const failing: MockRequest = {
      method: "GET",
      target: LIST,
      headers: { authorization: "SDK-HMAC-SHA256 Access=a, SignedHeaders=x-sdk-date, Signature=00", "x-sdk-date": "20240101T000000Z" },
      body: () => Promise.reject(new Error("socket gone")),
    };
    const handler = handlerOf({ credentials: { keys: [{ accessKey: "a", secretKey: "s" }] } });
    const now = Date.UTC(2024, 0, 1);
    vi.useFakeTimers({ now, toFake: ["Date"] });
    try {
      const answer = await handler.handle(failing);
      expect(answer.status).toBe(500);
      expect(handler.output()).toContain("error: socket gone");
    } finally {
      vi.useRealTimers();
    }
  });
});
