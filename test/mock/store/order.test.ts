// The store's pages against the order the API promises, computed here from scratch: by the sort
// key's time in the direction asked, ties by id ascending in both directions, for any offset and
// limit, with and without a status filter (fast-check). Few distinct times make long runs of ties,
// so that a descending page starting inside one (found by a search, not a step at a time) is covered.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EndpointService } from "../../../src/document/types.js";
import { ServiceStore, type SortDir, type SortKey } from "../../../src/mock/state/store.js";

const STATUSES = ["available", "failed"] as const;
const time = (spread: number) => fc.integer({ min: 0, max: spread }).map((s) => `2024-01-01T00:00:${String(s).padStart(2, "0")}Z`);

const services = fc.integer({ min: 0, max: 40 }).chain((spread) =>
  fc
    .uniqueArray(
      fc.record({
        n: fc.integer({ min: 0, max: 99_999 }),
        created: time(spread),
        updated: time(spread),
        status: fc.constantFrom(...STATUSES),
      }),
      { selector: (s) => s.n, maxLength: 300 },
    )
    .map((list) =>
      list.map(
        ({ n, created, updated, status }): EndpointService => ({
          id: `svc-${String(n).padStart(5, "0")}`,
          service_name: `Name-${n}`,
          service_type: "interface",
          status,
          created_at: created,
          updated_at: updated,
        }),
      ),
    ),
);

/** The order the API promises, from scratch. */
function expected(list: readonly EndpointService[], sortKey: SortKey, sortDir: SortDir): EndpointService[] {
  const timeOf = (s: EndpointService) => Date.parse(sortKey === "create_at" ? s.created_at : (s.updated_at ?? s.created_at));
  const sign = sortDir === "asc" ? 1 : -1;
  return [...list].sort((a, b) => sign * (timeOf(a) - timeOf(b)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

describe("ServiceStore pages", () => {
  it("follow the sort key and direction, ties by id, for any offset, limit and status, after a batch or one by one", async () => {
    await fc.assert(
      fc.asyncProperty(
        services,
        fc.constantFrom<SortKey>("create_at", "update_at"),
        fc.constantFrom<SortDir>("asc", "desc"),
        fc.nat({ max: 320 }),
        fc.integer({ min: 0, max: 60 }),
        fc.option(fc.constantFrom(...STATUSES), { nil: undefined }),
        async (list, sortKey, sortDir, offset, limit, status) => {
          const batched = new ServiceStore();
          await batched.addMany(list);
          const oneByOne = new ServiceStore();
          for (const service of list) oneByOne.put(service);
          const order = expected(list, sortKey, sortDir).filter((s) => status === undefined || s.status === status);
          for (const store of [batched, oneByOne]) {
            const page = store.page({ sortKey, sortDir, offset, limit, status });
            expect(page.total).toBe(order.length);
            expect(page.items).toEqual(order.slice(offset, offset + limit).map((s) => JSON.stringify(s)));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a descending page deep inside 3,000 services of one time is the id order's slice", () => {
    const list = Array.from(
      { length: 3_000 },
      (_, n): EndpointService => ({
        id: `svc-${String((n * 7) % 3_000).padStart(5, "0")}`,
        service_name: `Name-${n}`,
        service_type: "interface",
        status: "available",
        created_at: n < 1_000 ? "2024-01-01T00:00:00Z" : "2024-01-01T00:00:01Z",
      }),
    );
    const store = new ServiceStore(list);
    const order = expected(list, "create_at", "desc");
    for (const offset of [0, 7, 1_999, 2_000, 2_995])
      expect(store.page({ sortKey: "create_at", sortDir: "desc", offset, limit: 10 }).items).toEqual(
        order.slice(offset, offset + 10).map((s) => JSON.stringify(s)),
      );
  });
});
