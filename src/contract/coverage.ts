// Which parts of the document a run exercised (`--coverage`): each query parameter, its enum values
// and boundaries, each documented status, each response field and each response enum value seen.
import { queryParameterList as queryParameters } from "../document/query-parameters.js";
import { documentedStatuses as statusesOfDocument, responseFields } from "../document/facts.js";

/** One request sent (or recorded) and the answer to it. */
export interface Observation {
  query: Record<string, string>;
  status: number;
  body: unknown;
}

export interface CoverageItem {
  /** `query.status=failed`, `status 429`, `response endpoint_services[].ports[].protocol`, … */
  item: string;
  seen: boolean;
}

export interface CoverageGroup {
  name: string;
  items: CoverageItem[];
}

export interface Coverage {
  seen: number;
  total: number;
  groups: CoverageGroup[];
}

/** The documented field paths of the 200 body (arrays as `[]`) and the known values of its enumerations. */
function responseModel(): { fields: string[]; enums: [string, readonly string[]][] } {
  const described = responseFields.success;
  return {
    fields: described.filter((field) => !field.items).map((field) => field.path),
    enums: described.flatMap((field) => (field.enum ? [[field.path, field.enum] as [string, readonly string[]]] : [])),
  };
}

/** Values longer than this are not an enum value: coverage keeps none of them. */
const MAX_VALUE_CHARS = 80;
/** Distinct values kept per field path: enough for every documented enumeration. */
const MAX_VALUES_PER_PATH = 64;
/** Field paths kept: a hostile body cannot grow the set without bound. */
const MAX_FIELDS = 4096;

/** Collects the field paths and short scalar values of a body, arrays as `[]`; bounded whatever the body. */
function observe(value: unknown, at: string, fields: Set<string>, values: Map<string, Set<string>>, depth = 0) {
  if (depth > 32) return;
  if (Array.isArray(value)) {
    for (const item of value) observe(item, `${at}[]`, fields, values, depth + 1);
  } else if (value && typeof value === "object") {
    for (const [name, inner] of Object.entries(value)) {
      const path = at ? `${at}.${name}` : name;
      if (!fields.has(path) && fields.size >= MAX_FIELDS) continue;
      fields.add(path);
      observe(inner, path, fields, values, depth + 1);
    }
  } else if (at) {
    const text = String(value);
    if (text.length > MAX_VALUE_CHARS) return;
    let seen = values.get(at);
    if (!seen) values.set(at, (seen = new Set()));
    if (seen.size < MAX_VALUES_PER_PATH) seen.add(text);
  }
}

/**
 * What coverage needs of the answers, folded in as they arrive: the queries sent, the statuses, and
 * the field paths and short values of the 2xx bodies. No body is kept, so a run's memory does not
 * grow with the answers' size.
 */
export class CoverageCollector {
  readonly queries: Record<string, string>[] = [];
  readonly statuses = new Set<number>();
  readonly fields = new Set<string>();
  readonly values = new Map<string, Set<string>>();

  add({ query, status, body }: Observation): void {
    this.queries.push(query);
    this.statuses.add(status);
    if (status >= 200 && status < 300) observe(body, "", this.fields, this.values);
  }
}

/** The statuses the operation documents one by one (`default` stands for no single status). */
export const documentedStatuses = (): number[] => [...statusesOfDocument];

export function computeCoverage(source: readonly Observation[] | CoverageCollector): Coverage {
  let collected: CoverageCollector;
  if (source instanceof CoverageCollector) collected = source;
  else {
    collected = new CoverageCollector();
    for (const observation of source) collected.add(observation);
  }
  const { queries, statuses, fields, values } = collected;
  const sent = (name: string, predicate: (value: string) => boolean = () => true) =>
    queries.some((q) => Object.hasOwn(q, name) && predicate(q[name]!));
  const groups: CoverageGroup[] = [];

  groups.push({ name: "query parameters", items: queryParameters.map((p) => ({ item: `query.${p.name}`, seen: sent(p.name) })) });

  const enumItems = queryParameters.flatMap((p) =>
    (p.enum ?? []).map((value) => ({ item: `query.${p.name}=${value}`, seen: sent(p.name, (v) => v === value) })),
  );
  groups.push({ name: "query enum values", items: enumItems });

  const boundaries: CoverageItem[] = [];
  for (const p of queryParameters) {
    const equals = (n: number) => (v: string) => /^-?\d+$/.test(v) && Number(v) === n;
    const length = (n: number) => (v: string) => v.length === n;
    if (p.minimum !== undefined)
      boundaries.push(
        { item: `query.${p.name}=${p.minimum} (minimum)`, seen: sent(p.name, equals(p.minimum)) },
        { item: `query.${p.name}=${p.minimum - 1} (below minimum)`, seen: sent(p.name, equals(p.minimum - 1)) },
      );
    if (p.maximum !== undefined)
      boundaries.push(
        { item: `query.${p.name}=${p.maximum} (maximum)`, seen: sent(p.name, equals(p.maximum)) },
        { item: `query.${p.name}=${p.maximum + 1} (above maximum)`, seen: sent(p.name, equals(p.maximum + 1)) },
      );
    if (p.maxLength !== undefined)
      boundaries.push(
        { item: `query.${p.name} of ${p.maxLength} characters (maximum)`, seen: sent(p.name, length(p.maxLength)) },
        { item: `query.${p.name} of ${p.maxLength + 1} characters (too long)`, seen: sent(p.name, length(p.maxLength + 1)) },
      );
  }
  groups.push({ name: "query boundaries", items: boundaries });

  groups.push({
    name: "documented statuses",
    items: documentedStatuses().map((code) => ({ item: `status ${code}`, seen: statuses.has(code) })),
  });

  const model = responseModel();
  groups.push({ name: "response fields", items: model.fields.map((field) => ({ item: `response ${field}`, seen: fields.has(field) })) });
  groups.push({
    name: "response enum values",
    items: model.enums.flatMap(([field, known]) =>
      [...new Set(known)].map((value) => ({ item: `response ${field}=${value}`, seen: values.get(field)?.has(value) ?? false })),
    ),
  });

  const all = groups.flatMap((g) => g.items);
  return { seen: all.filter((i) => i.seen).length, total: all.length, groups };
}

const percent = (seen: number, total: number) => (total === 0 ? "100%" : `${Math.round((seen / total) * 100)}%`);

/** A table: one line per group with its figure, then what the run never saw. */
export function renderCoverage(coverage: Coverage): string {
  const lines = [`coverage: ${coverage.seen} of ${coverage.total} parts of the document seen (${percent(coverage.seen, coverage.total)})`];
  for (const group of coverage.groups) {
    const seen = group.items.filter((i) => i.seen).length;
    lines.push(
      `  ${group.name.padEnd(22)} ${String(seen).padStart(3)}/${String(group.items.length).padEnd(3)} ${percent(seen, group.items.length).padStart(4)}`,
    );
  }
  const missing = coverage.groups.flatMap((g) => g.items.filter((i) => !i.seen).map((i) => i.item));
  if (missing.length) lines.push("never seen:", ...missing.map((item) => `  ${item}`));
  return lines.join("\n");
}
