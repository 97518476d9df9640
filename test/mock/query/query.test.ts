// The query step: the documented refusal, or the page query with the document's defaults.
import { describe, expect, it } from "vitest";
import { pageQueryOf, readQuery } from "../../../src/mock/query.js";

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
