// The store's indexes give the same pages as filtering and sorting the whole list would, after
// any sequence of additions, changes and removals; and 100,000 services page correctly.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EndpointService } from "vpcep-openapi";
import { validateListEndpointServicesResponse } from "vpcep-openapi/contract";
import { parseVpcepTimestamp } from "../../../src/floor/timestamps.js";
import { startStatefulMock } from "../../../src/mock/stateful/stateful.js";
import { ServiceStore, type PageQuery } from "../../../src/mock/state/store.js";
import { TIMEOUTS } from "../../support/timeouts.js";

const STATUSES = ["available", "creating", "failed", "deleting"] as const;
const time = (minute: number, zoneless: boolean) => {
  const iso = new Date(Date.UTC(2024, 0, 1) + minute * 60_000).toISOString();
  return zoneless ? iso.replace("Z", "") : iso.replace(/\.\d{3}Z$/, "Z");
};

const serviceArbitrary = fc.record({
  id: fc.constantFrom(...Array.from({ length: 30 }, (_, n) => `id-${n}`)),
  name: fc.constantFrom("Orders", "orders-db", "billing", "ORDERS-cache", "misc"),
  status: fc.constantFrom(...STATUSES),
  created: fc.integer({ min: 0, max: 20 }),
  updated: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
  zoneless: fc.boolean(),
});
type GeneratedService = typeof serviceArbitrary extends fc.Arbitrary<infer T> ? T : never;
const toService = (s: GeneratedService): EndpointService => ({
  id: s.id,
  service_name: s.name,
  service_type: "interface",
  status: s.status,
  created_at: time(s.created, s.zoneless),
  ...(s.updated === undefined ? {} : { updated_at: time(s.updated, false) }),
});

/** What the provider's answer means: filter, then sort the whole list, then slice. */
function expected(services: Map<string, EndpointService>, q: PageQuery) {
  const at = (s: EndpointService) =>
    parseVpcepTimestamp(q.sortKey === "update_at" ? (s.updated_at ?? s.created_at) : s.created_at).getTime();
  const matching = [...services.values()].filter(
    (s) =>
      (q.id === undefined || s.id === q.id) &&
      (q.status === undefined || s.status === q.status) &&
      (q.name === undefined || s.service_name.toLowerCase().includes(q.name)),
  );
  const direction = q.sortDir === "asc" ? 1 : -1;
  matching.sort((a, b) => direction * (at(a) - at(b)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ids: matching.slice(q.offset, q.offset + q.limit).map((s) => s.id), total: matching.length };
}

const queryArbitrary = fc.record({
  id: fc.option(fc.constantFrom("id-1", "id-2", "id-99"), { nil: undefined }),
  status: fc.option(fc.constantFrom(...STATUSES), { nil: undefined }),
  name: fc.option(fc.constantFrom("orders", "db", "zzz"), { nil: undefined }),
  sortKey: fc.constantFrom("create_at" as const, "update_at" as const),
  sortDir: fc.constantFrom("asc" as const, "desc" as const),
  offset: fc.integer({ min: 0, max: 12 }),
  limit: fc.integer({ min: 1, max: 10 }),
});

const operationArbitrary = fc.oneof(
  fc.record({ put: serviceArbitrary }),
  fc.record({ remove: fc.constantFrom(...Array.from({ length: 30 }, (_, n) => `id-${n}`)) }),
);

describe("the store's sort-key indexes", () => {
  it("page like filtering and sorting the whole list, after any additions, changes and removals", () => {
    fc.assert(
      fc.property(
        fc.array(serviceArbitrary, { maxLength: 25 }),
        fc.array(operationArbitrary, { maxLength: 20 }),
        fc.array(queryArbitrary, { minLength: 1, maxLength: 5 }),
        (initial, operations, queries) => {
          const truth = new Map<string, EndpointService>();
          for (const s of initial) truth.set(s.id, toService(s));
          const store = new ServiceStore([...truth.values()]);
          for (const operation of operations) {
            if ("put" in operation) {
              const service = toService(operation.put);
              truth.set(service.id, service);
              store.put(service);
            } else {
              expect(store.remove(operation.remove)).toBe(truth.delete(operation.remove));
            }
          }
          for (const query of queries) {
            const page = store.page(query);
            const want = expected(truth, query);
            expect({ ids: page.items.map((text) => (JSON.parse(text) as EndpointService).id), total: page.total }).toEqual(want);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it(
    "serve and walk 100,000 services: every page valid, every id once at limit=1000",
    async () => {
      const services: EndpointService[] = Array.from({ length: 100_000 }, (_, n) => ({
        id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
        service_name: `svc-${n}`,
        service_type: "interface",
        status: n % 10 === 0 ? "failed" : "available",
        created_at: new Date(Date.UTC(2020, 0, 1) + (n % 5000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
      }));
      const mock = await startStatefulMock({ services });
      try {
        const seen = new Set<string>();
        for (let offset = 0; offset < 100_000; offset += 1000) {
          const response = await fetch(`${mock.url}/v1/p/vpc-endpoint-services?limit=1000&offset=${offset}&sort_dir=asc`, {
            headers: { "X-Auth-Token": "t" },
          });
          const body = (await response.json()) as { endpoint_services: EndpointService[]; total_count: number };
          expect(body.total_count).toBe(100_000);
          for (const s of body.endpoint_services) seen.add(s.id);
        }
        expect(seen.size).toBe(100_000);
        const failed = await fetch(`${mock.url}/v1/p/vpc-endpoint-services?status=failed&limit=10&offset=20`, {
          headers: { "X-Auth-Token": "t" },
        });
        const text = await failed.text();
        expect(validateListEndpointServicesResponse(failed.status, failed.headers, text).errors).toEqual([]);
        expect(JSON.parse(text)).toMatchObject({ total_count: 10_000 });
      } finally {
        await mock.stop();
      }
    },
    TIMEOUTS.test,
  );
});
