// Time in the mock: the clock the control API moves, and services that change when it passes.
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { exampleServices } from "../../../generated/contract-validators.js";
import { Lifecycle, MockClock, providerTime } from "../../../src/mock/state/lifecycle.js";
import { ServiceStore } from "../../../src/mock/state/store.js";
import type { EndpointService } from "../../../src/document/types.js";

const base = exampleServices[0]!;
const service = (id: string, status: EndpointService["status"]): EndpointService => ({ ...base, id, status });

function setup(options?: ConstructorParameters<typeof Lifecycle>[2]) {
  const clock = new MockClock();
  const store = new ServiceStore();
  const lifecycle = new Lifecycle(store, clock, options);
  const add = (s: EndpointService, own?: Parameters<Lifecycle["schedule"]>[1]) => {
    store.put(s);
    lifecycle.schedule(s, own);
  };
  return { clock, store, lifecycle, add };
}

describe("MockClock", () => {
  it("is the real time plus what was advanced, until reset", () => {
    const clock = new MockClock();
    const before = Date.now();
    clock.advance(60_000);
    expect(clock.now()).toBeGreaterThanOrEqual(before + 60_000);
    clock.reset();
    expect(clock.now()).toBeLessThan(before + 60_000);
  });
});

describe("Lifecycle", () => {
  it("makes a creating service available once its time has passed, stamped with that time", () => {
    const { clock, store, lifecycle, add } = setup({ creatingMs: 1000 });
    add(service("c", "creating"));
    lifecycle.tick();
    expect(store.get("c")?.status).toBe("creating");
    clock.advance(1000);
    lifecycle.tick();
    expect(store.get("c")?.status).toBe("available");
    expect(store.get("c")?.updated_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it("fails a creating service when told, removes a deleting one, and leaves others alone without options", () => {
    const { clock, store, lifecycle, add } = setup({ creatingMs: 10, creatingBecomes: "failed", deletingMs: 20 });
    add(service("c", "creating"));
    add(service("d", "deleting"));
    add(service("a", "available"));
    clock.advance(20);
    lifecycle.tick();
    expect(store.get("c")?.status).toBe("failed");
    expect(store.get("d")).toBeUndefined();
    expect(store.get("a")?.status).toBe("available");
    const idle = setup();
    idle.add(service("c", "creating"));
    idle.clock.advance(10 ** 9);
    idle.lifecycle.tick();
    expect(idle.store.get("c")?.status).toBe("creating");
  });

  it("applies a service's own transition, and cancels it when the service changed meanwhile", () => {
    const { clock, store, lifecycle, add } = setup();
    add(service("own", "creating"), { afterMs: 5, becomes: "failed" });
    add(service("changed", "creating"), { afterMs: 5 });
    store.put(service("changed", "available"));
    clock.advance(5);
    lifecycle.tick();
    expect(store.get("own")?.status).toBe("failed");
    expect(store.get("changed")?.status).toBe("available");
  });

  it("applies due transitions in time order, and none after clear", () => {
    const { clock, store, lifecycle, add } = setup();
    add(service("late", "deleting"), { afterMs: 30 });
    add(service("early", "deleting"), { afterMs: 10 });
    clock.advance(10);
    lifecycle.tick();
    expect([store.get("early"), store.get("late")?.id]).toEqual([undefined, "late"]);
    lifecycle.clear();
    clock.advance(100);
    lifecycle.tick();
    expect(store.get("late")?.id).toBe("late");
    expect(providerTime(Date.UTC(2024, 0, 3))).toBe("2024-01-03T00:00:00Z");
  });

  it("applies many transitions due together as one batch, leaving every index as if each had been applied alone", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            status: fc.constantFrom("creating", "deleting", "available"),
            afterMs: fc.integer({ min: 0, max: 50 }),
            becomes: fc.constantFrom("available", "failed"),
            createdS: fc.integer({ min: 0, max: 5 }),
          }),
          { minLength: 0, maxLength: 80 },
        ),
        fc.integer({ min: 0, max: 60 }),
        (plans, advance) => {
          const frozen = vi.spyOn(Date, "now").mockReturnValue(Date.UTC(2024, 5, 1)); // real time must not pass meanwhile
          const { clock, store, lifecycle, add } = setup();
          const now = clock.now();
          const expected = new Map<string, EndpointService>();
          plans.forEach((plan, n) => {
            const each = { ...service(`s${String(n).padStart(3, "0")}`, plan.status as EndpointService["status"]) };
            each.created_at = providerTime(Date.UTC(2024, 0, 1) + plan.createdS * 1000);
            delete each.updated_at;
            add(each, { afterMs: plan.afterMs, becomes: plan.becomes as "available" | "failed" });
            expected.set(each.id, each);
          });
          clock.advance(advance);
          // What each transition alone makes of its service, with the time it fell due.
          plans.forEach((plan, n) => {
            const id = `s${String(n).padStart(3, "0")}`;
            const due = clock.now() - advance + plan.afterMs;
            if (plan.afterMs > advance || plan.status === "available") return;
            if (plan.status === "deleting") expected.delete(id);
            else expected.set(id, { ...expected.get(id)!, status: plan.becomes as "available" | "failed", updated_at: providerTime(due) });
          });
          lifecycle.tick();
          const model = new ServiceStore([...expected.values()]);
          for (const sortKey of ["create_at", "update_at"] as const)
            for (const sortDir of ["asc", "desc"] as const)
              for (const status of [undefined, "creating", "available", "failed"]) {
                const query = { sortKey, sortDir, status, offset: 0, limit: 1000 };
                expect(store.page(query)).toEqual(model.page(query));
              }
          expect(clock.now()).toBe(now + advance);
          frozen.mockRestore();
        },
      ),
      { numRuns: 200 },
    );
  });
});
