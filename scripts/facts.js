// @ts-check
// Step 6: the facts of the document the run time needs, read once at build time into
// generated/document-facts.js (+ its `.d.ts`, rendered from the same values): the examples of each
// status, the error bodies by code, the documented statuses (and what `default` covers), the query
// parameters' limits and the fields of the responses. The mock, the checker, coverage and paging
// import them; nothing in src/ reads the document or resolves a `$ref` at run time.
import { readFile, writeFile } from "node:fs/promises";
import { commandLine, isMain, OUT_FLAG, runAlone } from "./lib/cli.js";
import { JSON_TYPE, literalType, renderDeclarations, renderModule } from "./lib/declarations.js";
import { banner, generatedDir, outputPath, shown } from "./lib/paths.js";
import { OPERATION_PATH, operationParameters, resolveRef, parameterConstraints } from "./lib/schemas.js";

const STATUS = /^\d{3}$/;

/** @param {Record<string, any>} document @param {any} response */
const jsonContent = (document, response) => resolveRef(document, response)?.content?.["application/json"];

/** Status (and `default`) → example name → value, in the document's order. @param {Record<string, any>} document */
function examplesByStatus(document) {
  const responses = document.paths[OPERATION_PATH].get.responses;
  /** @type {Record<string, Record<string, unknown>>} */
  const byStatus = {};
  for (const [status, response] of Object.entries(responses)) {
    const content = jsonContent(document, response);
    /** @type {Record<string, unknown>} */
    const named = {};
    for (const [name, example] of Object.entries(content?.examples ?? {})) {
      const value = resolveRef(document, example)?.value;
      if (value !== undefined) named[name] = value;
    }
    if (content?.example !== undefined) named["example"] = content.example;
    byStatus[status] = named;
  }
  return byStatus;
}

/**
 * Every example body of the service's error shape (`{error_code, error_msg}`) among the document's
 * example components, by code, without `request_id` (each answer has its own). Two different
 * bodies for one code stop the build: the mock could not know which to send.
 * @param {Record<string, any>} document
 */
function errorBodies(document) {
  /** @type {Record<string, { error_code: string, error_msg: string }>} */
  const byCode = {};
  for (const [name, example] of Object.entries(document.components?.examples ?? {})) {
    const value = resolveRef(document, example)?.value;
    if (typeof value?.error_code !== "string" || typeof value.error_msg !== "string") continue;
    const body = { error_code: value.error_code, error_msg: value.error_msg };
    const known = byCode[body.error_code];
    if (known && known.error_msg !== body.error_msg) {
      throw new Error(
        `facts: two examples give ${body.error_code} different messages (${JSON.stringify(known.error_msg)}, and ${JSON.stringify(body.error_msg)} in ${name})`,
      );
    }
    byCode[body.error_code] = body;
  }
  return Object.fromEntries(Object.entries(byCode).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * What the `default` response stands for: its description, and the statuses it covers, from its
 * `x-statuses` (the description says the same in words; programs read the list).
 * @param {Record<string, any>} document
 */
function defaultResponse(document) {
  const response = resolveRef(document, document.paths[OPERATION_PATH].get.responses.default);
  if (!response) return null;
  const statuses = response["x-statuses"];
  if (!Array.isArray(statuses) || statuses.some((status) => !Number.isInteger(status) || status < 100 || status > 599)) {
    throw new Error("facts: the `default` response needs `x-statuses`, a list of the HTTP statuses it covers");
  }
  return { description: String(response.description ?? ""), statuses: [...statuses].sort((a, b) => a - b) };
}

/** Each query parameter's facts, by name, in the document's order. @param {Record<string, any>} document */
function queryParameters(document) {
  const limits = operationParameters(document)
    .filter((p) => p.in === "query")
    .map((p) => {
      const { type, enum: values, known, minimum, maximum, minLength, maxLength, default: fallback } = parameterConstraints(document, p);
      // `x-limit-zero`: the answers a server may give to `limit=0` (the checker accepts exactly those).
      const limitZero = p["x-limit-zero"];
      const limit = {
        type,
        enum: values,
        known,
        minimum,
        maximum,
        minLength,
        maxLength,
        default: fallback,
        required: p.required === true,
        limitZero,
      };
      return [p.name, Object.fromEntries(Object.entries(limit).filter(([, v]) => v !== undefined))];
    });
  return Object.fromEntries(limits);
}

/**
 * Every field path of a response body (arrays as `[]`), with the types and enumerated values the
 * document gives it; `anyOf`/`oneOf`/`allOf` branches merge into one model. Paths of array items
 * carry a field only when their items are enumerated.
 * @param {Record<string, any>} document @param {any} root
 */
function fieldModel(document, root) {
  /** @type {Map<string, { path: string, types: Set<string>, enum: string[], property: boolean }>} */
  const fields = new Map();
  const field = (/** @type {string} */ path, /** @type {boolean} */ property) => {
    const known = fields.get(path) ?? { path, types: new Set(), enum: [], property };
    known.property ||= property;
    fields.set(path, known);
    return known;
  };
  /** @param {any} raw @param {string} at @param {number} depth @param {boolean} property */
  const walk = (raw, at, depth, property) => {
    const schema = resolveRef(document, raw) ?? {};
    if (depth > 8) return;
    if (at) {
      const entry = property || schema.enum ? field(at, property) : undefined;
      for (const type of [schema.type ?? []].flat()) entry?.types.add(type);
      if (schema.enum && entry) for (const value of schema.enum.map(String)) if (!entry.enum.includes(value)) entry.enum.push(value);
    }
    for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) walk(branch, at, depth + 1, false);
    for (const [name, inner] of Object.entries(schema.properties ?? {})) walk(inner, at ? `${at}.${name}` : name, depth + 1, true);
    if (schema.items) walk(schema.items, `${at}[]`, depth + 1, false);
  };
  walk(root, "", 0, false);
  return [...fields.values()].map(({ path, types, enum: values, property }) => ({
    path,
    type: [...types],
    ...(values.length ? { enum: values } : {}),
    ...(property ? {} : { items: true }),
  }));
}

/** @param {Record<string, any>} document */
function responseHeaders(document) {
  const names = new Set();
  for (const response of Object.values(document.paths[OPERATION_PATH].get.responses))
    for (const name of Object.keys(resolveRef(document, response)?.headers ?? {})) names.add(name.toLowerCase());
  return [...names].sort();
}

/** @param {Record<string, any>} document */
function responseFields(document) {
  const responses = document.paths[OPERATION_PATH].get.responses;
  const errorStatus = Object.keys(responses).find((status) => STATUS.test(status) && Number(status) >= 400);
  return {
    success: fieldModel(document, jsonContent(document, responses["200"])?.schema),
    error: errorStatus ? fieldModel(document, jsonContent(document, responses[errorStatus])?.schema) : [],
  };
}

const FIELD_TYPE = "readonly ResponseField[]";

/** The exports of generated/document-facts.js. @param {Record<string, any>} document @returns {import("./lib/declarations.js").Export[]} */
export function documentFacts(document) {
  const responses = document.paths[OPERATION_PATH].get.responses;
  const examples = examplesByStatus(document);
  const parameters = queryParameters(document);
  return [
    {
      name: "documentedStatuses",
      doc: "The statuses the operation documents one by one, in the document's order.",
      value: Object.keys(responses)
        .filter((s) => STATUS.test(s))
        .map(Number),
    },
    {
      name: "defaultResponse",
      doc: "The `default` response: its description and the statuses it covers, from its `x-statuses` (null: the operation has none).",
      value: defaultResponse(document),
    },
    {
      name: "examplesByStatus",
      doc: "The examples of each documented status (and `default`), by name, as `Prefer: code=…, example=…` picks them.",
      value: examples,
      type: literalType(examples, 2),
    },
    {
      name: "errorBodies",
      doc: "The body of each error code the document's examples give in the `{error_code, error_msg}` shape, without `request_id`.",
      value: errorBodies(document),
    },
    {
      name: "queryParameters",
      doc: "Each query parameter (the one list of them, in the document's order), by name: its type, enumeration (`enum`: closed; `known`: the known values of an open one), range, lengths, default, whether it is required, and for `limit` the answers `limit=0` may get (`limitZero`, from `x-limit-zero`).",
      value: parameters,
    },
    {
      name: "responseHeaders",
      doc: "The response headers the operation documents (any status), lower-case, sorted.",
      value: responseHeaders(document),
    },
    {
      name: "responseFields",
      doc: "Every field path of the 200 body (`success`) and of error bodies (`error`), arrays as `[]`, with types and enumerated values.",
      value: responseFields(document),
      type: `{ readonly success: ${FIELD_TYPE}; readonly error: ${FIELD_TYPE} }`,
    },
  ];
}

const DECLARED_TYPES = `${JSON_TYPE}
/** One field of a response body. */
export interface ResponseField {
  /** \`endpoint_services[].ports[].protocol\`: properties joined by dots, array items as \`[]\`. */
  readonly path: string;
  /** The JSON types the document allows (empty when it does not say). */
  readonly type: readonly string[];
  readonly enum?: readonly string[];
  /** Set on the items of an array (enumerated items), which are not properties. */
  readonly items?: true;
}
`;

/** @param {Record<string, any>} document */
export function renderFacts(document) {
  const exports = documentFacts(document);
  return {
    module: `${banner("facts")}${renderModule(exports)}`,
    declarations: `${banner("facts")}${DECLARED_TYPES}${renderDeclarations(exports)}`,
  };
}

/** @param {string} outDir */
export async function writeFacts(outDir = generatedDir) {
  const document = JSON.parse(await readFile(outputPath(outDir, "bundleJson"), "utf8"));
  const { module, declarations } = renderFacts(document);
  await writeFile(outputPath(outDir, "facts"), module);
  await writeFile(outputPath(outDir, "factsTypes"), declarations);
  return `facts: ${shown(outputPath(outDir, "facts"))} and .d.ts`;
}

if (isMain(import.meta.url)) {
  const flags = commandLine("node scripts/facts.js", { ...OUT_FLAG });
  await runAlone(() => writeFacts(flags.out));
}
