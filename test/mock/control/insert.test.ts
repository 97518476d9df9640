// A large batch through the control API: inserted in linear time, while the mock keeps answering
// pages (within a bound, not after the whole insert), in order, and serialised with other changes.
import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { type StatefulMock, startStatefulMock } from "../../../src/mock/stateful/stateful.js";
import type { EndpointService } from "../../../src/document/types.js";
import { scaled, within } from "../../support/timeouts.js";

const running: StatefulMock[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((mock) => mock.stop()));
});

const TOTAL = 200_000;
const service = (n: number): EndpointService => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  service_name: `svc-${n}`,
  service_type: "interface",
  status: n % 5 === 0 ? "failed" : "available",
  // Scrambled, so the batch arrives out of order for every index.
  created_at: new Date(Date.UTC(2020, 0, 1) + ((n * 7919) % TOTAL) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
});

type Answer = { status: number; body: { endpoint_services: EndpointService[]; total_count: number }; ms: number };
// A connection each: the mock closes a keep-alive connection idle for 5 s, and reading a batch's
// 46 MB answer can take that long on a busy machine, so a pooled one could be reset as it is reused.
const page = (mock: StatefulMock, query: string) =>
  new Promise<Answer>((resolve, reject) => {
    const started = performance.now();
    const url = `${mock.url}/v1/p/vpc-endpoint-services?${query}`;
    const req = request(url, { headers: { "X-Auth-Token": "t" }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString("utf8")), ms: performance.now() - started }),
      );
    });
    req.on("error", reject);
    req.end();
  });

describe("a batch of 200,000 services", () => {
  it("is inserted while pages keep being answered within a bound, and then served in order", async () => {
    // The poller reuses one kept-alive connection; on a loaded machine the 5 s idle close could race
    // its next request ("fetch failed"), which is not what this test is about.
    const mock = await startStatefulMock({ services: [], connections: { keepAliveTimeoutMs: scaled(60_000) } });
    running.push(mock);
    const body = JSON.stringify(Array.from({ length: TOTAL }, (_, n) => service(n)));
    let inserting = true;
    const answered: number[] = [];
    const poller = (async () => {
      while (inserting) {
        const { status, ms } = await page(mock, "limit=5");
        expect(status).toBe(200);
        answered.push(ms);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const started = performance.now();
    const inserted = await fetch(`${mock.url}/__mock/services`, { method: "POST", headers: { "Content-Type": "application/json" }, body });
    const insertMs = performance.now() - started;
    inserting = false;
    await poller;
    expect(inserted.status).toBe(201);
    expect(((await inserted.json()) as { count: number }).count).toBe(TOTAL);
    // Answered during the insert, not once after it: several pages, none waiting for the whole batch.
    expect(answered.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...answered)).toBeLessThan(Math.min(insertMs, within(5_000)));
    expect(insertMs).toBeLessThan(within(60_000));

    const oldest = await page(mock, "limit=3&sort_key=create_at&sort_dir=asc");
    expect(oldest.body.total_count).toBe(TOTAL);
    expect(oldest.body.endpoint_services.map((s) => s.created_at)).toEqual([
      "2020-01-01T00:00:00Z",
      "2020-01-01T00:00:01Z",
      "2020-01-01T00:00:02Z",
    ]);
    const newest = await page(mock, "limit=1&sort_key=create_at&sort_dir=desc&offset=0");
    expect(newest.body.endpoint_services[0]?.created_at).toBe(
      new Date(Date.UTC(2020, 0, 1) + (TOTAL - 1) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    );
    expect((await page(mock, "status=failed&limit=1")).body.total_count).toBe(TOTAL / 5);
  });

  it("runs changes one after another: a POST during the batch sees the batch's ids, a PATCH lands after it", async () => {
    const mock = await startStatefulMock({ services: [] });
    running.push(mock);
    const control = (method: string, path: string, body: string) =>
      fetch(`${mock.url}/__mock/${path}`, { method, headers: { "Content-Type": "application/json" }, body });
    // The batch's headers and half its body go first; the other changes are sent while it is still arriving.
    const text = JSON.stringify(Array.from({ length: 50_000 }, (_, n) => service(n)));
    let finish: () => void = () => undefined;
    const big = new Promise<{ status: number }>((resolve, reject) => {
      const req = request(
        `${mock.url}/__mock/services`,
        { method: "POST", headers: { "Content-Type": "application/json" }, agent: false },
        (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0 });
        },
      );
      req.on("error", reject);
      req.write(text.slice(0, text.length / 2));
      finish = () => req.end(text.slice(text.length / 2));
    });
    await new Promise((resolve) => setTimeout(resolve, scaled(300)));
    const others = Promise.all([
      control("POST", "services", JSON.stringify(service(7))),
      control("PATCH", `services/${service(8).id}`, '{"status":"failed"}'),
    ]);
    await new Promise((resolve) => setTimeout(resolve, scaled(100)));
    finish();
    const [batch, [duplicate, patched]] = await Promise.all([big, others]);
    expect(batch.status).toBe(201);
    expect(duplicate.status).toBe(409);
    expect(patched.status).toBe(200);
    expect((await page(mock, `id=${service(8).id}`)).body.endpoint_services[0]?.status).toBe("failed");
  });

  it("refuses a batch with an id twice (409), adding none of it", async () => {
    const mock = await startStatefulMock({ services: [] });
    running.push(mock);
    const twice = await fetch(`${mock.url}/__mock/services`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify([service(1), service(2), service(1)]),
    });
    expect(twice.status).toBe(409);
    expect(((await twice.json()) as { error: string }).error).toMatch(/appears twice/);
    expect((await page(mock, "limit=1")).body.total_count).toBe(0);
  });

  it("refuses a large body (parsed and stored a piece at a time) for its first bad item, or for bad JSON further on, adding none of it", async () => {
    const mock = await startStatefulMock({ services: [] });
    running.push(mock);
    const post = async (body: string) => {
      const answer = await fetch(`${mock.url}/__mock/services`, { method: "POST", headers: { "Content-Type": "application/json" }, body });
      return { status: answer.status, error: ((await answer.json()) as { error: string }).error };
    };
    // 10,000 services (over 2 MB): five pieces of 2,000, so the bad item is found after four were stored in the batch.
    const list: unknown[] = Array.from({ length: 10_000 }, (_, n) => service(n));
    const changed = (at: number, item: unknown) => list.map((each, n) => (n === at ? item : each));
    expect(await post(JSON.stringify(changed(9_000, { ...service(9_000), service_name: 5 })))).toEqual({
      status: 400,
      error: expect.stringMatching(/^service 9000 is not a valid EndpointService: service_name: /),
    });
    expect(await post(JSON.stringify(changed(9_999, service(3))))).toEqual({
      status: 409,
      error: `id ${service(3).id} appears twice in the body`,
    });
    // An invalid item first, broken JSON last: the refusal is the one the whole body gets, as when it was parsed whole first.
    const broken = JSON.stringify(changed(0, { status: "sleeping" }));
    expect(await post(`${broken.slice(0, -1)},}`)).toEqual({ status: 400, error: expect.stringMatching(/^the body is not JSON: /) });
    expect((await page(mock, "limit=1")).body.total_count).toBe(0);
    // The same services, valid, go in; asked for the count alone, the answer is the count.
    const added = await fetch(`${mock.url}/__mock/services`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Prefer: "return=minimal" },
      body: JSON.stringify(list),
    });
    expect([added.status, added.headers.get("preference-applied"), await added.json()]).toEqual([201, "return=minimal", { count: 10_000 }]);
    expect((await page(mock, "limit=1")).body.total_count).toBe(10_000);
  });
});
