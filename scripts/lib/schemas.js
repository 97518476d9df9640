// @ts-check
// The document's schemas as one JSON Schema (draft 2020-12) that Ajv can compile: component
// schemas become `$defs`, and OpenAPI's own keywords and `x-` extensions are annotations.

export const SCHEMAS_ID = "https://vpcep-openapi.local/schemas.json";
const COMPONENT_PREFIX = "#/components/schemas/";

/** Points `$ref`s to component schemas at the `$defs` of the combined schema. @param {unknown} node @returns {any} */
export function rewriteRefs(node) {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node === null || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) =>
      key === "$ref" && typeof value === "string" && value.startsWith(COMPONENT_PREFIX)
        ? [key, defRef(value.slice(COMPONENT_PREFIX.length))]
        : [key, rewriteRefs(value)],
    ),
  );
}

/** The absolute `$ref` of a component schema in the combined schema. @param {string} name */
export const defRef = (name) => `${SCHEMAS_ID}#/$defs/${name}`;

/** The combined schema of every component schema. @param {Record<string, any>} document */
export const combinedSchema = (document) => ({ $id: SCHEMAS_ID, $defs: rewriteRefs(document.components?.schemas ?? {}) });

/** Keywords Ajv must accept as annotations: OpenAPI's own, and every `x-` key in the document. @param {unknown} document */
export function annotationKeywords(document) {
  const keywords = new Set(["example", "discriminator", "xml", "externalDocs"]);
  const visit = (/** @type {unknown} */ node) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key.startsWith("x-")) keywords.add(key);
        visit(value);
      }
    }
  };
  visit(document);
  return [...keywords];
}

export const OPERATION_PATH = "/v1/{project_id}/vpc-endpoint-services";

/** Follows local `$ref`s (`#/components/...`) until a node that is not a reference. @param {Record<string, any>} document @param {any} node @returns {any} */
export function resolveRef(document, node) {
  if (!node?.$ref) return node;
  return resolveRef(
    document,
    node.$ref
      .split("/")
      .slice(1)
      .reduce((/** @type {any} */ at, /** @type {string} */ key) => at?.[key], document),
  );
}

/** The operation's parameters (path-level and operation-level), resolved. @param {Record<string, any>} document @returns {any[]} */
export function operationParameters(document) {
  const item = document.paths[OPERATION_PATH];
  return [...(item.parameters ?? []), ...(item.get.parameters ?? [])].map((p) => resolveRef(document, p));
}

/**
 * A parameter's constraints, with an open enumeration (`anyOf: [the known values, any other
 * string]`, like `server_type`) read as its branches' type and its known values under `known`,
 * never `enum`: any other value is valid too.
 * @param {Record<string, any>} document @param {any} parameter
 */
export function parameterConstraints(document, parameter) {
  const schema = resolveRef(document, parameter.schema);
  const open = Array.isArray(schema.anyOf) ? schema.anyOf.map((/** @type {any} */ branch) => resolveRef(document, branch)) : undefined;
  const {
    type,
    enum: values,
    minimum,
    maximum,
    minLength,
    maxLength,
    default: fallback,
  } = open ? { ...schema, type: open.find((/** @type {any} */ branch) => branch.type)?.type } : schema;
  const known = open?.find((/** @type {any} */ branch) => Array.isArray(branch.enum))?.enum;
  return { type, enum: values, known, minimum, maximum, minLength, maxLength, default: fallback };
}
