// Ajv (JSON Schema draft 2020-12, strict) over the schemas of the bundled document: validates a
// value against the schema at any JSON pointer of the document.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { annotationKeywords, combinedSchema, defRef, rewriteRefs } from "../../scripts/lib/schemas.js";
import { deref, document } from "./document.js";

const COMPONENT_PREFIX = "#/components/schemas/";

export const ajv = new Ajv2020({ strict: true, allErrors: true });
ajv.addVocabulary(annotationKeywords(document));
ajv.addSchema(combinedSchema(document));

const compiled = new Map<string, ValidateFunction>();

function validatorFor(pointer: string): ValidateFunction {
  const cached = compiled.get(pointer);
  if (cached) return cached;
  const validate = pointer.startsWith(COMPONENT_PREFIX)
    ? ajv.getSchema(defRef(pointer.slice(COMPONENT_PREFIX.length)))
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
