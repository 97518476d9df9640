// The query step: the documented refusal, or the page query with the document's defaults.
import { describe, expect, it } from "vitest";
import { pageQueryOf, readQuery, shownName, unlistedParameters } from "../../../src/mock/query.js";

const url = (query: string) => new URL(`http://mock.local/v1/p/vpc-endpoint-services${query}`);

describe("readQuery", () => {
  it("reads the defaults: newest first, ten from the start", () => {
    expect(readQuery(url(""))).toEqual({
      ok: true,
      value: {
        id: undefined,
        status: undefined,
        name: undefined,
        publicBorderGroup: undefined,
        serverType: undefined,
        sortKey: "create_at",
        sortDir: "desc",
        offset: 0,
        limit: 10,
      },
    });
  });

  it("lower-cases the name filter (the provider's match ignores case)", () => {
    expect(pageQueryOf(new URLSearchParams("endpoint_service_name=Orders&limit=5&offset=2"))).toMatchObject({
      name: "orders",
      limit: 5,
      offset: 2,
    });
  });

  it.each([
    ["?limit=5000", "EndPoint.0006"],
    ["?offset=-1", "EndPoint.0010"],
    ["?sort_key=name", "EndPoint.0017"],
    ["?sort_dir=up", "EndPoint.0018"],
    ["?status=gone", "EndPoint.0019"],
  ])("refuses %s with %s", (query, code) => {
    const outcome = readQuery(url(query));
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.reply).toMatchObject({ status: 400, body: { error_code: code } });
  });
});

describe("parameters the document does not list", () => {
  it("are ignored, as by the service, and named once each to onUnlisted", () => {
    const heard: string[][] = [];
    const outcome = readQuery(url("?limt=5&limit=2&foo=1&foo=2&limt=6"), { onUnlisted: (names) => heard.push([...names]) });
    expect(outcome).toMatchObject({ ok: true, value: { limit: 2 } });
    expect(heard).toEqual([["limt", "foo"]]);
  });

  it("are not reported when the query is valid", () => {
    const heard: string[][] = [];
    expect(readQuery(url("?server_type=VM&limit=1"), { onUnlisted: (names) => heard.push([...names]) }).ok).toBe(true);
    expect(heard).toEqual([]);
  });

  it("are refused with EndPoint.0002 under strict, naming the parameter but not its value", () => {
    const outcome = readQuery(url("?limt=5&token=hunter2"), { strict: true });
    expect(outcome.ok).toBe(false);
    const body = !outcome.ok ? (outcome.reply.body as { error_code: string; error_msg: string }) : undefined;
    expect(outcome.ok || outcome.reply.status).toBe(400);
    expect(body?.error_code).toBe("EndPoint.0002");
    expect(body?.error_msg).toContain('"limt" is not a parameter of this operation');
    expect(body?.error_msg).not.toContain("hunter2");
  });

  it.each([
    ["?limit=5000&foo=1", "EndPoint.0006"],
    ["?foo=1&status=gone", "EndPoint.0019"],
    ["?limit=1&limit=2&foo=1", "EndPoint.0006"],
  ])("do not hide a listed parameter's refusal: %s gets %s, strict or not", (query, code) => {
    for (const strict of [false, true]) {
      const outcome = readQuery(url(query), { strict });
      expect(!outcome.ok && outcome.reply).toMatchObject({ status: 400, body: { error_code: code } });
    }
  });

  it("server_type is listed (an open filter): any value is read, none refused", () => {
    for (const value of ["VM", "LB", "SOMETHING_NEWER", ""]) {
      const outcome = readQuery(url(`?server_type=${value}`), { strict: true });
      expect(outcome).toMatchObject({ ok: true, value: { serverType: value } });
    }
  });

  it("unlistedParameters lists each unlisted name once; shownName hides names that are not parameter-like", () => {
    expect(unlistedParameters(new URLSearchParams("a=1&limit=2&a=3&b"))).toEqual(["a", "b"]);
    expect(shownName("limt")).toBe('"limt"');
    const token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXNlY3JldC12YWx1ZQ";
    expect(shownName(token)).toBe(`(a name of ${token.length} characters, not shown)`);
    expect(shownName("a b\n")).not.toContain("a b");
  });
});
