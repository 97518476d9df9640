// A server whose pages cannot end: it repeats one page with a huge total_count, or serves new ids
// for ever beyond what its total_count allows, or says 10^12 services from the first page on; a page
// with an item that is not an object. paginateEndpointServices stops with a typed error.
import type { IncomingMessage } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createVpcepClient, VpcepPagingError } from "vpcep-openapi";
import { sendJson, serviceList, startLoopback, type Loopback } from "../../support/loopback.js";

const PROJECT = "6e9dfd51d1124e8d8498dce894923a0d";
let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const TOKEN = "tok-PAGING-secret";
const clientFor = (loopback: Loopback, maxPages?: number) =>
  createVpcepClient({
    projectId: PROJECT,
    baseUrl: loopback.url,
    auth: { token: TOKEN },
    retry: false,
    ...(maxPages === undefined ? {} : { maxPages }),
  });
const offsetOf = (req: IncomingMessage) => Number(new URL(req.url ?? "/", "http://x").searchParams.get("offset"));

describe("paging against a lying server", () => {
  it("one page repeated with total_count 10^9: stops at the second request with VpcepPagingError", async () => {
    const page = serviceList(1000).page(new URL("http://x/?limit=1000"));
    server = await startLoopback((_req, res) => sendJson(res, 200, { ...page, total_count: 1_000_000_000 }));
    const pages = clientFor(server).paginateEndpointServices();
    const ids: string[] = [];
    const error = await (async () => {
      for await (const service of pages) ids.push(service.id);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VpcepPagingError);
    expect(error).toMatchObject({ requestCount: 2, totalCount: 1_000_000_000 });
    expect((error as Error).message).toContain("no id not seen before");
    expect(server.received).toHaveLength(2);
    expect(pages.requestCount).toBe(2);
    expect(new Set(ids).size).toBe(1000);
  });

  it("new ids for ever, total_count always one page ahead: stops at what the first count allows", async () => {
    let next = 0;
    server = await startLoopback((req, res) => {
      const services = serviceList(next + 1000).services.slice(next, next + 1000);
      next += 1000;
      sendJson(res, 200, { endpoint_services: services, total_count: offsetOf(req) + 1001 });
    });
    const error = await clientFor(server)
      .listAllEndpointServices()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VpcepPagingError);
    expect((error as Error).message).toContain("requests are the most");
    expect(server.received).toHaveLength(4); // ceil(1001 × 1.1 / 1000) + 2
  });

  it("a list that gains services while it is walked is still walked to its end", async () => {
    const list = serviceList(2999);
    server = await startLoopback((req, res) => {
      sendJson(res, 200, list.page(new URL(req.url ?? "/", "http://x")));
      list.insertNewest(300); // the list grows by 10% after every page
    });
    const ids = (await clientFor(server).listAllEndpointServices()).map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(2999);
    expect(server.received).toHaveLength(4); // the fourth page (offset 3000 of 3899) is short
  });

  it("a first total_count of 10^12 and new ids on every page: the client's maxPages ends the walk", async () => {
    server = await startLoopback((req, res) => {
      const offset = offsetOf(req);
      sendJson(res, 200, { endpoint_services: serviceList(offset + 1000).services.slice(offset), total_count: 10 ** 12 });
    });
    const pages = clientFor(server, 5).paginateEndpointServices();
    let yielded = 0;
    const error = await (async () => {
      for await (const _ of pages) yielded++;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VpcepPagingError);
    expect(error).toMatchObject({ requestCount: 5, totalCount: 10 ** 12 });
    expect((error as Error).message).toContain("the client's maxPages");
    expect((error as Error).message).not.toContain(TOKEN);
    expect(server.received).toHaveLength(5);
    expect(yielded).toBe(5000);
  });

  it("a list exactly maxPages long is walked to its end without an error", async () => {
    const list = serviceList(3000);
    server = await startLoopback((req, res) => sendJson(res, 200, list.page(new URL(req.url ?? "/", "http://x"))));
    expect(await clientFor(server, 3).listAllEndpointServices()).toHaveLength(3000);
  });

  it.each([
    ["null", null],
    ["a number", 1],
    ["an array", []],
  ])("an item that is %s: the walk stops with VpcepPagingError naming page and index", async (_name, item) => {
    const services = serviceList(3).services as unknown[];
    services[2] = item;
    server = await startLoopback((_req, res) => sendJson(res, 200, { endpoint_services: services, total_count: 3 }));
    const error = await clientFor(server)
      .listAllEndpointServices()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VpcepPagingError);
    expect((error as Error).message).toBe("paging stopped: page 1 (offset 0): endpoint_services[2] is not an object");
    expect(error).toMatchObject({ requestCount: 1, totalCount: 3 });
  });
});
