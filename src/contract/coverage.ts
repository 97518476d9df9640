// Which parts of the document a run exercised (`--coverage`): each query parameter, its enum values
// and boundaries, each documented status, each response field and each response enum value seen.
import { queryParameters } from "../../generated/contract-validators.js";
import { documentedStatuses as statusesOfDocument, responseFields } from "../../generated/document-facts.js";

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

/** Collects the field paths and scalar values of a body, arrays as `[]`. */
function observe(value: unknown, at: string, fields: Set<string>, values: Map<string, Set<string>>) {
  if (Array.isArray(value)) {
    for (const item of value) observe(item, `${at}[]`, fields, values);
  } else if (value && typeof value === "object") {
    for (const [name, inner] of Object.entries(value)) {
      const path = at ? `${at}.${name}` : name;
      fields.add(path);
      observe(inner, path, fields, values);
    }
  } else if (at) {
    if (!values.has(at)) values.set(at, new Set());
    values.get(at)!.add(String(value));
  }
}

/** The statuses the operation documents one by one (`default` stands for no single status). */
export const documentedStatuses = (): number[] => [...statusesOfDocument];

export function computeCoverage(observations: readonly Observation[]): Coverage {
  const sent = (name: string, predicate: (value: string) => boolean = () => true) =>
    observations.some((o) => Object.hasOwn(o.query, name) && predicate(o.query[name]!));
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

  const statuses = new Set(observations.map((o) => o.status));
  groups.push({
    name: "documented statuses",
    items: documentedStatuses().map((code) => ({ item: `status ${code}`, seen: statuses.has(code) })),
  });

  const fields = new Set<string>();
  const values = new Map<string, Set<string>>();
  for (const o of observations) if (o.status >= 200 && o.status < 300) observe(o.body, "", fields, values);
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
