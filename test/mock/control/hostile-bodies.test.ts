// Hostile control calls against the running stateful mock: one service whose 64,000 ports are all
// invalid (128 KB), and 25,000 services whose own transitions fall due together. Each is judged
// within a bound, answers with few bytes and no value of the body, and the mock keeps answering.
import { afterEach, describe, expect, it } from "vitest";
import { type StatefulMock, startStatefulMock } from "../../../src/mock/stateful/stateful.js";
import type { EndpointService } from "../../../src/document/types.js";
import { scaled } from "../../support/timeouts.js";

const running: StatefulMock[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((mock) => mock.stop()));
});

const LEAK = "tok-HOSTILE-port-value";
const pageOf = async (mock: StatefulMock, query: string) => {
  const started = performance.now();
  const response = await fetch(`${mock.url}/v1/p/vpc-endpoint-services?${query}`, { headers: { "X-Auth-Token": "t" } });
  const body = (await response.json()) as { endpoint_services: EndpointService[]; total_count: number };
  return { status: response.status, body, ms: performance.now() - started };
};
const post = (mock: StatefulMock, path: string, body: string) =>
  fetch(`${mock.url}/__mock/${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body });

describe("hostile control bodies", () => {
  it("a service with 64,000 invalid ports (128 KB): 400 in linear time, a short answer naming fields, never a value", async () => {
    const mock = await startStatefulMock({ services: [] });
    running.push(mock);
    const ports: unknown[] = Array(64_000).fill(1);
    ports[7] = LEAK;
    const body = JSON.stringify({ service_name: "s", service_type: "interface", status: "available", ports });
    expect(body.length).toBeGreaterThan(128_000);
    const started = performance.now();
    const answer = await post(mock, "services", body);
    const text = await answer.text();
    expect(performance.now() - started).toBeLessThan(scaled(5_000)); // over 300 s before
    expect(answer.status).toBe(400);
    expect(text).toContain("ports[0]: must be object");
    expect(text).toMatch(/\(and \d+ more\)/);
    expect(text.length).toBeLessThan(4_096);
    expect(text).not.toContain(LEAK);
    const after = await pageOf(mock, "limit=1");
    expect(after).toMatchObject({ status: 200, body: { total_count: 0 } });
  });

  it("25,000 services whose transitions fall due together: the next page waits within a bound and sees them all changed", async () => {
    const mock = await startStatefulMock({ services: [] });
    running.push(mock);
    const services = Array.from({ length: 25_000 }, (_, n) => ({
      id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
      service_name: `svc-${n}`,
      service_type: "interface",
      status: "creating",
      created_at: "2024-01-01T00:00:00Z",
    }));
    expect((await post(mock, "services?becomes=failed&after_ms=300", JSON.stringify(services))).status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const next = await pageOf(mock, "status=failed&limit=1&sort_key=update_at&sort_dir=desc"); // applies the 25,000
    expect(next.ms).toBeLessThan(scaled(5_000)); // 8.3 s before (one splice per service into each index), 0.5 s after, on an idle machine
    expect(next.body.total_count).toBe(25_000);
    expect((await pageOf(mock, "status=creating&limit=1")).body.total_count).toBe(0);
  });
});
