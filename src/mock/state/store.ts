// The stateful mock's services: validated once when they enter, kept with their JSON text and
// sort times, and indexed per sort key and direction so a page costs the page, not the list.
import * as compiled from "../../document/compiled-validators.js";
import { timestampMs } from "../../floor/timestamps.js";
import type { EndpointService } from "../../document/types.js";
import { nextTurn } from "../turn.js";
import type { PageQuery, SortDir, SortKey } from "../query.js";

export class SeedDataError extends Error {
  override name = "SeedDataError";
}

/** Service objects found valid, so that storing them (seed, control API) does not validate them twice. */
const checkedServices = new WeakSet<object>();

type SchemaError = compiled.AjvError;

/** `/ports/0/client_port` → `ports[0].client_port`, with the missing property of a `required` error. */
function fieldOf(error: SchemaError): string {
  const path = error.instancePath
    .replace(/^\//, "")
    .replace(/\/(\d+)(?=\/|$)/g, "[$1]")
    .replace(/\//g, ".");
  const extra = error.params["missingProperty"] ?? error.params["additionalProperty"];
  return [path, typeof extra === "string" ? extra : ""].filter(Boolean).join(".");
}

/** What a field must be, in words that never quote the field's value. */
function expectation(error: SchemaError): string {
  if (error.keyword === "required") return "required";
  const pattern = error.params["pattern"];
  if (error.keyword === "pattern" && typeof pattern === "string" && pattern.includes("\\d{4}-\\d{2}-\\d{2}"))
    return "must be a timestamp such as 2024-01-31T08:00:00Z";
  return error.message ?? error.keyword;
}

/**
 * One problem per field: an `anyOf` (an open enumeration, say) is reported once, as what its
 * branches ask for (their `type` when one is wrong), not as each branch's failure. Ajv reports a
 * branch's errors just before its `anyOf`, at the same place in the data or below it.
 */
function problemsOf(errors: readonly SchemaError[]): string[] {
  const branch = new Set<SchemaError>();
  const wanted = new Map<SchemaError, string>();
  errors.forEach((error, index) => {
    if (error.keyword !== "anyOf") return;
    const within = (other: SchemaError) =>
      other.instancePath === error.instancePath || other.instancePath.startsWith(`${error.instancePath}/`);
    const branches: SchemaError[] = [];
    for (let at = index - 1; at >= 0 && within(errors[at]!) && !branch.has(errors[at]!); at--) branches.push(errors[at]!);
    for (const each of branches) branch.add(each);
    const types = branches.filter((each) => each.keyword === "type");
    const asked = [...new Set((types.length > 0 ? types : branches).map(expectation))];
    if (asked.length > 0) wanted.set(error, asked.join(" or "));
  });
  const problems = new Set<string>();
  for (const error of errors) {
    if (branch.has(error)) continue;
    problems.add(`${fieldOf(error) || "(service)"}: ${wanted.get(error) ?? expectation(error)}`);
  }
  if (errors.length >= compiled.maxCollectedErrors)
    problems.add(
      `(service): ${compiled.maxCollectedErrors} schema errors or more; those past the first ${compiled.maxCollectedErrors} are not listed`,
    );
  return [...problems];
}

/**
 * Whether a service is valid against the document's EndpointService schema; unlike serviceProblems,
 * it does not remember the object (a batch of a million would fill that weak set for the collector).
 */
export const isValidService = (service: unknown): boolean => compiled.endpointService(service);

/**
 * The problems of one service against the document's EndpointService schema (empty when valid),
 * every one at once, each as `field: what it must be`; never a field's value (it may be a secret).
 */
export function serviceProblems(service: unknown): string[] {
  if (compiled.endpointService(service)) {
    checkedServices.add(service as object);
    return [];
  }
  return problemsOf(compiled.endpointService.errors ?? []);
}

/** The lines of a seed file's report; past this, one line counts the rest. */
const MAX_REPORTED_PROBLEMS = 200;

/**
 * Checks seed data: an array of services (or a page `{ endpoint_services }`), each valid and with a
 * unique id. Throws a SeedDataError listing every problem of every service at once (`service 3:
 * created_at: required`), by index and field, never quoting a value.
 */
export function checkSeed(data: unknown, source = "seed data"): EndpointService[] {
  const list = Array.isArray(data) ? data : (data as { endpoint_services?: unknown } | null)?.endpoint_services;
  if (!Array.isArray(list)) throw new SeedDataError(`${source}: expected an array of services or { "endpoint_services": [...] }`);
  const firstWithId = new Map<unknown, number>();
  const problems: string[] = [];
  const invalid = new Set<number>();
  list.forEach((service: unknown, index) => {
    const found = serviceProblems(service);
    const id = (service as { id?: unknown } | null)?.id;
    if (typeof id === "string") {
      const first = firstWithId.get(id);
      if (first === undefined) firstWithId.set(id, index);
      else found.push(`id: the same as service ${first}'s; ids must be unique`);
    }
    if (found.length > 0) invalid.add(index);
    for (const problem of found) problems.push(`service ${index}: ${problem}`);
  });
  if (problems.length === 0) return list as EndpointService[];
  const shown = problems.slice(0, MAX_REPORTED_PROBLEMS);
  const rest = problems.length - shown.length;
  throw new SeedDataError(
    [
      `${source}: ${invalid.size} of ${list.length} services not valid (${problems.length} ${problems.length === 1 ? "problem" : "problems"}; see https://vpcep-openapi.github.io/vpcep-openapi/guides/testing.html#seed-data):`,
      ...shown.map((line) => `  ${line}`),
      ...(rest > 0 ? [`  … and ${rest} more`] : []),
    ].join("\n"),
  );
}

/** A `creating` service that becomes `available` or `failed` at a time in the provider's form. */
export interface StatusMove {
  id: string;
  status: "available" | "failed";
  at: string;
}

/**
 * A stored service: its JSON text and what sorting and filtering read, not the parsed object (a
 * million parsed services would keep the garbage collector busy); `get` parses the text again.
 */
interface Entry {
  readonly id: string;
  readonly status: string;
  readonly publicBorderGroup: string | undefined;
  readonly serverType: string | undefined;
  /**
   * The service's JSON text is source[start, end): the services of a batch share one string per
   * piece, far fewer objects for the garbage collector to copy and mark than one string each
   * (the string stays while any of them does).
   */
  readonly source: string;
  readonly start: number;
  readonly end: number;
  readonly created: number;
  readonly updated: number;
  readonly nameLower: string;
  /** Why the document refuses this service; the mock answers 500 rather than send it. */
  readonly problems: readonly string[];
}

/** A service's time for sorting; one the document would refuse sorts as the epoch. */
const timeOf = (value: string | undefined): number => (value === undefined ? 0 : (timestampMs(value) ?? 0));

/** Shared by every valid entry: a million services need not hold a million empty arrays. */
const NO_PROBLEMS: readonly string[] = Object.freeze([]);

/** A stored service's JSON text. */
const jsonOf = (entry: Entry): string =>
  entry.start === 0 && entry.end === entry.source.length ? entry.source : entry.source.slice(entry.start, entry.end);

/** Where a service's JSON text is: a string of its own, or its place in a string shared with others. */
interface Text {
  source: string;
  start: number;
  end: number;
}

const ownText = (service: EndpointService): Text => {
  const source = JSON.stringify(service);
  return { source, start: 0, end: source.length };
};

/**
 * `valid`: the caller has checked the service (a batch of the control API); otherwise looked up or
 * validated. `text`: where its JSON text is, when the caller made it.
 */
function entryOf(service: EndpointService, valid = false, { source, start, end }: Text = ownText(service)): Entry {
  const created = timeOf(service.created_at);
  const updatedText = service.updated_at ?? (service as { update_at?: string }).update_at;
  return {
    id: service.id,
    status: service.status,
    publicBorderGroup: service.public_border_group,
    serverType: service.server_type,
    source,
    start,
    end,
    created,
    updated: updatedText === undefined ? created : timeOf(updatedText),
    nameLower: String(service.service_name ?? "").toLowerCase(),
    problems: valid || checkedServices.has(service) ? NO_PROBLEMS : serviceProblems(service),
  };
}

const byId = (a: Entry, b: Entry) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The two orders kept, each ascending by its time with ties by id. A descending page is read from
 * the same list: the groups of equal times from the latest, each group still in id order (ties
 * sort by id in both directions), so no descending copy is kept, merged or spliced.
 */
type TimeField = "created" | "updated";
const FIELDS: Record<SortKey, TimeField> = { create_at: "created", update_at: "updated" };
const ASCENDING: Record<TimeField, (a: Entry, b: Entry) => number> = {
  created: (a, b) => a.created - b.created || byId(a, b),
  updated: (a, b) => a.updated - b.updated || byId(a, b),
};
const TIME_FIELDS = ["created", "updated"] as const;

/** Steps a walk back or forth takes before it searches: most groups of equal times are short. */
const SHORT_GROUP = 8;

/** The first position of the group of equal times that holds position `at` (a few steps, then a binary search). */
function groupStart(index: readonly Entry[], field: TimeField, at: number): number {
  const time = index[at]![field];
  const floor = Math.max(0, at - SHORT_GROUP);
  let low = at;
  while (low > floor && index[low - 1]![field] === time) low--;
  if (low > floor || low === 0) return low;
  let high = low;
  low = 0;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (index[middle]![field] < time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** One past the last position of the group of equal times that holds position `at`. */
function groupEnd(index: readonly Entry[], field: TimeField, at: number): number {
  const time = index[at]![field];
  const ceiling = Math.min(index.length, at + 1 + SHORT_GROUP);
  let high = at + 1;
  while (high < ceiling && index[high]![field] === time) high++;
  if (high < ceiling || high === index.length) return high;
  let low = high;
  high = index.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (index[middle]![field] <= time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Visits an ascending index's entries in the order asked, from the `from`th of that order, while
 * `visit` returns true; a page costs its entries (and a search), a walk of the whole list is linear.
 */
function walk(index: readonly Entry[], field: TimeField, dir: SortDir, from: number, visit: (entry: Entry) => boolean): void {
  if (dir === "asc") {
    for (let at = from; at < index.length; at++) if (!visit(index[at]!)) return;
    return;
  }
  if (from >= index.length) return;
  const reversed = index.length - 1 - from;
  let start = groupStart(index, field, reversed);
  let end = groupEnd(index, field, reversed);
  // The group [start, end) takes the descending positions from length - end on, in id order.
  let at = start + from - (index.length - end);
  for (;;) {
    for (; at < end; at++) if (!visit(index[at]!)) return;
    if (start === 0) return;
    end = start;
    start = groupStart(index, field, end - 1);
    at = start;
  }
}

export type { PageQuery, SortDir, SortKey };

export interface Page {
  /** The services' JSON texts, in order. */
  items: string[];
  total: number;
  /** Problems of the page's services against the document, if any. */
  problems: string[];
}

/** Entries made, or services sorted or merged, between two turns of the event loop. */
const STEP = 5_000;

/** Up to this many transitions at once, splicing each into the indexes costs less than a pass over them. */
const ONE_BY_ONE = 16;

interface PreparedBatch {
  entries: Entry[];
  /** The entries in each ascending order. */
  sorted: Record<TimeField, Sorted>;
  /** How many of its entries have an update time other than their creation time. */
  updated: number;
}

/** Runs steps to their end with a turn of the event loop between two; undefined once `abandoned` says so. */
async function inTurns<T>(steps: Generator<void, T>, abandoned: () => boolean = () => false): Promise<T | undefined> {
  let step = steps.next();
  while (!step.done) {
    await nextTurn();
    if (abandoned()) return undefined;
    step = steps.next();
  }
  return step.value;
}

/** Two sorted lists as one, in one pass. */
function mergeSorted(left: readonly Entry[], right: readonly Entry[], compare: (a: Entry, b: Entry) => number): Entry[] {
  if (right.length === 0) return left as Entry[];
  if (left.length === 0) return right as Entry[];
  // Overwritten in order; right's tail is in place already (see mergeByTime).
  const merged = left.concat(right);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < left.length && j < right.length) merged[k++] = compare(right[j]!, left[i]!) < 0 ? right[j++]! : left[i++]!;
  while (i < left.length) merged[k++] = left[i++]!;
  return merged;
}

/** Entries a long merge moves between two turns of the event loop. */
const STRIDE = 100_000;

/** An ascending index with its times in a typed array, in its order. */
interface Sorted {
  entries: Entry[];
  times: Float64Array;
}

/** An index with its times: a merge reads them, not a million entries scattered over the heap. */
function sortedOf(entries: Entry[], field: TimeField): Sorted {
  const times = new Float64Array(entries.length);
  for (let i = 0; i < entries.length; i++) times[i] = entries[i]![field];
  return { entries, times };
}

/**
 * Two lists sorted ascending by a time (ties by id) as one, in one pass over their times (an
 * entry is read only for a tie); pauses every STRIDE.
 */
function* mergeByTime(left: Sorted, right: Sorted): Generator<void, Sorted> {
  if (right.entries.length === 0) return { entries: left.entries.slice(), times: left.times };
  if (left.entries.length === 0) return { entries: right.entries.slice(), times: right.times };
  const { entries: a, times: at } = left;
  const { entries: b, times: bt } = right;
  // The final length at once, overwritten in order: `concat` makes a fast array (V8 keeps a large
  // `new Array(n)` as a slow dictionary), and a million pushes would copy it as it grows.
  const merged = a.concat(b);
  const times = new Float64Array(merged.length);
  let i = 0;
  let j = 0;
  let k = 0;
  let pause = STRIDE;
  while (i < a.length && j < b.length) {
    const ta = at[i]!;
    const tb = bt[j]!;
    if (tb < ta || (tb === ta && b[j]!.id < a[i]!.id)) {
      times[k] = tb;
      merged[k++] = b[j++]!;
    } else {
      times[k] = ta;
      merged[k++] = a[i++]!;
    }
    if (k === pause) {
      pause += STRIDE;
      yield;
    }
  }
  times.set(at.subarray(i), k);
  while (i < a.length) merged[k++] = a[i++]!;
  // What is left of b is in place already: concat put b's tail last.
  times.set(bt.subarray(j), k);
  return { entries: merged, times };
}

/** Runs steps to their end without pausing. */
function drain<T>(steps: Generator<void, T>): T {
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/**
 * Both orders after a batch joins the lists `kept` gives: one merge each; while no service was
 * ever updated (`updatedAfter` 0), the update_at order is the create_at one, the same list.
 */
function* mergedIndexes(
  kept: (field: TimeField) => Sorted,
  batch: PreparedBatch,
  updatedAfter: number,
): Generator<void, Record<TimeField, Sorted>> {
  const created = yield* mergeByTime(kept("created"), batch.sorted.created);
  const updated = updatedAfter === 0 ? created : yield* mergeByTime(kept("updated"), batch.sorted.updated);
  return { created, updated };
}

/** Sorts in runs of STEP, then merges runs pairwise; yields between steps so a caller can pause. */
function* sortInSteps(entries: readonly Entry[], compare: (a: Entry, b: Entry) => number): Generator<void, Entry[]> {
  let runs: Entry[][] = [];
  for (let start = 0; start < entries.length; start += STEP) {
    runs.push(entries.slice(start, start + STEP).sort(compare));
    yield;
  }
  while (runs.length > 1) {
    const next: Entry[][] = [];
    for (let i = 0; i < runs.length; i += 2) {
      next.push(i + 1 < runs.length ? mergeSorted(runs[i]!, runs[i + 1]!, compare) : runs[i]!);
      yield;
    }
    runs = next;
  }
  return runs[0] ?? [];
}

/** A batch's entries in every index's order, in steps. */
function* prepareBatch(entries: Entry[]): Generator<void, PreparedBatch> {
  const created = yield* sortInSteps(entries, ASCENDING.created);
  // Services never updated (most of a batch) sort by update time as by creation time: one sort does.
  let updated = 0;
  for (const entry of entries) if (entry.updated !== entry.created) updated++;
  const byUpdate = updated === 0 ? created : yield* sortInSteps(entries, ASCENDING.updated);
  const byCreation = sortedOf(created, "created");
  // Shared when equal: a merge copies what it keeps, never changes a list in place.
  const sorted = { created: byCreation, updated: updated === 0 ? byCreation : sortedOf(byUpdate, "updated") };
  return { entries, sorted, updated };
}

/** What scheduling a service's next transition reads of it. */
export interface ServiceKey {
  readonly id: string;
  readonly status: string;
}

/**
 * New services on their way into a store (`addMany`), serialised a piece at a time (`settle`), so
 * the parsed objects can be dropped at once (a million parsed services held until the whole batch
 * is in would keep the garbage collector busy). Iterates over the services' ids and statuses, in order.
 */
export class ServiceBatch implements Iterable<ServiceKey> {
  private readonly entries: Entry[] = [];
  private readonly ids = new Set<string>();
  /** Services added since the last `settle`. */
  private waiting: EndpointService[] = [];

  constructor() {
    batchEntries.set(this, () => this.settled());
  }

  /** Adds a service the caller found valid (it is not validated again); false when the batch has its id already. */
  add(service: EndpointService): boolean {
    if (this.ids.has(service.id)) return false;
    this.ids.add(service.id);
    this.waiting.push(service);
    return true;
  }

  /**
   * Makes the entries of the services added since the last call, their JSON texts kept together
   * in one string; the services themselves are not kept. Call it after each piece of a batch.
   */
  settle(): void {
    if (this.waiting.length === 0) return;
    const texts = this.waiting.map((service) => JSON.stringify(service));
    const source = texts.join("");
    let start = 0;
    for (let i = 0; i < texts.length; i++) {
      const end = start + texts[i]!.length;
      this.entries.push(entryOf(this.waiting[i]!, true, { source, start, end }));
      start = end;
    }
    this.waiting = [];
  }

  private settled(): Entry[] {
    this.settle();
    return this.entries;
  }

  get size(): number {
    return this.settled().length;
  }

  /** Each service's JSON text, in order (what the store keeps). */
  texts(): string[] {
    return this.settled().map(jsonOf);
  }

  [Symbol.iterator](): Iterator<ServiceKey> {
    return this.settled()[Symbol.iterator]();
  }
}

/** A batch's entries, for the store alone. */
const batchEntries = new WeakMap<ServiceBatch, () => Entry[]>();

export class ServiceStore {
  private readonly entries = new Map<string, Entry>();
  /**
   * Every entry in each ascending order; `walk` reads them in either direction. While no service
   * was ever updated both are one list (a million pointers copied and marked once, not twice),
   * split before a single change splices them (`own`).
   */
  private indexes: Record<TimeField, Entry[]> = { created: [], updated: [] };
  /** The indexes' times, as a merge reads them; dropped when a single change splices an index. */
  private times: Partial<Record<TimeField, Float64Array>> = {};
  private readonly statusCounts = new Map<string, number>();
  /** Entries whose update time differs from their creation time. */
  private updatedCount = 0;
  /** Counts the changes, so that a batch merged in turns sees whether the store changed meanwhile. */
  private version = 0;

  constructor(services: readonly EndpointService[] = []) {
    this.load(services);
  }

  /** Replaces every service (ids must be unique; the caller has checked them): the batch path on an empty store. */
  load(services: readonly EndpointService[]): void {
    this.entries.clear();
    this.statusCounts.clear();
    this.updatedCount = 0;
    this.indexes = { created: [], updated: [] };
    this.times = {};
    this.version++;
    this.merge(drain(prepareBatch(services.map((service) => entryOf(service)))));
  }

  /**
   * Adds a batch of services whose ids are new (the caller has checked them, and that they are
   * valid: they are not validated again), in linear time: the batch is sorted once per index, in
   * runs merged pairwise, then merged into the indexes, with a turn of the event loop between
   * steps; the new indexes are put in at once, so no request sees half of the batch (whose
   * `texts()` are then what the store keeps).
   */
  async addMany(services: ServiceBatch): Promise<void> {
    const batch = (await inTurns(prepareBatch(batchEntries.get(services)!())))!;
    // The indexes are merged in turns too, from the store as it is now; if a request changes the
    // store meanwhile (a transition falling due), that merge is dropped and made again at once.
    const version = this.version;
    const indexes = await inTurns(
      mergedIndexes((field) => this.sorted(field), batch, this.updatedCount + batch.updated),
      () => version !== this.version,
    );
    if (indexes === undefined) this.merge(batch);
    else this.commit(batch, indexes);
  }

  /**
   * The lifecycle's transitions that fell due together: a service whose status moves is stamped
   * `updated_at` (one the document found valid before is not validated again: its new status and
   * time are values the document accepts); a removed one leaves. A few go one by one; more cost
   * one pass per index plus the moved entries sorted once, never one splice per service.
   */
  transition(moves: readonly StatusMove[], remove: readonly string[]): void {
    const put: EndpointService[] = [];
    for (const { id, status, at } of moves) {
      const entry = this.entries.get(id);
      if (!entry) continue;
      const service = { ...(JSON.parse(jsonOf(entry)) as EndpointService), status, updated_at: at };
      if (entry.problems.length === 0) checkedServices.add(service);
      put.push(service);
    }
    if (put.length + remove.length <= ONE_BY_ONE) {
      for (const id of remove) this.remove(id);
      for (const service of put) this.put(service);
      return;
    }
    // A move keeps its creation time, so it keeps its place in the create_at indexes: replaced
    // there in one pass; only the update_at indexes take the moved entries, sorted, in a merge.
    const gone = new Set<Entry>();
    for (const id of remove) {
      const entry = this.entries.get(id);
      if (!entry) continue;
      gone.add(entry);
      this.entries.delete(id);
      this.tally(entry, -1);
    }
    const replacement = new Map<Entry, Entry>();
    for (const service of put) {
      const before = this.entries.get(service.id)!;
      const after = entryOf(service);
      replacement.set(before, after);
      this.entries.set(after.id, after);
      this.tally(before, -1);
      this.tally(after, 1);
    }
    const moved = [...replacement.values()];
    const created: Entry[] = [];
    for (const entry of this.indexes.created) if (!gone.has(entry)) created.push(replacement.get(entry) ?? entry);
    const updated = this.indexes.updated.filter((entry) => !gone.has(entry) && !replacement.has(entry));
    this.indexes = { created, updated: mergeSorted(updated, moved.sort(ASCENDING.updated), ASCENDING.updated) };
    this.times = {};
  }

  /**
   * Merges a prepared batch into the entries and every index (synchronous: no request sees half of
   * it); an entry with the id of a new one (a caller added it meanwhile) is replaced.
   */
  private merge(batch: PreparedBatch): void {
    const gone = new Set<Entry>();
    for (const entry of batch.entries) {
      const replaced = this.entries.get(entry.id);
      if (replaced) gone.add(replaced);
    }
    const kept = (field: TimeField) =>
      gone.size === 0
        ? this.sorted(field)
        : sortedOf(
            this.indexes[field].filter((entry) => !gone.has(entry)),
            field,
          );
    for (const entry of gone) this.tally(entry, -1);
    this.commit(batch, drain(mergedIndexes(kept, batch, this.updatedCount + batch.updated)));
  }

  /** Puts a batch's entries in and the indexes made with them (`indexes`), at once. */
  private commit(batch: PreparedBatch, indexes: Record<TimeField, Sorted>): void {
    const added = new Map<string, number>();
    for (const entry of batch.entries) {
      this.entries.set(entry.id, entry);
      added.set(entry.status, (added.get(entry.status) ?? 0) + 1);
    }
    for (const [status, n] of added) this.count(status, n);
    this.updatedCount += batch.updated;
    this.indexes = { created: indexes.created.entries, updated: indexes.updated.entries };
    this.times = { created: indexes.created.times, updated: indexes.updated.times };
    this.version++;
  }

  /** Each index a list of its own, before a change splices them one by one. */
  private own(): void {
    if (this.indexes.updated === this.indexes.created) this.indexes.updated = this.indexes.created.slice();
  }

  /** An index with its times (kept from the last merge, or read again after a single change). */
  private sorted(field: TimeField): Sorted {
    return { entries: this.indexes[field], times: (this.times[field] ??= sortedOf(this.indexes[field], field).times) };
  }

  /** The service with this id, parsed from its text: a copy the caller may change. */
  get(id: string): EndpointService | undefined {
    const entry = this.entries.get(id);
    return entry === undefined ? undefined : (JSON.parse(jsonOf(entry)) as EndpointService);
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  statusOf(id: string): string | undefined {
    return this.entries.get(id)?.status;
  }

  /** Every service, oldest first. */
  list(): EndpointService[] {
    return this.indexes.created.map((entry) => JSON.parse(jsonOf(entry)) as EndpointService);
  }

  /** Adds a service or replaces the one with its id; returns the problems the document finds in it. */
  put(service: EndpointService): readonly string[] {
    this.remove(service.id);
    this.own();
    const entry = entryOf(service);
    this.entries.set(service.id, entry);
    this.tally(entry, 1);
    this.times = {};
    for (const field of TIME_FIELDS) {
      const index = this.indexes[field];
      index.splice(this.position(index, entry, ASCENDING[field]), 0, entry);
    }
    return entry.problems;
  }

  remove(id: string): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    this.own();
    this.entries.delete(id);
    this.tally(entry, -1);
    this.times = {};
    for (const field of TIME_FIELDS) {
      const index = this.indexes[field];
      const at = this.position(index, entry, ASCENDING[field]);
      if (index[at] === entry) index.splice(at, 1);
      else index.splice(index.indexOf(entry), 1);
    }
    return true;
  }

  page(query: PageQuery): Page {
    const { offset, limit } = query;
    if (query.id !== undefined) {
      const entry = this.entries.get(query.id);
      const matches = entry && this.matches(entry, query) ? [entry] : [];
      return this.pageOf(matches.slice(offset, offset + limit), matches.length);
    }
    const field = FIELDS[query.sortKey];
    const index = this.indexes[field];
    const picked: Entry[] = [];
    if (query.name === undefined && query.publicBorderGroup === undefined && query.serverType === undefined) {
      if (query.status === undefined) {
        if (limit > 0) walk(index, field, query.sortDir, offset, (entry) => picked.push(entry) < limit);
        return this.pageOf(picked, index.length);
      }
      // Status only: the count is kept, and the walk stops once the page is full.
      const total = this.statusCounts.get(query.status) ?? 0;
      let seen = 0;
      if (limit > 0 && total > 0)
        walk(index, field, query.sortDir, 0, (entry) => {
          if (entry.status !== query.status) return true;
          if (seen++ >= offset) picked.push(entry);
          return picked.length < limit && seen < total;
        });
      return this.pageOf(picked, total);
    }
    let total = 0;
    walk(index, field, query.sortDir, 0, (entry) => {
      if (!this.matches(entry, query)) return true;
      if (total++ >= offset && picked.length < limit) picked.push(entry);
      return true;
    });
    return this.pageOf(picked, total);
  }

  private matches(entry: Entry, query: PageQuery): boolean {
    return (
      (query.name === undefined || entry.nameLower.includes(query.name)) &&
      (query.status === undefined || entry.status === query.status) &&
      (query.publicBorderGroup === undefined || entry.publicBorderGroup === query.publicBorderGroup) &&
      (query.serverType === undefined || entry.serverType === query.serverType)
    );
  }

  private pageOf(entries: readonly Entry[], total: number): Page {
    const problems: string[] = [];
    entries.forEach((entry, n) => {
      for (const problem of entry.problems) problems.push(`endpoint_services[${n}].${problem}`);
    });
    return { items: entries.map(jsonOf), total, problems };
  }

  /** Counts an entry in (1) or out (-1). */
  private tally(entry: Entry, delta: number) {
    this.count(entry.status, delta);
    if (entry.updated !== entry.created) this.updatedCount += delta;
    this.version++;
  }

  private count(status: string, delta: number) {
    this.statusCounts.set(status, (this.statusCounts.get(status) ?? 0) + delta);
  }

  /** The first position whose entry does not sort before `entry`. */
  private position(index: readonly Entry[], entry: Entry, compare: (a: Entry, b: Entry) => number): number {
    let low = 0;
    let high = index.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(index[middle]!, entry) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
