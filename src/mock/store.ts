// The stateful mock's services: validated once when they enter, kept with their JSON text and
// sort times, and indexed per sort key and direction so a page costs the page, not the list.
import * as compiled from "../../generated/contract-validators.js";
import { timestampMs } from "../timestamps.js";
import type { EndpointService } from "../types.js";

export class SeedDataError extends Error {
  override name = "SeedDataError";
}

/** Services checkSeed found valid, so that loading them does not validate them twice. */
const checkedServices = new WeakSet<object>();

/** The problems of one service against the document's EndpointService schema (empty when valid). */
export function serviceProblems(service: unknown): string[] {
  if (compiled.endpointService(service)) return [];
  return (compiled.endpointService.errors ?? []).map((error) => {
    const path = error.instancePath
      .replace(/^\//, "")
      .replace(/\/(\d+)(?=\/|$)/g, "[$1]")
      .replace(/\//g, ".");
    const extra = error.params["missingProperty"] ?? error.params["additionalProperty"];
    const where = [path, typeof extra === "string" ? extra : ""].filter(Boolean).join(".");
    return `${where || "(service)"}: ${error.message ?? error.keyword}`;
  });
}

/** Checks seed data: an array of services (or a page `{ endpoint_services }`), each valid and with a unique id. */
export function checkSeed(data: unknown, source = "seed data"): EndpointService[] {
  const list = Array.isArray(data) ? data : (data as { endpoint_services?: unknown } | null)?.endpoint_services;
  if (!Array.isArray(list)) throw new SeedDataError(`${source}: expected an array of services or { "endpoint_services": [...] }`);
  const ids = new Set<string>();
  list.forEach((service, index) => {
    if (!compiled.endpointService(service)) {
      const first = compiled.endpointService.errors?.[0];
      throw new SeedDataError(
        `${source}: service ${index} is not a valid EndpointService: ${first?.instancePath || "(service)"} ${first?.message ?? ""}`.trim(),
      );
    }
    checkedServices.add(service as object);
    const id = (service as EndpointService).id;
    if (ids.has(id)) throw new SeedDataError(`${source}: id ${id} appears twice`);
    ids.add(id);
  });
  return list as EndpointService[];
}

export type SortKey = "create_at" | "update_at";
export type SortDir = "asc" | "desc";

interface Entry {
  readonly service: EndpointService;
  readonly json: string;
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

function entryOf(service: EndpointService, checked = false): Entry {
  const created = timeOf(service.created_at);
  const updatedText = service.updated_at ?? (service as { update_at?: string }).update_at;
  return {
    service,
    json: JSON.stringify(service),
    created,
    updated: updatedText === undefined ? created : timeOf(updatedText),
    nameLower: String(service.service_name ?? "").toLowerCase(),
    problems: checked || checkedServices.has(service) ? NO_PROBLEMS : serviceProblems(service),
  };
}

const byId = (a: Entry, b: Entry) => (a.service.id < b.service.id ? -1 : a.service.id > b.service.id ? 1 : 0);
const COMPARATORS: Record<`${SortKey}:${SortDir}`, (a: Entry, b: Entry) => number> = {
  "create_at:asc": (a, b) => a.created - b.created || byId(a, b),
  "create_at:desc": (a, b) => b.created - a.created || byId(a, b),
  "update_at:asc": (a, b) => a.updated - b.updated || byId(a, b),
  "update_at:desc": (a, b) => b.updated - a.updated || byId(a, b),
};
const INDEX_NAMES = Object.keys(COMPARATORS) as (keyof typeof COMPARATORS)[];

export interface PageQuery {
  id?: string | undefined;
  status?: string | undefined;
  /** Matched as a case-insensitive substring of `service_name`. */
  name?: string | undefined;
  publicBorderGroup?: string | undefined;
  sortKey: SortKey;
  sortDir: SortDir;
  offset: number;
  limit: number;
}

export interface Page {
  /** The services' JSON texts, in order. */
  items: string[];
  total: number;
  /** Problems of the page's services against the document, if any. */
  problems: string[];
}

/** Entries made, or services sorted or merged, between two turns of the event loop. */
const STEP = 5_000;

interface PreparedBatch {
  entries: Entry[];
  sorted: Map<string, Entry[]>;
}

/** Two sorted lists as one, in one pass. */
function mergeSorted(left: readonly Entry[], right: readonly Entry[], compare: (a: Entry, b: Entry) => number): Entry[] {
  if (right.length === 0) return left as Entry[];
  if (left.length === 0) return right as Entry[];
  const merged = new Array<Entry>(left.length + right.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < left.length && j < right.length) merged[k++] = compare(right[j]!, left[i]!) < 0 ? right[j++]! : left[i++]!;
  while (i < left.length) merged[k++] = left[i++]!;
  while (j < right.length) merged[k++] = right[j++]!;
  return merged;
}

/**
 * The descending order from the ascending one, in one pass: the groups of equal times reversed,
 * each group kept in id order (ties sort by id in both directions).
 */
function descendingOf(ascending: readonly Entry[], time: "created" | "updated"): Entry[] {
  const descending = new Array<Entry>(ascending.length);
  let k = 0;
  for (let end = ascending.length; end > 0; ) {
    let start = end - 1;
    while (start > 0 && ascending[start - 1]![time] === ascending[end - 1]![time]) start--;
    for (let i = start; i < end; i++) descending[k++] = ascending[i]!;
    end = start;
  }
  return descending;
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

/** A batch's entries (validated unless `checked`, serialised once) and their order in every index, in steps. */
function* prepareBatch(services: readonly EndpointService[], checked: boolean): Generator<void, PreparedBatch> {
  const entries: Entry[] = [];
  for (let i = 0; i < services.length; i++) {
    entries.push(entryOf(services[i]!, checked));
    if ((i + 1) % STEP === 0) yield;
  }
  const sorted = new Map<string, Entry[]>();
  for (const key of ["create_at", "update_at"] as const) {
    const ascending = yield* sortInSteps(entries, COMPARATORS[`${key}:asc`]);
    sorted.set(`${key}:asc`, ascending);
    yield;
    sorted.set(`${key}:desc`, descendingOf(ascending, key === "create_at" ? "created" : "updated"));
  }
  return { entries, sorted };
}

export class ServiceStore {
  private readonly entries = new Map<string, Entry>();
  private readonly indexes = new Map<string, Entry[]>(INDEX_NAMES.map((name) => [name, []]));
  private readonly statusCounts = new Map<string, number>();

  constructor(services: readonly EndpointService[] = []) {
    this.load(services);
  }

  /** Replaces every service (ids must be unique; the caller has checked them): the batch path on an empty store. */
  load(services: readonly EndpointService[]): void {
    this.entries.clear();
    this.statusCounts.clear();
    for (const name of INDEX_NAMES) this.indexes.set(name, []);
    const batch = prepareBatch(services, false);
    let step = batch.next();
    while (!step.done) step = batch.next();
    this.merge(step.value);
  }

  /**
   * Adds services whose ids are new (the caller has checked them, and that they are valid), in
   * linear time: the batch is sorted once per index, in runs merged pairwise with a turn of the
   * event loop between steps, then merged into each index at once. Resolves with the JSON texts.
   */
  async addMany(services: readonly EndpointService[]): Promise<string[]> {
    const batch = prepareBatch(services, true);
    let step = batch.next();
    while (!step.done) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      step = batch.next();
    }
    return this.merge(step.value);
  }

  /** Merges a prepared batch into the entries and every index (synchronous: no request sees half of it). */
  private merge(batch: PreparedBatch): string[] {
    for (const entry of batch.entries) {
      const replaced = this.entries.get(entry.service.id);
      if (replaced) this.remove(replaced.service.id); // only when a caller added the id meanwhile
      this.entries.set(entry.service.id, entry);
      this.count(entry.service.status, 1);
    }
    for (const name of INDEX_NAMES)
      this.indexes.set(name, mergeSorted(this.indexes.get(name)!, batch.sorted.get(name)!, COMPARATORS[name]));
    return batch.entries.map((entry) => entry.json);
  }

  get(id: string): EndpointService | undefined {
    return this.entries.get(id)?.service;
  }

  /** Every service, oldest first. */
  list(): EndpointService[] {
    return this.indexes.get("create_at:asc")!.map((entry) => entry.service);
  }

  /** Adds a service or replaces the one with its id; returns the problems the document finds in it. */
  put(service: EndpointService): readonly string[] {
    this.remove(service.id);
    const entry = entryOf(service);
    this.entries.set(service.id, entry);
    this.count(service.status, 1);
    for (const name of INDEX_NAMES) {
      const index = this.indexes.get(name)!;
      index.splice(this.position(index, entry, COMPARATORS[name]), 0, entry);
    }
    return entry.problems;
  }

  remove(id: string): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    this.entries.delete(id);
    this.count(entry.service.status, -1);
    for (const name of INDEX_NAMES) {
      const index = this.indexes.get(name)!;
      const at = this.position(index, entry, COMPARATORS[name]);
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
    const index = this.indexes.get(`${query.sortKey}:${query.sortDir}`)!;
    if (query.name === undefined && query.publicBorderGroup === undefined) {
      if (query.status === undefined) return this.pageOf(index.slice(offset, offset + limit), index.length);
      // Status only: the count is kept, and the scan stops once the page is full.
      const total = this.statusCounts.get(query.status) ?? 0;
      const picked: Entry[] = [];
      let seen = 0;
      for (let i = 0; i < index.length && picked.length < limit && seen < total; i++) {
        const entry = index[i]!;
        if (entry.service.status !== query.status) continue;
        if (seen >= offset) picked.push(entry);
        seen++;
      }
      return this.pageOf(picked, total);
    }
    const picked: Entry[] = [];
    let total = 0;
    for (const entry of index) {
      if (!this.matches(entry, query)) continue;
      if (total >= offset && picked.length < limit) picked.push(entry);
      total++;
    }
    return this.pageOf(picked, total);
  }

  private matches(entry: Entry, query: PageQuery): boolean {
    const { service } = entry;
    return (
      (query.name === undefined || entry.nameLower.includes(query.name)) &&
      (query.status === undefined || service.status === query.status) &&
      (query.publicBorderGroup === undefined || service.public_border_group === query.publicBorderGroup)
    );
  }

  private pageOf(entries: readonly Entry[], total: number): Page {
    const problems: string[] = [];
    entries.forEach((entry, n) => {
      for (const problem of entry.problems) problems.push(`endpoint_services[${n}].${problem}`);
    });
    return { items: entries.map((entry) => entry.json), total, problems };
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
