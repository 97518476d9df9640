// The bundled document as the tests read it, and small helpers to walk it.
import { readFileSync } from "node:fs";
import { generatedDir, outputPath } from "../../scripts/lib/paths.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const document = JSON.parse(readFileSync(outputPath(generatedDir, "bundleJson"), "utf8")) as JsonObject;

export const OPERATION_PATH = "/v1/{project_id}/vpc-endpoint-services";

const isObject = (value: Json | undefined): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** Follows a local `$ref` (`#/a/b`), or returns the node itself. */
export function deref(node: Json | undefined): JsonObject {
  if (!isObject(node)) throw new Error(`expected an object, got ${JSON.stringify(node)}`);
  const ref = node["$ref"];
  if (typeof ref !== "string") return node;
  const target = ref
    .replace(/^#\//, "")
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<Json | undefined>((at, key) => (isObject(at) ? at[key] : undefined), document);
  if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
  return deref(target);
}

/** Reads `a.b.c` below a node, resolving `$ref`s on the way. */
export function at(node: Json | undefined, ...keys: string[]): JsonObject {
  return keys.reduce<JsonObject>((current, key) => deref(current[key]), deref(node));
}

export const operation = () => at(document, "paths", OPERATION_PATH, "get");

/** The parameters of the operation (path-level and operation-level), resolved, by name. */
export function parameters(): Map<string, JsonObject> {
  const pathItem = at(document, "paths", OPERATION_PATH);
  const all = [...((pathItem["parameters"] as Json[]) ?? []), ...((operation()["parameters"] as Json[]) ?? [])];
  return new Map(all.map((p) => deref(p)).map((p) => [String(p["name"]), p]));
}

/**
 * The known values of an enumeration: `enum` itself, or for an open enumeration
 * (`anyOf` of a known `enum` and the `UnknownEnumValue` fallback) the known member's `enum`.
 */
export function knownValues(schema: JsonObject): Json[] | undefined {
  const direct = deref(schema);
  if (Array.isArray(direct["enum"])) return direct["enum"];
  const members = (direct["anyOf"] as Json[] | undefined)?.map(deref) ?? [];
  return members.map((m) => m["enum"]).find(Array.isArray) as Json[] | undefined;
}

/** Whether a schema is an open enumeration: it also accepts a string it does not know. */
export const isOpenEnum = (schema: JsonObject) =>
  ((deref(schema)["anyOf"] as Json[] | undefined) ?? []).some((m) => deref(m)["x-open-enum-fallback"] === true);

/** The type of a schema, looking through `$ref` and an open enumeration's `anyOf`. */
export function typeOf(schema: JsonObject): Json | undefined {
  const direct = deref(schema);
  if (direct["type"] !== undefined) return direct["type"];
  const types = new Set(((direct["anyOf"] as Json[] | undefined) ?? []).map((m) => deref(m)["type"]));
  return types.size === 1 ? [...types][0] : undefined;
}

/** Every object below `node`, with its JSON pointer, depth first. */
export function* walk(node: Json, pointer = "#"): Generator<[string, JsonObject]> {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* walk(item, `${pointer}/${i}`);
  } else if (isObject(node)) {
    yield [pointer, node];
    for (const [key, value] of Object.entries(node)) {
      yield* walk(value, `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`);
    }
  }
}
