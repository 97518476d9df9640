// The mock behind node:http: requests read as plain data, answers written with their faults.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { MockAnswer, MockRequest } from "../../../src/mock/exchange.js";
import { serve } from "../../../src/mock/node-http.js";

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serveWith(handle: (request: MockRequest) => Promise<MockAnswer>): Promise<string> {
  server = serve(handle);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("serve", () => {
  it("hands the handler the method, the target as sent, lower-case headers and the body", async () => {
    let seen: { method: string; target: string; header: unknown; body: string } | undefined;
    const url = await serveWith(async (request) => {
      const bytes = await request.body(100);
      seen = { method: request.method, target: request.target, header: request.headers["x-thing"], body: Buffer.from(bytes!).toString() };
      return { status: 201, headers: { "Content-Type": "application/json" }, body: "{}" };
    });
    const answer = await fetch(`${url}/a/b?c=d`, { method: "POST", headers: { "X-Thing": "1" }, body: "hello" });
    expect(answer.status).toBe(201);
    expect(answer.headers.get("content-length")).toBe("2");
    expect(seen).toEqual({ method: "POST", target: "/a/b?c=d", header: "1", body: "hello" });
  });

  it("sends a 204 without a body or a length, and applies an answer's fault", async () => {
    const url = await serveWith(async (request) =>
      request.target === "/empty"
        ? { status: 204, headers: { "X-A": "1" }, body: "" }
        : { status: 200, headers: { "X-Request-Id": "r", "X-Cors": "kept" }, body: "{}", fault: { kind: "html-502" } },
    );
    const empty = await fetch(`${url}/empty`);
    expect([empty.status, empty.headers.get("content-length"), empty.headers.get("x-a")]).toEqual([204, null, "1"]);
    const faulty = await fetch(`${url}/fault`);
    expect(faulty.status).toBe(502);
    expect(faulty.headers.get("content-type")).toBe("text/html");
    expect(faulty.headers.get("x-cors")).toBe("kept");
  });

  it("ends the connection when the handler fails, rather than hang", async () => {
    const url = await serveWith(() => Promise.reject(new Error("boom")));
    await expect(fetch(url)).rejects.toThrow();
  });
});
