// The mock's clock and the way services change over time: `creating` becomes `available` (or
// `failed`) and `deleting` disappears after a configured delay. Transitions are applied lazily,
// when a request arrives or the clock is moved, so an idle mock does nothing; those that fall due
// together are applied to the store as one batch.
import type { EndpointService } from "../../document/types.js";
import type { ServiceKey, ServiceStore, StatusMove } from "./store.js";

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
  /** The order of scheduling: transitions due at the same time apply in that order. */
  seq: number;
  id: string;
  /** The status the service had when scheduled; a later change cancels the transition. */
  from: string;
  becomes?: "available" | "failed";
}

const sooner = (a: Pending, b: Pending) => a.due < b.due || (a.due === b.due && a.seq < b.seq);

/** The pending transitions, soonest first: a binary heap, so scheduling and taking one cost log n. */
class PendingQueue {
  private heap: Pending[] = [];
  get size(): number {
    return this.heap.length;
  }
  peek(): Pending | undefined {
    return this.heap[0];
  }
  clear(): void {
    this.heap = [];
  }
  push(item: Pending): void {
    const { heap } = this;
    let at = heap.push(item) - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!sooner(item, heap[parent]!)) break;
      heap[at] = heap[parent]!;
      at = parent;
    }
    heap[at] = item;
  }
  pop(): Pending | undefined {
    const { heap } = this;
    const first = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) return first;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && sooner(heap[right]!, heap[left]!) ? right : left;
      if (!sooner(heap[child]!, last)) break;
      heap[at] = heap[child]!;
      at = child;
    }
    heap[at] = last;
    return first;
  }
}

/** `2024-01-03T00:00:00Z`: the provider's form, seconds precision. */
export const providerTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export class Lifecycle {
  private readonly pending = new PendingQueue();
  private scheduled = 0;

  constructor(
    private readonly store: ServiceStore,
    private readonly clock: MockClock,
    private readonly options: LifecycleOptions = {},
  ) {}

  /** Schedules what happens next to a service that just entered or changed. */
  schedule(service: ServiceKey, own?: Transition): void {
    const now = this.clock.now();
    if (service.status === "creating") {
      const afterMs = own?.afterMs ?? this.options.creatingMs;
      if (afterMs === undefined) return;
      this.pending.push({
        due: now + afterMs,
        seq: this.scheduled++,
        id: service.id,
        from: "creating",
        becomes: own?.becomes ?? this.options.creatingBecomes ?? "available",
      });
    } else if (service.status === "deleting") {
      const afterMs = own?.afterMs ?? this.options.deletingMs;
      if (afterMs === undefined) return;
      this.pending.push({ due: now + afterMs, seq: this.scheduled++, id: service.id, from: "deleting" });
    }
  }

  scheduleAll(services: readonly EndpointService[]): void {
    for (const service of services) this.schedule(service);
  }

  clear(): void {
    this.pending.clear();
  }

  /**
   * Applies every transition that is due by the mock's clock, in the order they fell due, as one
   * change to the store (one pass per index, however many fell due together).
   */
  tick(): void {
    if (this.pending.size === 0) return;
    const now = this.clock.now();
    /** The status each changed id has after the transitions so far; `deleted` once removed. */
    const changed = new Map<string, { status: "available" | "failed"; due: number } | "deleted">();
    const statusOf = (id: string) => {
      const change = changed.get(id);
      return change === undefined ? this.store.statusOf(id) : change === "deleted" ? undefined : change.status;
    };
    while (this.pending.size > 0 && this.pending.peek()!.due <= now) {
      const { id, from, becomes, due } = this.pending.pop()!;
      if (statusOf(id) !== from) continue;
      changed.set(id, from === "deleting" ? "deleted" : { status: becomes ?? "available", due });
    }
    if (changed.size === 0) return;
    const moves: StatusMove[] = [];
    const remove: string[] = [];
    let stamped = { due: Number.NaN, at: "" };
    for (const [id, change] of changed) {
      if (change === "deleted") {
        remove.push(id);
        continue;
      }
      if (change.due !== stamped.due) stamped = { due: change.due, at: providerTime(change.due) };
      moves.push({ id, status: change.status, at: stamped.at });
    }
    this.store.transition(moves, remove);
  }
}
