// A server that sends too much: an endless body, a declared size over the cap, a page nested a
// million levels deep. The client stops reading at once with a typed error and bounded memory.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createVpcepClient, VpcepApiError, VpcepConfigError, VpcepResponseTooLargeError, type VpcepClientOptions } from "vpcep-openapi";
import { createVpcepRawClient, listEndpointServices } from "vpcep-openapi/raw";
import { repoRoot } from "../../../scripts/lib/paths.js";
import { DEFAULT_MAX_BODY_BYTES } from "../../../src/client/client-options.js";
import { MAX_JSON_DEPTH } from "../../../src/send/guarded-read.js";
import { sendJson, serviceList, startLoopback, type Loopback } from "../../support/loopback.js";

const PROJECT = "6e9dfd51d1124e8d8498dce894923a0d";
const MiB = 2 ** 20;
let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const clientFor = (loopback: Loopback, options: Partial<VpcepClientOptions> = {}) =>
  createVpcepClient({ projectId: PROJECT, baseUrl: loopback.url, auth: { token: "tok-BODY-secret-1" }, retry: false, ...options });

/** Writes 1 MiB chunks as fast as the socket takes them, forever. */
const endless = () =>
  startLoopback((_req, res) => {
    const chunk = Buffer.alloc(MiB, 0x61);
    res.writeHead(200, { "Content-Type": "application/json" });
    const pump = () => {
      while (res.write(chunk));
    };
    res.on("drain", pump);
    res.on("close", () => res.off("drain", pump));
    pump();
  });

describe("maxBodyBytes", () => {
  it("an endless fast body stops at the cap with VpcepResponseTooLargeError, long before the timeout, memory bounded", async () => {
    server = await endless();
    const cap = 8 * MiB;
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    try {
      const error = await clientFor(server, { maxBodyBytes: cap, timeoutMs: 60_000 })
        .listEndpointServices()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VpcepResponseTooLargeError);
      expect(error).toMatchObject({ status: 200, maxBodyBytes: cap, method: "GET" });
      expect((error as Error).message).toContain(`maxBodyBytes (${cap} bytes)`);
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    // Before the cap it grew by gigabytes; the bound is the cap held as bytes and as text, plus room for a busy worker.
    expect(peak - before).toBeLessThan(2 * cap + 96 * MiB);
  });

  it("a Content-Length over the cap is refused before any of the body is read", async () => {
    server = await startLoopback((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": String(64 * MiB) });
      res.write("{");
    });
    const error = await clientFor(server, { maxBodyBytes: MiB })
      .listEndpointServices()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VpcepResponseTooLargeError);
  });

  it("an error body over the cap is the same typed error, not retried", async () => {
    server = await startLoopback((_req, res) => sendJson(res, 503, { error_msg: "x".repeat(4096) }));
    const error = await clientFor(server, { maxBodyBytes: 1024, retry: { attempts: 3, baseDelayMs: 1 } })
      .listEndpointServices()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VpcepResponseTooLargeError);
    expect((error as VpcepResponseTooLargeError).status).toBe(503);
    expect(server.received).toHaveLength(1);
  });

  it("a body exactly at the cap is read", async () => {
    const list = serviceList(3);
    const body = JSON.stringify(list.page(new URL("http://x/?limit=10")));
    server = await startLoopback((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(body);
    });
    const page = await clientFor(server, { maxBodyBytes: Buffer.byteLength(body) }).listEndpointServices();
    expect(page.endpoint_services).toHaveLength(3);
  });

  it("the raw client has the same cap", async () => {
    server = await endless();
    const client = createVpcepRawClient({
      projectId: PROJECT,
      baseUrl: server.url,
      auth: { token: "tok-BODY-secret-1" },
      retry: false,
      maxBodyBytes: 2 * MiB,
    });
    const error = await listEndpointServices(client, { params: { path: { project_id: PROJECT } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VpcepResponseTooLargeError);
  });

  it.each([0, -1, 1.5, Number.NaN, "1000", 2 ** 29, null])("maxBodyBytes %s is a VpcepConfigError naming the field", (value) => {
    expect(() =>
      createVpcepClient({
        projectId: PROJECT,
        baseUrl: "http://127.0.0.1:1",
        auth: { token: "tok-BODY-secret-1" },
        maxBodyBytes: value as number,
      }),
    ).toThrow(expect.objectContaining({ constructor: VpcepConfigError, message: expect.stringContaining("maxBodyBytes") }));
  });

  it("the default holds 1000 of the largest legal service with room to spare", () => {
    // The document bounds tag keys (128) and values (255) and port numbers; where it gives no
    // maximum this assumes 255 characters a string (its largest maxLength), 3 bytes a character
    // (UTF-8 of any BMP character), 50 port mappings, 20 tags, 5 errors and 5 editions a service.
    const document = JSON.parse(readFileSync(path.join(repoRoot, "generated/openapi.json"), "utf8"));
    const schemas = document.components.schemas;
    const items: Record<string, number> = { ports: 50, tags: 20, error: 5, supported_editions: 5 };
    const resolve = (schema: any) => (schema.$ref ? schemas[schema.$ref.split("/").pop()] : schema);
    const size = (given: any, name = ""): number => {
      const schema = resolve(given);
      if (schema.anyOf) return Math.max(...schema.anyOf.map((s: any) => size(s, name)));
      if (schema.properties)
        return 2 + Object.entries(schema.properties).reduce((n, [key, value]) => n + key.length + 4 + size(value, key), 0);
      if (schema.type === "array") return 2 + (items[name] ?? 10) * (size(schema.items, name) + 1);
      if (schema.type === "integer" || schema.type === "number") return 11;
      if (schema.type === "boolean") return 5;
      return 2 + (schema.maxLength ?? 255) * 3;
    };
    const largestService = size(schemas.EndpointService);
    const largestPage = 1000 * (largestService + 1) + 64;
    expect(largestService).toBeGreaterThan(50_000);
    expect(DEFAULT_MAX_BODY_BYTES).toBeGreaterThanOrEqual(largestPage * 1.25);
    expect(DEFAULT_MAX_BODY_BYTES).toBe(128 * MiB);
  });
});

describe("nesting depth", () => {
  it("a page of 10^6 nested arrays is refused with a typed error before any parsing", async () => {
    const n = 1_000_000;
    const body = `{"endpoint_services":${"[".repeat(n)}${"]".repeat(n)},"total_count":1}`;
    server = await startLoopback((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(body);
    });
    const error = await clientFor(server)
      .listEndpointServices()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VpcepApiError);
    expect((error as VpcepApiError).message).toContain(`deeper than ${MAX_JSON_DEPTH} levels`);
    expect((error as VpcepApiError).body).toBe("");
  });

  it("brackets inside strings do not count, escaped quotes included; a legal page at depth 4 passes", async () => {
    const name = `${"[".repeat(200)}\\"${"{".repeat(200)}`;
    const page = {
      endpoint_services: [{ ...serviceList(1).services[0], service_name: JSON.parse(`"${name}"`), tags: [{ key: "k", value: "v" }] }],
      total_count: 1,
    };
    server = await startLoopback((_req, res) => sendJson(res, 200, page));
    const result = await clientFor(server).listEndpointServices();
    expect(result.endpoint_services[0]?.service_name).toBe(JSON.parse(`"${name}"`));
  });

  it(`depth ${MAX_JSON_DEPTH} passes, ${MAX_JSON_DEPTH + 1} is refused, in error bodies too`, async () => {
    const nested = (depth: number) => `{"error_code":"X","deep":${"[".repeat(depth - 1)}${"]".repeat(depth - 1)}}`;
    server = await startLoopback((req, res) => {
      res.writeHead(400, { "Content-Type": "application/json" });
      res.end(nested(req.url?.includes("offset=1") ? MAX_JSON_DEPTH + 1 : MAX_JSON_DEPTH));
    });
    const ok = await clientFor(server)
      .listEndpointServices({ offset: 0 })
      .catch((e: unknown) => e);
    expect(ok).toMatchObject({ errorCode: "X" });
    const deep = await clientFor(server)
      .listEndpointServices({ offset: 1 })
      .catch((e: unknown) => e);
    expect(deep).toBeInstanceOf(VpcepApiError);
    expect((deep as VpcepApiError).message).toContain("deeper than");
  });
});
