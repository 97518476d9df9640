// Ajv (JSON Schema draft 2020-12, strict) over the schemas of the bundled document: validates a
// value against the schema at any JSON pointer of the document.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { deref, document, walk, type Json, type JsonObject } from "./document.js";

const SCHEMAS_ID = "https://vpcep-openapi.local/schemas.json";
const COMPONENT_PREFIX = "#/components/schemas/";

/** Points `$ref`s to the document's component schemas at the `$defs` of one JSON Schema. */
function rewriteRefs(node: Json): Json {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node === null || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) =>
      key === "$ref" && typeof value === "string" && value.startsWith(COMPONENT_PREFIX)
        ? [key, `${SCHEMAS_ID}#/$defs/${value.slice(COMPONENT_PREFIX.length)}`]
        : [key, rewriteRefs(value)],
    ),
  );
}

// OpenAPI's own schema keywords and the document's `x-` extensions are annotations, not errors.
const annotations = new Set(["example", "discriminator", "xml", "externalDocs"]);
for (const [, node] of walk(document)) {
  for (const key of Object.keys(node)) if (key.startsWith("x-")) annotations.add(key);
}

export const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats.default(ajv);
ajv.addVocabulary([...annotations]);
ajv.addSchema({
  $id: SCHEMAS_ID,
  $defs: rewriteRefs((document["components"] as JsonObject)["schemas"] as JsonObject),
} as object);

const compiled = new Map<string, ValidateFunction>();

function validatorFor(pointer: string): ValidateFunction {
  const cached = compiled.get(pointer);
  if (cached) return cached;
  const validate = pointer.startsWith(COMPONENT_PREFIX)
    ? ajv.getSchema(`${SCHEMAS_ID}#/$defs/${pointer.slice(COMPONENT_PREFIX.length)}`)
    : ajv.compile(rewriteRefs(deref({ $ref: pointer })) as object);
  if (!validate) throw new Error(`no schema at ${pointer}`);
  compiled.set(pointer, validate);
  return validate;
}

/** Validates `value` against the schema at `pointer` (e.g. `#/components/schemas/ErrorBody`). */
export function validateAt(pointer: string, value: unknown) {
  const validate = validatorFor(pointer);
  const valid = validate(value) as boolean;
  return { valid, errors: validate.errors ?? [] };
}

export const schemaPointer = (name: string) => `${COMPONENT_PREFIX}${name}`;
