// The store's batch path (load at startup, addMany from the control API) against adding services
// one at a time: the same pages for every sort key and direction, ties included (fast-check); and
// the pages of both against the promised order computed from scratch.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ServiceBatch, ServiceStore, type SortDir, type SortKey } from "../../../src/mock/state/store.js";
import type { EndpointService } from "../../../src/document/types.js";

const STATUSES = ["creating", "available", "failed", "deleting"] as const;
// Few distinct times, so that many services tie and the id decides.
const time = fc.integer({ min: 0, max: 5 }).map((s) => `2024-01-01T00:00:0${s}Z`);
/** Services with unique ids, times drawn from `time`, statuses from `statuses`. */
const servicesOf = (time: fc.Arbitrary<string>, statuses: readonly (typeof STATUSES)[number][], maxLength: number) =>
  fc
    .uniqueArray(
      fc.record({ n: fc.integer({ min: 0, max: 99_999 }), created: time, updated: time, status: fc.constantFrom(...statuses) }),
      {
        selector: (s) => s.n,
        maxLength,
      },
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
    );
const services = servicesOf(time, STATUSES, 120);

/** Services (valid, ids unique) as the batch the control API hands to the store. */
function batchOf(list: readonly EndpointService[]): ServiceBatch {
  const batch = new ServiceBatch();
  for (const service of list) expect(batch.add(service)).toBe(true);
  return batch;
}

function pagesOf(store: ServiceStore): unknown[] {
  const out: unknown[] = [];
  for (const sortKey of ["create_at", "update_at"] as SortKey[])
    for (const sortDir of ["asc", "desc"] as SortDir[]) {
      out.push(store.page({ sortKey, sortDir, offset: 0, limit: 100_000 }).items);
      out.push(store.page({ sortKey, sortDir, offset: 0, limit: 1000, status: "failed" }));
    }
  return out;
}

describe("ServiceStore batches", () => {
  it("load and addMany in chunks give the pages that put one at a time gives", async () => {
    await fc.assert(
      fc.asyncProperty(services, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 }), async (list, cuts) => {
        const oneByOne = new ServiceStore();
        for (const service of list) oneByOne.put(service);
        const loaded = new ServiceStore(list);
        const batched = new ServiceStore(list.slice(0, cuts[0]));
        let at = cuts[0]!;
        for (const size of [...cuts.slice(1), list.length]) {
          const batch = batchOf(list.slice(at, at + size));
          await batched.addMany(batch);
          expect(batch.texts()).toEqual(list.slice(at, at + size).map((s) => JSON.stringify(s)));
          at += size;
        }
        const expected = pagesOf(oneByOne);
        expect(pagesOf(loaded)).toEqual(expected);
        expect(pagesOf(batched)).toEqual(expected);
        expect(batched.list().map((s) => s.id)).toEqual(oneByOne.list().map((s) => s.id));
        // Later single changes keep the merged indexes in order.
        if (list[0]) {
          batched.put({ ...list[0], status: "failed", created_at: "2024-01-01T00:00:09Z" });
          oneByOne.put({ ...list[0], status: "failed", created_at: "2024-01-01T00:00:09Z" });
          expect(pagesOf(batched)).toEqual(pagesOf(oneByOne));
        }
      }),
      { numRuns: 150 },
    );
  });

  it("a batch larger than one sorting run (runs merged pairwise) gives the same order, ties included", async () => {
    const many = Array.from(
      { length: 12_345 },
      (_, n): EndpointService => ({
        id: `svc-${String((n * 7919) % 12_345).padStart(5, "0")}`,
        service_name: `s${n}`,
        service_type: "interface",
        status: STATUSES[n % 4]!,
        created_at: `2024-01-01T00:00:0${n % 7}Z`,
        updated_at: `2024-01-01T00:00:0${(n * 3) % 10}Z`,
      }),
    );
    const oneByOne = new ServiceStore();
    for (const service of many) oneByOne.put(service);
    const batched = new ServiceStore(many.slice(0, 100));
    await batched.addMany(batchOf(many.slice(100)));
    expect(pagesOf(batched)).toEqual(pagesOf(oneByOne));
    expect(pagesOf(new ServiceStore(many))).toEqual(pagesOf(oneByOne));
  });

  it("after batches of services never updated (one list serves both orders), a removal and an update keep both orders right", async () => {
    const never = (n: number): EndpointService => ({
      id: `svc-${String(n).padStart(4, "0")}`,
      service_name: `s${n}`,
      service_type: "interface",
      status: STATUSES[n % 4]!,
      created_at: `2024-01-01T00:00:0${(n * 7) % 10}Z`,
    });
    const list = Array.from({ length: 300 }, (_, n) => never(n));
    const batched = new ServiceStore(list.slice(0, 100));
    await batched.addMany(batchOf(list.slice(100, 200)));
    await batched.addMany(batchOf(list.slice(200)));
    const oneByOne = new ServiceStore();
    for (const service of list) oneByOne.put(service);
    expect(pagesOf(batched)).toEqual(pagesOf(oneByOne));
    for (const store of [batched, oneByOne]) {
      store.remove(never(150).id);
      store.put({ ...never(7), status: "failed", updated_at: "2024-01-01T00:00:05Z" });
    }
    expect(pagesOf(batched)).toEqual(pagesOf(oneByOne));
    expect(batched.page({ sortKey: "update_at", sortDir: "desc", offset: 0, limit: 300 }).total).toBe(299);
  });

  it("keeps answering while a batch is prepared: the event loop turns between steps", async () => {
    const store = new ServiceStore();
    const many = Array.from(
      { length: 60_000 },
      (_, n): EndpointService => ({
        id: `svc-${n}`,
        service_name: `s${n}`,
        service_type: "interface",
        status: "available",
        created_at: "2024-01-01T00:00:00Z",
      }),
    );
    let turns = 0;
    const ticking = setInterval(() => turns++, 0);
    await store.addMany(batchOf(many));
    clearInterval(ticking);
    expect(turns).toBeGreaterThan(3);
    expect(store.page({ sortKey: "create_at", sortDir: "asc", offset: 0, limit: 1 }).total).toBe(60_000);
  });

  it("a change made while a batch is merged in turns is kept: the batch's merge is dropped and made again", async () => {
    const service = (n: number, time: number): EndpointService => ({
      id: `svc-${String(n).padStart(6, "0")}`,
      service_name: `s${n}`,
      service_type: "interface",
      status: STATUSES[n % 4]!,
      created_at: `2024-01-01T00:00:0${time}Z`,
    });
    // Large enough that the merge into the indexes takes turns of its own.
    const first = Array.from({ length: 220_000 }, (_, n) => service(n, n % 5));
    // More than one sorting run, so that preparing it takes turns too.
    const batch = Array.from({ length: 12_000 }, (_, n) => service(300_000 + n, n % 7));
    const store = new ServiceStore(first);
    let done = false;
    const adding = store.addMany(batchOf(batch)).finally(() => (done = true));
    // A new service at every turn until the batch is in, so some land while its indexes are merged.
    const meanwhile: EndpointService[] = [];
    while (!done) {
      await new Promise((resolve) => setImmediate(resolve));
      if (done) break;
      const late = { ...service(400_000 + meanwhile.length, 9), updated_at: "2024-01-01T00:00:08Z" };
      store.put(late);
      meanwhile.push(late);
    }
    await adding;
    // At least one while the batch is prepared and one while it is merged (which drops that merge).
    expect(meanwhile.length).toBeGreaterThanOrEqual(2);
    expect(pagesOf(store)).toEqual(pagesOf(new ServiceStore([...first, ...meanwhile, ...batch])));
  });
});

// Pages against the order the API promises, computed from scratch: by the sort key's time in the
// direction asked, ties by id ascending in both directions, for any offset, limit and status. A
// spread of 0 to 40 seconds makes runs of ties long and short, so that a descending page starting
// inside a long one (found by a search, not a step at a time) is covered.
const FEW_STATUSES = ["available", "failed"] as const;
const spreadServices = fc.integer({ min: 0, max: 40 }).chain((spread) =>
  servicesOf(
    fc.integer({ min: 0, max: spread }).map((s) => `2024-01-01T00:00:${String(s).padStart(2, "0")}Z`),
    FEW_STATUSES,
    300,
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
        spreadServices,
        fc.constantFrom<SortKey>("create_at", "update_at"),
        fc.constantFrom<SortDir>("asc", "desc"),
        fc.nat({ max: 320 }),
        fc.integer({ min: 0, max: 60 }),
        fc.option(fc.constantFrom(...FEW_STATUSES), { nil: undefined }),
        async (list, sortKey, sortDir, offset, limit, status) => {
          const batched = new ServiceStore();
          await batched.addMany(batchOf(list));
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
