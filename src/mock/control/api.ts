// The control API as typed calls over the mock's state: what `/__mock/…` (control.ts, which reads
// and writes HTTP) and the methods in process (methods.ts: vpcep-openapi/msw, startMock) both call.
// Every refusal is a ControlError with its status and message. Changes run one after another
// (`oneAtATime`, around the reading of their input too), so a batch never interleaves with another
// change. No Node built-in (msw runs in browsers too).
import type { EndpointService } from "../../document/types.js";
import { providerTime, type Transition } from "../state/lifecycle.js";
import { isValidService, ServiceBatch, serviceProblems } from "../state/store.js";
import { nextTurn } from "../turn.js";
import { ControlError } from "./control-error.js";

export { ControlError, type ServiceBatch };

/** What the control API may change: the store and the clock, with the lifecycle kept in step. */
export interface ControlTarget {
  list(): EndpointService[];
  get(id: string): EndpointService | undefined;
  has(id: string): boolean;
  /** Adds or replaces services after they were checked. */
  put(service: EndpointService, transition?: Transition): void;
  /**
   * Adds a batch of new services (ids checked unique and absent) after they were checked, in
   * linear time, yielding to the event loop while it prepares them.
   */
  addMany(services: ServiceBatch, transition?: Transition): Promise<void>;
  remove(id: string): boolean;
  advance(ms: number): void;
  reset(): void;
  now(): number;
}

export interface ControlApi {
  /** Runs `work` (a change, with the reading of its input) after the changes queued before it, on this target whichever API asked. */
  oneAtATime<T>(work: () => Promise<T>): Promise<T>;
  /** Every service, oldest first. */
  services(): EndpointService[];
  /** One service; 404 when there is none with this id. */
  service(id: string): EndpointService;
  /**
   * Validates and inserts a batch (id and created_at filled in when absent), given whole or as a
   * feed (an HTTP body parsed piece by piece); resolves with the batch added (its count, and each
   * service's JSON text when asked for).
   */
  addServices(items: readonly unknown[] | ItemFeed, transition?: Transition): Promise<ServiceBatch>;
  /** Merges a patch into one service: the patch is read (`patchOf`) once the service is found, the transition once the result is valid. */
  updateService(id: string, patchOf: () => unknown, transitionOf?: () => Transition | undefined): Promise<EndpointService>;
  removeService(id: string): Promise<void>;
  /** Moves the clock forward by `ms` (a whole number >= 0); resolves with the mock's time now. */
  advanceClock(ms: unknown): Promise<string>;
  /** The seed data again; resolves with how many services that is. */
  reset(): Promise<number>;
}

export interface ControlApiOptions {
  /** How the caller changes an existing service, named when an id exists already (`PATCH /__mock/services/{id}`, `updateService()`). */
  howToChange(id: string): string;
  /** Called before each call (the lifecycle catching up with the clock). */
  beforeCall?: () => void;
}

/** Services validated between two turns of the event loop. */
const CHUNK = 2_000;

/** The problems a 400 answer lists; past them, one clause counts the rest. */
const MAX_LISTED_PROBLEMS = 20;

function checked(candidate: unknown, where: string): EndpointService {
  if (isValidService(candidate)) return candidate as EndpointService;
  const problems = serviceProblems(candidate);
  const shown = problems.slice(0, MAX_LISTED_PROBLEMS).join("; ");
  const rest = problems.length > MAX_LISTED_PROBLEMS ? ` (and ${problems.length - MAX_LISTED_PROBLEMS} more)` : "";
  throw new ControlError(400, `${where} is not a valid EndpointService: ${shown}${rest}`);
}

/** A transition from its two texts (`becomes`, `after_ms`; null when absent), as the query of a POST gives them. */
export function transitionOf(becomes: string | null, after: string | null): Transition | undefined {
  if (becomes === null && after === null) return undefined;
  if (becomes !== null && becomes !== "available" && becomes !== "failed")
    throw new ControlError(400, `becomes must be available or failed, got ${JSON.stringify(becomes)}`);
  if (after === null || !/^\d+$/.test(after))
    throw new ControlError(400, `after_ms must be a whole number of milliseconds, got ${JSON.stringify(after)}`);
  return becomes === null ? { afterMs: Number(after) } : { afterMs: Number(after), becomes };
}

/**
 * A batch's items as they come: `feed` hands them to `take` in runs, in order (an HTTP body's
 * items, a piece at a time as it is parsed), and resolves once all are handed over.
 */
export type ItemFeed = (take: (items: readonly unknown[]) => void) => Promise<void>;

/** Items given whole, handed over in chunks between which other requests are answered. */
const feedOf =
  (items: readonly unknown[]): ItemFeed =>
  async (take) => {
    for (let at = 0; at < items.length; at += CHUNK) {
      if (at > 0) await nextTurn();
      take(items.slice(at, at + CHUNK));
    }
  };

/**
 * A batch taken in item by item: each one checked and made the store's entry at once, so a large
 * body's parsed objects die young. The first refusal is kept, not thrown, and nothing after it is
 * checked: a body's syntax error further on still wins, as when the body was parsed whole first.
 */
class Intake {
  readonly batch = new ServiceBatch();
  private refusal: ControlError | undefined;
  private index = 0;

  constructor(private readonly now: string) {}

  take(items: readonly unknown[]): void {
    if (this.refusal) return;
    try {
      for (const item of items) this.add(item, this.index++);
      // Stored before the next piece is parsed: these items' parsed objects can go.
      this.batch.settle();
    } catch (error) {
      if (!(error instanceof ControlError)) throw error;
      this.refusal = error;
    }
  }

  private add(item: unknown, index: number): void {
    if (!item || typeof item !== "object" || Array.isArray(item)) throw new ControlError(400, `service ${index} is not an object`);
    // The item's own id and created_at, if any, win; an item with both is taken as it is (no copy of a million).
    const complete = "id" in item && "created_at" in item;
    const service = checked(complete ? item : { id: crypto.randomUUID(), created_at: this.now, ...item }, `service ${index}`);
    if (!this.batch.add(service)) throw new ControlError(409, `id ${service.id} appears twice in the body`);
  }

  /** The batch, once every item is in: the first refusal if any, else 409 for an id the target has already. */
  checked(target: ControlTarget, options: ControlApiOptions): ServiceBatch {
    if (this.refusal) throw this.refusal;
    // Checked after the last turn: a request answered meanwhile may have added one of them.
    for (const { id } of this.batch)
      if (target.has(id)) throw new ControlError(409, `id ${id} exists already; ${options.howToChange(id)} changes it`);
    return this.batch;
  }
}

/** Changes run one after another per target, whichever API object (HTTP or in process) asks. */
const queues = new WeakMap<ControlTarget, Promise<unknown>>();
function serially<T>(target: ControlTarget, work: () => Promise<T>): Promise<T> {
  const run = (queues.get(target) ?? Promise.resolve()).then(work, work);
  queues.set(
    target,
    run.catch(() => undefined),
  );
  return run;
}

export function createControlApi(target: ControlTarget, options: ControlApiOptions): ControlApi {
  const before = () => options.beforeCall?.();
  const found = (id: string): EndpointService => {
    const current = target.get(id);
    if (!current) throw new ControlError(404, `no service with id ${id}`);
    return current;
  };
  const change = async <T>(work: () => T | Promise<T>): Promise<T> => {
    before();
    return work();
  };

  return {
    oneAtATime: (work) => serially(target, work),
    services() {
      before();
      return target.list();
    },
    service(id) {
      before();
      return found(id);
    },
    addServices: (items, transition) =>
      change(async () => {
        const intake = new Intake(providerTime(target.now()));
        await (typeof items === "function" ? items : feedOf(items))((run) => intake.take(run));
        const batch = intake.checked(target, options);
        await target.addMany(batch, transition);
        return batch;
      }),
    updateService: (id, patchOf, transitionOf) =>
      change(async () => {
        const current = found(id);
        const patch = await patchOf();
        if (!patch || typeof patch !== "object" || Array.isArray(patch))
          throw new ControlError(400, "the body must be an object of the fields to change");
        if ("id" in patch && (patch as { id: unknown }).id !== id) throw new ControlError(400, "the id cannot change");
        const changed = checked({ ...current, ...patch }, `service ${id} after the change`);
        target.put(changed, transitionOf?.());
        return changed;
      }),
    removeService: (id) =>
      change(() => {
        found(id);
        target.remove(id);
      }),
    advanceClock: (ms) =>
      change(() => {
        if (typeof ms !== "number" || !Number.isInteger(ms) || ms < 0)
          throw new ControlError(400, 'send {"advance_ms": N} with N a whole number of milliseconds >= 0');
        target.advance(ms);
        return new Date(target.now()).toISOString();
      }),
    reset: () =>
      change(() => {
        target.reset();
        return target.list().length;
      }),
  };
}
