// CORS: the headers every answer carries, and preflights.
import { describe, expect, it } from "vitest";
import { NO_BODY } from "../../../src/mock/body.js";
import { isPreflight, preflight, withCors } from "../../../src/mock/cors.js";

const options = (headers: Record<string, string>) => ({ method: "OPTIONS", target: "/", headers, body: NO_BODY });

describe("cors", () => {
  it("tells a preflight from a plain OPTIONS", () => {
    expect(isPreflight(options({ "access-control-request-method": "GET" }))).toBe(true);
    expect(isPreflight(options({}))).toBe(false);
    expect(isPreflight({ ...options({ "access-control-request-method": "GET" }), method: "GET" })).toBe(false);
  });

  it("allows GET and the headers the page asks for, for ten minutes, without a body", () => {
    expect(
      preflight(options({ "access-control-request-method": "GET", "access-control-request-headers": "x-auth-token, prefer" })),
    ).toEqual({
      status: 204,
      headers: {
        "Access-Control-Allow-Methods": "GET",
        "Access-Control-Allow-Headers": "x-auth-token, prefer",
        "Access-Control-Max-Age": "600",
      },
      body: "",
    });
  });

  it("exposes X-Request-Id, varies by Origin for a named origin and not for *", () => {
    const answer = { status: 200, headers: { "X-Request-Id": "r" }, body: "{}" };
    expect(withCors(answer, "http://a.example").headers).toEqual({
      "Access-Control-Allow-Origin": "http://a.example",
      "Access-Control-Expose-Headers": "X-Request-Id, Retry-After",
      Vary: "Origin",
      "X-Request-Id": "r",
    });
    expect(withCors(answer, "*").headers["Vary"]).toBeUndefined();
    expect(answer.headers).toEqual({ "X-Request-Id": "r" });
  });
});
