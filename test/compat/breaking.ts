// What counts as a breaking change of this contract for callers of the client (see docs/contract.md):
// a comparison of two versions of the bundled document.

type Doc = Record<string, any>;
type Schema = Record<string, any>;

const OPERATION_PATH = "/v1/{project_id}/vpc-endpoint-services";

function resolver(doc: Doc) {
  return function resolve(node: any): any {
    if (node && typeof node === "object" && typeof node.$ref === "string") {
      const target = node.$ref
        .replace(/^#\//, "")
        .split("/")
        .reduce((at: any, key: string) => at?.[key], doc);
      const { $ref: _ignored, ...siblings } = node;
      return { ...resolve(target), ...siblings };
    }
    return node;
  };
}

/** The known values of an enumeration, looking through an open enumeration's `anyOf`. */
function enumOf(schema: Schema | undefined, resolve: (n: any) => any): unknown[] | undefined {
  if (!schema) return undefined;
  if (Array.isArray(schema.enum)) return schema.enum;
  const member = (schema.anyOf ?? []).map(resolve).find((m: Schema) => Array.isArray(m.enum));
  return member?.enum;
}

function typeOf(schema: Schema | undefined, resolve: (n: any) => any): unknown {
  if (!schema) return undefined;
  if (schema.type !== undefined) return schema.type;
  const types = [...new Set((schema.anyOf ?? []).map(resolve).map((m: Schema) => m.type))];
  return types.length === 1 ? types[0] : undefined;
}

function parametersOf(doc: Doc): Map<string, Schema> {
  const resolve = resolver(doc);
  const item = doc.paths?.[OPERATION_PATH] ?? {};
  return new Map([...(item.parameters ?? []), ...(item.get?.parameters ?? [])].map(resolve).map((p: Schema) => [`${p.in}:${p.name}`, p]));
}

/** Every breaking change from `before` to `after`, each as one sentence. */
export function breakingChanges(before: Doc, after: Doc): string[] {
  const problems: string[] = [];
  const oldResolve = resolver(before);
  const newResolve = resolver(after);

  // Requests: whatever a caller could send before must still be accepted.
  const oldParams = parametersOf(before);
  const newParams = parametersOf(after);
  for (const [key, oldParam] of oldParams) {
    const newParam = newParams.get(key);
    if (!newParam) {
      problems.push(`parameter ${key} was removed`);
      continue;
    }
    const [o, n] = [oldResolve(oldParam.schema), newResolve(newParam.schema)];
    if (typeOf(o, oldResolve) !== typeOf(n, newResolve)) problems.push(`parameter ${key} changed type`);
    const [oe, ne] = [enumOf(o, oldResolve), enumOf(n, newResolve)];
    if (oe && (!ne || oe.some((v) => !ne.includes(v))))
      problems.push(`parameter ${key} lost enum values: ${oe.filter((v) => !ne?.includes(v)).join(", ")}`);
    if (!oe && ne) problems.push(`parameter ${key} became an enumeration`);
    if (JSON.stringify(o.default) !== JSON.stringify(n.default))
      problems.push(`parameter ${key} changed its default from ${JSON.stringify(o.default)} to ${JSON.stringify(n.default)}`);
    for (const [keyword, narrower] of [
      ["minimum", (a: number, b: number) => b > a],
      ["minLength", (a: number, b: number) => b > a],
      ["maximum", (a: number, b: number) => b < a],
      ["maxLength", (a: number, b: number) => b < a],
    ] as const) {
      if (n[keyword] !== undefined && (o[keyword] === undefined || narrower(o[keyword], n[keyword])))
        problems.push(`parameter ${key} narrowed ${keyword} to ${n[keyword]}`);
    }
  }
  for (const [key, newParam] of newParams) {
    if (!oldParams.has(key) && newParam.required) problems.push(`parameter ${key} is new and required`);
  }

  // Responses: every field a caller could read before keeps its name, type and presence, and the
  // values of an enumeration it switches over stay the ones it knows.
  function compare(path: string, oldNode: Schema | undefined, newNode: Schema | undefined, seen: Set<string>) {
    const o = oldResolve(oldNode);
    const n = newResolve(newNode);
    if (!o || seen.has(path)) return;
    seen.add(path);
    if (!n) return void problems.push(`${path} was removed`);
    if (typeOf(o, oldResolve) !== typeOf(n, newResolve))
      problems.push(`${path} changed type from ${JSON.stringify(typeOf(o, oldResolve))} to ${JSON.stringify(typeOf(n, newResolve))}`);
    const [oe, ne] = [enumOf(o, oldResolve), enumOf(n, newResolve)];
    if (oe && ne?.some((v) => !oe.includes(v)))
      problems.push(`${path} gained enum values callers do not handle: ${ne.filter((v) => !oe.includes(v)).join(", ")}`);
    for (const [name, property] of Object.entries<Schema>(o.properties ?? {})) {
      const next = n.properties?.[name];
      if (!next) {
        problems.push(`${path}.${name} was removed`);
        continue;
      }
      if ((o.required ?? []).includes(name) && !(n.required ?? []).includes(name))
        problems.push(`${path}.${name} is no longer always present`);
      compare(`${path}.${name}`, property, next, seen);
    }
    if (o.items) compare(`${path}[]`, o.items, n.items, seen);
  }
  const responseSchema = (doc: Doc, status: string) => doc.paths?.[OPERATION_PATH]?.get?.responses?.[status];
  for (const status of Object.keys(before.paths?.[OPERATION_PATH]?.get?.responses ?? {})) {
    const o = oldResolve(responseSchema(before, status));
    const n = newResolve(responseSchema(after, status));
    if (!n) {
      problems.push(`response ${status} was removed`);
      continue;
    }
    compare(`response ${status}`, o?.content?.["application/json"]?.schema, n?.content?.["application/json"]?.schema, new Set());
  }
  return problems;
}

export const majorOf = (version: string) => Number(version.split(".")[0]);

/** Versions on one line must not break callers: the major number, or `0.minor` before 1.0.0 (semver). */
export const compatibilityLine = (version: string) => {
  const [major, minor] = version.split(".");
  return major === "0" ? `0.${minor}` : String(major);
};
