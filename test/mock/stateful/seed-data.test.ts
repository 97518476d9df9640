// The stateful mock answers like the provider over its seed data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkSeed, SeedDataError, startStatefulMock } from "../../../src/mock/stateful/stateful.js";
import type { RunningMock } from "../../../src/mock/running.js";
import type { EndpointService } from "vpcep-openapi";
import { validateListEndpointServicesResponse } from "vpcep-openapi/contract";

const seed: EndpointService[] = [
  {
    id: "a",
    service_name: "Orders-API",
    service_type: "interface",
    status: "available",
    created_at: "2024-01-03T00:00:00Z",
    updated_at: "2024-02-01T00:00:00Z",
  },
  {
    id: "b",
    service_name: "orders-db",
    service_type: "interface",
    status: "failed",
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-03-01T00:00:00Z",
  },
  {
    id: "c",
    service_name: "billing",
    service_type: "gateway",
    status: "available",
    created_at: "2024-01-02T00:00:00.500",
    update_at: "2024-01-15T00:00:00Z",
  },
  { id: "d", service_name: "ORDERS-cache", service_type: "interface", status: "creating", created_at: "2024-01-04T08:00:00+08:00" },
];

let mock: RunningMock;
beforeAll(async () => {
  mock = await startStatefulMock({ services: checkSeed(seed) });
});
afterAll(() => mock.stop());

async function list(query: string, headers: Record<string, string> = { "X-Auth-Token": "t" }) {
  const response = await fetch(`${mock.url}/v1/p/vpc-endpoint-services${query}`, { headers });
  const body = (await response.json()) as { endpoint_services: EndpointService[]; total_count: number; error_code?: string };
  expect(validateListEndpointServicesResponse(response.status, response.headers, body).errors).toEqual([]);
  return { status: response.status, body };
}

describe("the stateful mock", () => {
  it.each([
    ["newest first by default (d was created at 2024-01-04T00:00Z)", "", ["d", "a", "c", "b"], 4],
    ["a fuzzy, case-insensitive name filter", "?endpoint_service_name=ORDERS", ["d", "a", "b"], 3],
    ["an id filter", "?id=c", ["c"], 1],
    ["a status filter", "?status=available", ["a", "c"], 2],
    ["creation time ascending (zone-less is UTC, +08:00 converted)", "?sort_key=create_at&sort_dir=asc", ["b", "c", "a", "d"], 4],
    [
      "update time descending, reading update_at and falling back to created_at",
      "?sort_key=update_at&sort_dir=desc",
      ["b", "a", "c", "d"],
      4,
    ],
    ["limit and offset, with total_count of all matches", "?sort_dir=asc&limit=2&offset=1", ["c", "a"], 4],
    ["an offset past the end", "?offset=10", [], 4],
  ])("honours %s", async (_what, query, ids, total) => {
    const { status, body } = await list(query);
    expect(status).toBe(200);
    expect(body.endpoint_services.map((s) => s.id)).toEqual(ids);
    expect(body.total_count).toBe(total);
  });

  it.each([
    ["?limit=1001", "EndPoint.0006"],
    ["?offset=-1", "EndPoint.0010"],
    ["?sort_key=name", "EndPoint.0017"],
    ["?sort_dir=up", "EndPoint.0018"],
    ["?status=gone", "EndPoint.0019"],
    [`?endpoint_service_name=${"x".repeat(129)}`, "EndPoint.1003"],
  ])("refuses %s with 400 %s", async (query, code) => {
    const { status, body } = await list(query);
    expect(status).toBe(400);
    expect(body.error_code).toBe(code);
  });

  it("ignores a parameter the document does not list, as the service does (test/mock/stateful/query-policy.test.ts)", async () => {
    expect(await list("?marker=1&limit=2")).toEqual(await list("?limit=2"));
  });

  it("answers 401 without credentials and 404 off the operation's path", async () => {
    expect((await list("", {})).status).toBe(401);
    const response = await fetch(`${mock.url}/v2/nothing`, { headers: { "X-Auth-Token": "t" } });
    expect(response.status).toBe(404);
  });

  it("sends a 500 instead of an answer that breaks the contract, and says why", async () => {
    const problems: string[][] = [];
    const bad = await startStatefulMock({
      services: [{ ...seed[0]!, ports: [{ client_port: 70000, server_port: 1 }] }],
      onInvalidAnswer: (p) => problems.push(p),
    });
    const response = await fetch(`${bad.url}/v1/p/vpc-endpoint-services`, { headers: { "X-Auth-Token": "t" } });
    await bad.stop();
    expect(response.status).toBe(500);
    expect(problems).toEqual([["endpoint_services[0].ports[0].client_port: must be <= 65535"]]);
  });

  it.each([
    ["not a list", { services: [] }, /expected an array of services/],
    ["an invalid service", [{ id: "x" }], /\n  service 0: service_name: required\n/],
    ["a duplicate id", [seed[0], seed[0]], /service 1: id: the same as service 0's; ids must be unique/],
  ])("refuses seed data that is %s", (_what, data, message) => {
    expect(() => checkSeed(data, "seed.json")).toThrow(SeedDataError);
    expect(() => checkSeed(data, "seed.json")).toThrow(message);
  });

  it("accepts a page as seed data", () => {
    expect(checkSeed({ endpoint_services: seed, total_count: 4 })).toHaveLength(4);
  });
});
