// The query as the service treats it: unlisted parameters accepted and ignored (with one warning
// per name in the mock's log) or refused under strictQuery; the server_type filter; `Prefer:
// code=` for the statuses of the default response.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EndpointService } from "vpcep-openapi";
import { validateListEndpointServicesResponse } from "vpcep-openapi/contract";
import { defaultResponse } from "../../../generated/document-facts.js";
import type { RunningMock } from "../../../src/mock/running.js";
import { checkSeed, startStatefulMock } from "../../../src/mock/stateful/stateful.js";
import { rawGet } from "../../support/raw-http.js";

const service = (id: string, serverType: string | undefined, created: string): EndpointService => ({
  id,
  service_name: `svc-${id}`,
  service_type: "interface",
  status: "available",
  created_at: created,
  ...(serverType === undefined ? {} : { server_type: serverType as NonNullable<EndpointService["server_type"]> }),
});
const seed = [
  service("vm-1", "VM", "2024-01-01T00:00:00Z"),
  service("lb-1", "LB", "2024-01-02T00:00:00Z"),
  service("vm-2", "VM", "2024-01-03T00:00:00Z"),
  service("none", undefined, "2024-01-04T00:00:00Z"),
];

let lenient: RunningMock;
let strict: RunningMock;
const warnings: string[] = [];
beforeAll(async () => {
  lenient = await startStatefulMock({ services: checkSeed(seed), onWarning: (line) => warnings.push(line) });
  strict = await startStatefulMock({ services: checkSeed(seed), strictQuery: true });
});
afterAll(async () => {
  await lenient.stop();
  await strict.stop();
});

async function list(mock: RunningMock, query: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${mock.url}/v1/p/vpc-endpoint-services${query}`, { headers: { "X-Auth-Token": "t", ...headers } });
  const body = (await response.json()) as {
    endpoint_services?: EndpointService[];
    total_count?: number;
    error_code?: string;
    error_msg?: string;
  };
  expect(validateListEndpointServicesResponse(response.status, response.headers, body).errors).toEqual([]);
  return { status: response.status, body, ids: body.endpoint_services?.map((s) => s.id) };
}

describe("a query parameter the document does not list", () => {
  it("is ignored: the answer is the one without it", async () => {
    const without = await list(lenient, "?limit=2");
    const withIt = await list(lenient, "?limit=2&marker=abc&limt=1&ip_version=4");
    expect(withIt).toEqual(without);
    expect(withIt.ids).toHaveLength(2);
  });

  it("is named in the mock's log once per name, never with its value", async () => {
    await list(lenient, "?pagesize=7&access_key=HPUAEXAMPLEKEY123456");
    await list(lenient, "?pagesize=8");
    const named = warnings.filter((line) => line.includes('"pagesize"'));
    expect(named).toHaveLength(1);
    expect(warnings.join("\n")).toContain('"access_key"');
    expect(warnings.join("\n")).not.toMatch(/HPUAEXAMPLEKEY|=7|=8/);
    expect(lenient.output()).toContain('ignored the query parameter "pagesize"');
  });

  it("does not hide the documented refusal of a listed parameter", async () => {
    expect((await list(lenient, "?limit=5000&foo=1")).body.error_code).toBe("EndPoint.0006");
    expect((await list(strict, "?limit=5000&foo=1")).body.error_code).toBe("EndPoint.0006");
  });

  it("is refused with 400 EndPoint.0002 under strictQuery, naming it", async () => {
    const { status, body } = await list(strict, "?limt=5");
    expect(status).toBe(400);
    expect(body.error_code).toBe("EndPoint.0002");
    expect(body.error_msg).toContain('--strict-query: "limt" is not a parameter of this operation');
    expect((await list(strict, "?limit=1&server_type=VM")).status).toBe(200);
  });
});

describe("the server_type filter", () => {
  it.each([
    ["VM", ["vm-2", "vm-1"]],
    ["LB", ["lb-1"]],
    ["BMS", []],
    ["A_TYPE_FROM_THE_FUTURE", []],
  ])("server_type=%s answers the services of that type, counted by total_count", async (value, ids) => {
    const { status, body, ids: got } = await list(lenient, `?server_type=${value}`);
    expect(status).toBe(200);
    expect(got).toEqual(ids);
    expect(body.total_count).toBe(ids.length);
  });

  it("combines with the other filters and paging", async () => {
    const { ids, body } = await list(lenient, "?server_type=VM&sort_dir=asc&limit=1&offset=1");
    expect(ids).toEqual(["vm-2"]);
    expect(body.total_count).toBe(2);
    expect((await list(lenient, "?server_type=VM&id=lb-1")).body.total_count).toBe(0);
  });
});

describe("Prefer: code= for the statuses of the default response", () => {
  // Over node:http: fetch (undici) turns a 407 into a network error.
  it.each(defaultResponse.statuses)("code=%i answers that status with the documented body", async (code) => {
    const { status, body } = await rawGet(lenient.url, "/v1/p/vpc-endpoint-services", { "X-Auth-Token": "t", Prefer: `code=${code}` });
    expect(status).toBe(code);
    expect(validateListEndpointServicesResponse(status, { "content-type": "application/json" }, body).errors).toEqual([]);
    expect(JSON.parse(body)).toMatchObject({ error_code: "EndPoint.0001" });
  });

  it("a status outside the document is still refused, naming both lists", async () => {
    const { status, body } = await list(lenient, "", { Prefer: "code=418" });
    expect(status).toBe(400);
    expect(body.error_msg).toMatch(/code=418: not a documented status; documented: 200, .*default response: 405, .*503/);
  });
});
