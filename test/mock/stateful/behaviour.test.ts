// Behaviour a caller must survive, over real sockets: throttling, documented errors on request,
// transport faults (on request and at random, reproducibly), services that change over time, and
// the control API that changes the list between two pages.
import { request as httpRequest } from "node:http";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVpcepClient } from "vpcep-openapi";
import type { EndpointService } from "vpcep-openapi";
import { validateListEndpointServicesResponse } from "vpcep-openapi/contract";
import { documentedExamples } from "../../../src/document/examples.js";
import { startStatefulMock, type StatefulMock, type StatefulOptions } from "../../../src/mock/stateful/stateful.js";
import { scaled, waitFor } from "../../support/timeouts.js";

const PATH = "/v1/p/vpc-endpoint-services";
const service = (n: number, extra: Partial<EndpointService> = {}): EndpointService => ({
  id: `svc-${String(n).padStart(4, "0")}`,
  service_name: `service-${n}`,
  service_type: "interface",
  status: "available",
  created_at: new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
  ...extra,
});
const seed = Array.from({ length: 25 }, (_, n) => service(n));

const started: StatefulMock[] = [];
async function start(options: Partial<StatefulOptions> = {}) {
  const mock = await startStatefulMock({ services: seed, ...options });
  started.push(mock);
  return mock;
}
afterAll(() => Promise.all(started.map((mock) => mock.stop())));

async function get(mock: StatefulMock, query = "", headers: Record<string, string> = {}) {
  const response = await fetch(`${mock.url}${PATH}${query}`, { headers: { "X-Auth-Token": "t", ...headers } });
  const text = await response.text();
  const body = JSON.parse(text) as {
    endpoint_services: EndpointService[];
    total_count: number;
    error_code?: string;
    error_msg?: string;
    request_id?: string;
  };
  expect(validateListEndpointServicesResponse(response.status, response.headers, text).errors).toEqual([]);
  return { status: response.status, headers: response.headers, body };
}

async function control(mock: StatefulMock, method: string, path: string, body?: unknown) {
  const response = await fetch(`${mock.url}/__mock/${path}`, {
    method,
    // The control API takes a JSON content type on every POST and PATCH, a body or none.
    headers: { "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: response.status === 204 ? undefined : ((await response.json()) as Record<string, unknown>) };
}

describe("throttling", () => {
  it("answers 429 APIGW.0308 beyond the rate per credential, and counts each credential apart", async () => {
    const mock = await start({ rateLimit: 3 });
    const started = performance.now();
    const burst = await Promise.all(Array.from({ length: 10 }, () => get(mock, "?limit=1")));
    const refused = burst.filter((r) => r.status === 429);
    // Ten requests sent at once fall into at most two one-second windows of three (four refused)
    // when they take under a second; a busy machine that spreads them adds a window a second.
    const windows = Math.ceil((performance.now() - started) / 1000) + 1;
    expect(refused.length).toBeGreaterThanOrEqual(Math.max(1, 10 - 3 * windows));
    expect(burst.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(3);
    for (const { body, headers } of refused) {
      expect(body).toEqual({
        error_code: "APIGW.0308",
        error_msg: "The throttling threshold has been reached: policy user over ratelimit,limit:3,time:1 second",
        request_id: headers.get("x-request-id"),
      });
      // When to come back: the next one-second window.
      expect(headers.get("retry-after")).toBe("1");
    }
    const other = await Promise.all(Array.from({ length: 3 }, () => get(mock, "?limit=1", { "X-Auth-Token": "another" })));
    expect(other.map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it("the client's default retries ride through it: 6 concurrent calls against rateLimit 2 all succeed (Retry-After: 1, three attempts, each in a later window)", async () => {
    const mock = await start({ rateLimit: 2, credentials: { tokens: ["t"] } });
    const client = createVpcepClient({ baseUrl: mock.url, projectId: "p", auth: { token: "t" } });
    const pages = await Promise.all(Array.from({ length: 6 }, () => client.listEndpointServices({ limit: 1 })));
    expect(pages.map((page) => page.total_count)).toEqual(Array(6).fill(seed.length));
  });
});

describe("Prefer: code=…, example=…", () => {
  let mock: StatefulMock;
  beforeAll(async () => {
    mock = await start();
  });

  it.each([
    ["code=400, example=EndPoint-0022", 400, "EndPoint.0022"],
    ["code=429", 429, "APIGW.0308"],
    ["code=401, example=APIGW-0301", 401, "APIGW.0301"],
    ["code=504", 504, "EndPoint.0013"],
    ["code=500", 500, "EndPoint.0001"],
  ])("%s answers the documented example", async (prefer, status, code) => {
    const { status: got, body, headers } = await get(mock, "", { Prefer: prefer });
    expect(got).toBe(status);
    expect(body.error_code).toBe(code);
    if (code.startsWith("APIGW.")) expect(body.request_id).toBe(headers.get("x-request-id"));
  });

  it("code=200 with an example answers it; without one, the real page", async () => {
    const empty = await get(mock, "", { Prefer: "code=200, example=empty-page" });
    expect(empty.body.endpoint_services).toEqual([]);
    expect((await get(mock, "?limit=2", { Prefer: "code=200" })).body.total_count).toBe(25);
  });

  it.each([
    ["code=418", /code=418: not a documented status; documented: 200, 400, 401/],
    ["code=400, example=nope", /example=nope: no such example for 400; known: EndPoint-0002/],
    ["code=abc", /code=abc: not an HTTP status/],
    ["fault=meltdown", /fault=meltdown: unknown fault; known: reset, truncate, html-502, delay, slow-body/],
    ["fault=delay=soon", /the time must be whole milliseconds/],
  ])("refuses Prefer: %s with 400 naming what is wrong", async (prefer, message) => {
    const { status, body } = await get(mock, "", { Prefer: prefer });
    expect(status).toBe(400);
    expect(body.error_code).toBe("EndPoint.0002");
    expect(body.error_msg).toMatch(message);
  });
});

/** What arrives on the wire: status, headers, the bytes, and how the connection ended. */
function raw(url: string, headers: Record<string, string>) {
  return new Promise<{
    status?: number;
    contentType?: string;
    length?: number;
    bytes: number;
    ended: "complete" | "aborted" | "reset";
    firstByteMs?: number;
    ms: number;
    text: string;
  }>((resolve) => {
    const begin = performance.now();
    let firstByteMs: number | undefined;
    const request = httpRequest(url, { headers: { "X-Auth-Token": "t", ...headers, Connection: "close" } }, (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => {
        firstByteMs ??= performance.now() - begin;
        text += chunk.toString();
      });
      const finish = (ended: "complete" | "aborted") =>
        resolve({
          status: response.statusCode!,
          contentType: response.headers["content-type"]!,
          length: Number(response.headers["content-length"]),
          bytes: Buffer.byteLength(text),
          ended,
          ...(firstByteMs === undefined ? {} : { firstByteMs }),
          ms: performance.now() - begin,
          text,
        });
      response.on("end", () => finish("complete"));
      response.on("aborted", () => finish("aborted"));
      response.on("error", () => finish("aborted"));
    });
    request.on("error", () => resolve({ bytes: 0, ended: "reset", ms: performance.now() - begin, text: "" }));
    request.end();
  });
}

describe("Prefer: fault=…, on the wire", () => {
  let mock: StatefulMock;
  beforeAll(async () => {
    mock = await start();
  });
  const url = () => `${mock.url}${PATH}?limit=5`;

  it("reset drops the connection before any byte", async () => {
    const result = await raw(url(), { Prefer: "fault=reset" });
    expect(result).toMatchObject({ ended: "reset", bytes: 0 });
    expect(result.status).toBeUndefined();
    await expect(fetch(url(), { headers: { "X-Auth-Token": "t", Prefer: "fault=reset" } })).rejects.toThrow(TypeError);
  });

  it("truncate announces the whole length and sends half of it", async () => {
    const result = await raw(url(), { Prefer: "fault=truncate" });
    expect(result.status).toBe(200);
    expect(result.ended).toBe("aborted");
    expect(result.bytes).toBe(Math.floor(result.length! / 2));
    expect(() => JSON.parse(result.text)).toThrow();
  });

  it("html-502 answers a proxy's HTML page", async () => {
    const result = await raw(url(), { Prefer: "fault=html-502" });
    expect(result).toMatchObject({ status: 502, contentType: "text/html", ended: "complete" });
    expect(result.text).toContain("<title>502 Bad Gateway</title>");
  });

  it("delay=<ms> waits, then answers normally", async () => {
    const result = await raw(url(), { Prefer: "fault=delay=300" });
    expect(result).toMatchObject({ status: 200, ended: "complete" });
    expect(result.ms).toBeGreaterThanOrEqual(290);
    expect(JSON.parse(result.text).endpoint_services).toHaveLength(5);
  });

  it("slow-body sends the whole body, spread over the time", async () => {
    const result = await raw(url(), { Prefer: "fault=slow-body=500" });
    expect(result).toMatchObject({ status: 200, ended: "complete" });
    expect(result.bytes).toBe(result.length);
    expect(result.ms - result.firstByteMs!).toBeGreaterThanOrEqual(350);
    expect(validateListEndpointServicesResponse(200, { "content-type": result.contentType! }, result.text).valid).toBe(true);
  });

  it("the client survives them: a timeout on slow-body, a network error on reset", async () => {
    const client = (prefer: string, timeoutMs = 30_000) =>
      createVpcepClient({
        projectId: "p",
        baseUrl: mock.url,
        auth: { token: "t" },
        retry: false,
        timeoutMs,
        fetch: (input, init) => {
          const request = new Request(input, init);
          request.headers.set("Prefer", prefer);
          return fetch(request);
        },
      });
    await expect(client("fault=reset").listEndpointServices()).rejects.toMatchObject({ name: "VpcepNetworkError" });
    await expect(client("fault=slow-body=2000", 300).listEndpointServices()).rejects.toMatchObject({ name: "VpcepTimeoutError" });
  });
});

describe("--faults with --seed", () => {
  async function outcomes(seedNumber: number) {
    const mock = await start({ faults: { rate: 0.5, seed: seedNumber } });
    const seen: string[] = [];
    for (let n = 0; n < 24; n++) {
      const result = await raw(`${mock.url}${PATH}?limit=2`, {});
      seen.push(result.ended === "complete" ? String(result.status) : result.ended);
    }
    return seen;
  }

  it("injects the same faults for the same seed, others for another, and leaves the rest alone", async () => {
    const [first, again, other] = await Promise.all([outcomes(7), outcomes(7), outcomes(8)]);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(first.filter((o) => o === "200").length).toBeGreaterThan(4);
    expect(first.filter((o) => o !== "200").length).toBeGreaterThan(4);
  });
});

describe("services that change over time", () => {
  it("creating becomes available (or failed) and deleting disappears after the configured delay", async () => {
    const mock = await start({ lifecycle: { creatingMs: 60_000, deletingMs: 30_000 } });
    expect(
      (await control(mock, "POST", "services", { id: "new", service_name: "new", service_type: "interface", status: "creating" })).status,
    ).toBe(201);
    expect(
      (
        await control(mock, "POST", "services?becomes=failed&after_ms=60000", {
          id: "doomed",
          service_name: "doomed",
          service_type: "interface",
          status: "creating",
        })
      ).status,
    ).toBe(201);
    expect((await control(mock, "PATCH", "services/svc-0003", { status: "deleting" })).status).toBe(200);
    const status = async (id: string) => (await get(mock, `?id=${id}`)).body.endpoint_services[0]?.status;
    expect([await status("new"), await status("doomed"), await status("svc-0003")]).toEqual(["creating", "creating", "deleting"]);
    await control(mock, "POST", "clock", { advance_ms: 30_000 });
    expect([await status("new"), await status("svc-0003")]).toEqual(["creating", undefined]);
    expect((await get(mock)).body.total_count).toBe(26);
    await control(mock, "POST", "clock", { advance_ms: 30_000 });
    const fresh = (await get(mock, "?id=new")).body.endpoint_services[0]!;
    expect(fresh.status).toBe("available");
    expect(Date.parse(fresh.updated_at!)).toBeGreaterThan(Date.parse(fresh.created_at));
    expect(await status("doomed")).toBe("failed");
    expect((await get(mock, "?status=available")).body.total_count).toBe(25);
  });

  it("polling code sees the change in real time too", async () => {
    // The first poll must come before the service leaves creating: a second (times the scale) later.
    const mock = await start({ services: [service(1, { status: "creating" })], lifecycle: { creatingMs: scaled(1_000) } });
    const client = createVpcepClient({ projectId: "p", baseUrl: mock.url, auth: { token: "t" } });
    const seen: string[] = [];
    await waitFor(
      "svc-0001 leaves creating",
      async () => {
        const status = (await client.listEndpointServices({ id: "svc-0001" })).endpoint_services[0]!.status;
        if (seen.at(-1) !== status) seen.push(status);
        return status;
      },
      (status) => status !== "creating",
      { intervalMs: 50 },
    );
    expect(seen).toEqual(["creating", "available"]);
  });
});

describe("the control API", () => {
  it("lists, adds one or many, changes, deletes and resets; the list shifts between two pages", async () => {
    const mock = await start();
    expect((await control(mock, "GET", "services")).body).toMatchObject({ count: 25 });
    const first = await get(mock, "?limit=10");
    const added = await control(mock, "POST", "services", [
      { service_name: "newest-a", service_type: "interface", status: "available", created_at: "2030-01-01T00:00:00Z" },
      { service_name: "newest-b", service_type: "interface", status: "available", created_at: "2030-01-02T00:00:00Z" },
    ]);
    expect(added).toMatchObject({ status: 201, body: { count: 2 } });
    const second = await get(mock, "?limit=10&offset=10");
    // Two newer services pushed the first page's last two items onto the second page.
    expect(second.body.endpoint_services.slice(0, 2)).toEqual(first.body.endpoint_services.slice(8, 10));
    expect(second.body.total_count).toBe(27);
    expect((await control(mock, "PATCH", "services/svc-0000", { service_name: "renamed" })).body).toMatchObject({
      id: "svc-0000",
      service_name: "renamed",
    });
    expect((await get(mock, "?endpoint_service_name=RENAMED")).body.total_count).toBe(1);
    expect((await control(mock, "DELETE", "services/svc-0000")).status).toBe(204);
    expect((await get(mock, "?id=svc-0000")).body.total_count).toBe(0);
    expect((await control(mock, "POST", "reset")).body).toEqual({ count: 25 });
    expect((await get(mock, "?id=svc-0000")).body.total_count).toBe(1);
  });

  it.each([
    [
      "POST",
      "services",
      { id: "svc-0001", service_name: "x", service_type: "interface", status: "available" },
      409,
      /id svc-0001 exists already/,
    ],
    [
      "POST",
      "services",
      { service_name: "x", status: "available" },
      400,
      /service 0 is not a valid EndpointService: service_type: required/,
    ],
    ["POST", "services", "not json", 400, /not a valid EndpointService|not an object/],
    ["PATCH", "services/nobody", { status: "failed" }, 404, /no service with id nobody/],
    ["PATCH", "services/svc-0001", { ports: [{ client_port: 70000, server_port: 1 }] }, 400, /ports\[0\]\.client_port: must be <= 65535/],
    ["PATCH", "services/svc-0001", { id: "other" }, 400, /the id cannot change/],
    ["POST", "clock", { advance_ms: -1 }, 400, /advance_ms/],
    [
      "POST",
      "services?becomes=deleted&after_ms=1",
      { service_name: "x", service_type: "interface", status: "creating" },
      400,
      /becomes must be available or failed/,
    ],
    ["PUT", "services", {}, 404, /is not part of the control API/],
  ])("%s /__mock/%s is refused with %#", async (method, path, body, status, message) => {
    const mock = await start();
    const answer = await control(mock, method, path, body);
    expect(answer.status).toBe(status);
    expect(String(answer.body?.["error"])).toMatch(message);
  });

  it("can be turned off: /__mock/ is then just an unknown path", async () => {
    const mock = await start({ control: false });
    const response = await fetch(`${mock.url}/__mock/services`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error_code: string }).error_code).toBe("EndPoint.0005");
  });
});

describe("every answer stays valid against the document", () => {
  it("for each documented status and example asked for with Prefer", async () => {
    const mock = await start();
    let checked = 0;
    for (const [status, examples] of documentedExamples()) {
      for (const name of examples.keys()) {
        const answer = await get(mock, "", { Prefer: `code=${status}, example=${name}` });
        expect(answer.status).toBe(status);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(15);
  });

  it("for generated queries, with credentials, throttling and documented errors in play", async () => {
    const mock = await start({ credentials: { tokens: ["good"] }, rateLimit: 1000 });
    const value = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.integer({ min: -5, max: 2000 }).map(String),
      fc.constantFrom("available", "update_at", "asc", "desc", "x".repeat(200)),
    );
    const name = fc.constantFrom(
      "limit",
      "offset",
      "id",
      "status",
      "sort_key",
      "sort_dir",
      "endpoint_service_name",
      "public_border_group",
      "marker",
      "net_type",
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(name, value), { maxLength: 4 }),
        fc.constantFrom("good", "bad"),
        fc.constantFrom(undefined, "code=401", "code=429", "code=400, example=EndPoint-0019"),
        async (pairs, token, prefer) => {
          const query = pairs.length === 0 ? "" : `?${new URLSearchParams(pairs).toString()}`;
          const { status, body } = await get(mock, query, { "X-Auth-Token": token, ...(prefer ? { Prefer: prefer } : {}) });
          expect([200, 400, 401, 429]).toContain(status);
          if (token === "bad") expect(body.error_code).toBe("APIGW.0301");
        },
      ),
      { numRuns: 150 },
    );
  });
});
