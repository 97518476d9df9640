// The mock's clock and the way services change over time: `creating` becomes `available` (or
// `failed`) and `deleting` disappears after a configured delay. Transitions are applied lazily,
// when a request arrives or the clock is moved, so an idle mock does nothing.
import type { EndpointService } from "../types.js";
import type { ServiceStore } from "./store.js";

export interface LifecycleOptions {
  /** Milliseconds after which a `creating` service changes; absent: it stays `creating`. */
  creatingMs?: number;
  /** What a `creating` service becomes. Default `available`. */
  creatingBecomes?: "available" | "failed";
  /** Milliseconds after which a `deleting` service disappears; absent: it stays. */
  deletingMs?: number;
}

/** One service's own transition, overriding the options (set through the control API). */
export interface Transition {
  afterMs: number;
  becomes?: "available" | "failed";
}

/** The mock's time: the real clock plus an offset that the control API can move forward. */
export class MockClock {
  private offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  advance(ms: number): void {
    this.offset += ms;
  }
  reset(): void {
    this.offset = 0;
  }
}

interface Pending {
  due: number;
  id: string;
  /** The status the service had when scheduled; a later change cancels the transition. */
  from: string;
  becomes?: "available" | "failed";
}

/** `2024-01-03T00:00:00Z`: the provider's form, seconds precision. */
export const providerTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export class Lifecycle {
  private pending: Pending[] = [];

  constructor(
    private readonly store: ServiceStore,
    private readonly clock: MockClock,
    private readonly options: LifecycleOptions = {},
  ) {}

  /** Schedules what happens next to a service that just entered or changed. */
  schedule(service: EndpointService, own?: Transition): void {
    const now = this.clock.now();
    if (service.status === "creating") {
      const afterMs = own?.afterMs ?? this.options.creatingMs;
      if (afterMs === undefined) return;
      this.insert({
        due: now + afterMs,
        id: service.id,
        from: "creating",
        becomes: own?.becomes ?? this.options.creatingBecomes ?? "available",
      });
    } else if (service.status === "deleting") {
      const afterMs = own?.afterMs ?? this.options.deletingMs;
      if (afterMs === undefined) return;
      this.insert({ due: now + afterMs, id: service.id, from: "deleting" });
    }
  }

  scheduleAll(services: readonly EndpointService[]): void {
    for (const service of services) this.schedule(service);
  }

  clear(): void {
    this.pending = [];
  }

  /** Applies every transition that is due by the mock's clock. */
  tick(): void {
    if (this.pending.length === 0) return;
    const now = this.clock.now();
    while (this.pending.length > 0 && this.pending[0]!.due <= now) {
      const { id, from, becomes, due } = this.pending.shift()!;
      const service = this.store.get(id);
      if (!service || service.status !== from) continue;
      if (from === "deleting") this.store.remove(id);
      else this.store.put({ ...service, status: becomes ?? "available", updated_at: providerTime(due) });
    }
  }

  private insert(item: Pending) {
    let at = this.pending.length;
    while (at > 0 && this.pending[at - 1]!.due > item.due) at--;
    this.pending.splice(at, 0, item);
  }
}
