// `Prefer`: what it asks for, and the documented answer it picks.
import { describe, expect, it } from "vitest";
import { defaultResponse, examplesByStatus } from "../../../generated/document-facts.js";
import { validateListEndpointServicesResponse } from "../../../src/document/validators.js";
import { choosePreferred, parsePrefer, PreferError, preferredReply, readPreference } from "../../../src/mock/prefer.js";

describe("parsePrefer", () => {
  it("reads code, example and faults, in any order and separator, ignoring other preferences", () => {
    expect(parsePrefer("code=429, example=APIGW-0308")).toEqual({ code: 429, example: "APIGW-0308" });
    expect(parsePrefer("fault=slow-body=3000; dynamic=true")).toEqual({ fault: { kind: "slow-body", ms: 3000 } });
    expect(parsePrefer("delay=500")).toEqual({ fault: { kind: "delay", ms: 500 } });
    expect(parsePrefer(undefined)).toEqual({});
  });

  it("names what is wrong", () => {
    expect(() => parsePrefer("code=abc")).toThrow(PreferError);
    expect(() => parsePrefer("fault=explode")).toThrow(/unknown fault; known: reset/);
    expect(() => parsePrefer("fault=delay=70000")).toThrow(/0 to 60000/);
  });
});

describe("the Prefer steps", () => {
  it("refuses an unreadable header with EndPoint.0002 and the reason", () => {
    expect(readPreference("code=1")).toEqual({
      ok: false,
      reply: {
        status: 400,
        body: { error_code: "EndPoint.0002", error_msg: "Parameter error. vpcep-mock: Prefer: code=1: not an HTTP status" },
      },
    });
  });

  it("picks the named example, the first of a status when none is named, the real page for a bare 200", () => {
    expect(preferredReply(200, "empty-page", "r")).toMatchObject({ status: 200, body: { endpoint_services: [], total_count: 0 } });
    expect(preferredReply(400, undefined, "r")?.status).toBe(400);
    expect(preferredReply(200, undefined, "r")).toBeUndefined();
  });

  it.each(defaultResponse.statuses)("answers code=%i, a status of the default response, with its documented body", (code) => {
    const reply = preferredReply(code, undefined, "r");
    expect(reply).toEqual({ status: code, body: examplesByStatus.default["EndPoint-0001"] });
    expect(validateListEndpointServicesResponse(code, { "content-type": "application/json" }, reply?.body).errors).toEqual([]);
    expect(choosePreferred({ code }, "r")).toMatchObject({ ok: true, value: { status: code } });
  });

  it("refuses a status neither documented nor covered by the default response, listing both", () => {
    for (const code of [418, 410, 505, 302])
      expect(() => preferredReply(code, undefined, "r")).toThrow(/through the default response: 405, 406, 407, 408, 409, 501, 502, 503/);
  });

  it("puts the request's own id into an example that carries one", () => {
    const reply = preferredReply(429, undefined, "my-request");
    expect(reply?.body).toMatchObject({ request_id: "my-request" });
  });

  it("refuses a status or an example the document lacks, naming the known ones", () => {
    expect(() => preferredReply(418, undefined, "r")).toThrow(/not a documented status; documented: 200/);
    const refused = choosePreferred({ code: 200, example: "nope" }, "r");
    expect(refused.ok).toBe(false);
    expect(!refused.ok && (refused.reply.body as { error_msg: string }).error_msg).toMatch(/no such example for 200; known: .*empty-page/);
    expect(choosePreferred({}, "r")).toEqual({ ok: true, value: undefined });
  });
});
