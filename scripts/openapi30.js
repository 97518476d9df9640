// @ts-check
// Step 7: an OpenAPI 3.0 rendition of the bundled 3.1 document, for the tools that read 3.0 only
// (openapi-backend's default init(), gateways' import features, older generators). The 3.1
// document stays the contract; this file says the same wherever 3.0 can, and its
// `info.description` ends with the list of what 3.0 cannot say.
//
// A small converter of our own rather than @apiture/openapi-down-convert 0.14: on this document
// that tool keeps `jsonSchemaDialect` and `info.summary` (the result is not valid 3.0), leaves
// `$ref` siblings in place by default (3.0 ignores them, so `deprecated` disappears), and drops
// license identifiers and extra examples without saying so. This one converts what the document
// uses, records every loss, and refuses a 3.1-only construct it does not know, naming where it is,
// instead of writing a rendition that silently means something else.
import { readFile, writeFile } from "node:fs/promises";
import { stringify } from "yaml";
import { commandLine, isMain, OUT_FLAG, runAlone } from "./lib/cli.js";
import { banner, generatedDir, outputPath, shown } from "./lib/paths.js";

export const OPENAPI_30_VERSION = "3.0.3";

/** The heading of the section appended to `info.description`. */
export const LOSSES_HEADING = "# This OpenAPI 3.0 rendition";

/**
 * What 3.0 cannot say, one stable sentence each (docs/contract.md quotes them): the keys are what
 * `downConvert` reports in `losses`.
 */
export const LOSS_TEXT = {
  jsonSchemaDialect:
    "`jsonSchemaDialect` (JSON Schema 2020-12) is not declared: 3.0 schemas are OpenAPI 3.0 Schema Objects. Every schema below is rewritten to mean the same in that dialect.",
  infoSummary: "`info.summary` has no 3.0 field: its text opens `info.description` instead.",
  licenseIdentifier: "`info.license.identifier` (an SPDX identifier) has no 3.0 field: the license names its SPDX page as `url` instead.",
  schemaExamples: "A schema's `examples` list becomes one `example`, its first value: further example values of a schema are dropped.",
  referenceSiblings: "A `summary` or `description` next to a `$ref` outside a schema is dropped: 3.0 shows the referenced object's own.",
};

/** @typedef {keyof typeof LOSS_TEXT} LossKind */
/** @typedef {{ kind: LossKind, at: string, dropped?: unknown[] }} Loss */
/** The losses that happen at a place of the document, listed with it. */
const PER_SITE = new Set(["schemaExamples", "referenceSiblings"]);

/** Schema keywords of JSON Schema 2020-12 that an OpenAPI 3.0 Schema Object cannot hold. */
const UNSUPPORTED_SCHEMA_KEYWORDS = new Set([
  "$schema",
  "$id",
  "$anchor",
  "$dynamicRef",
  "$dynamicAnchor",
  "$defs",
  "$comment",
  "$vocabulary",
  "prefixItems",
  "unevaluatedItems",
  "unevaluatedProperties",
  "if",
  "then",
  "else",
  "dependentRequired",
  "dependentSchemas",
  "contentEncoding",
  "contentMediaType",
  "contentSchema",
  "patternProperties",
  "propertyNames",
  "contains",
  "minContains",
  "maxContains",
]);
const SUBSCHEMA = new Set(["items", "additionalProperties", "not"]);
const SUBSCHEMA_LISTS = new Set(["allOf", "anyOf", "oneOf"]);

export class DownConvertError extends Error {}

/** @param {string} at @param {string} what */
const refuse = (at, what) =>
  new DownConvertError(
    `openapi30: ${at} uses ${what}, which this converter cannot render in OpenAPI 3.0; teach scripts/openapi30.js how (and list what is lost)`,
  );

/** A JSON pointer segment. @param {string | number} key */
const segment = (key) => String(key).replace(/~/g, "~0").replace(/\//g, "~1");

/** @param {unknown} value @returns {value is Record<string, any>} */
const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * One schema, 3.1 to 3.0. @param {unknown} schema @param {string} at @param {Loss[]} losses
 * @returns {unknown}
 */
function convertSchema(schema, at, losses) {
  if (typeof schema === "boolean") throw refuse(at, `the boolean schema ${schema}`);
  if (!isObject(schema)) return schema;
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    const here = `${at}/${segment(key)}`;
    if (key.startsWith("x-")) out[key] = value;
    else if (UNSUPPORTED_SCHEMA_KEYWORDS.has(key)) throw refuse(here, `\`${key}\``);
    else if (key === "examples") {
      if (!Array.isArray(value)) throw refuse(here, "`examples` that is not a list");
      const kept = "example" in schema ? 0 : 1;
      if (kept === 1 && value.length > 0) out["example"] = value[0];
      if (value.length > kept) losses.push({ kind: "schemaExamples", at: here, dropped: value.slice(kept) });
    } else if (key === "const") {
      if ("enum" in schema) throw refuse(here, "`const` beside `enum`");
      out["enum"] = [value];
    } else if (key === "type" && Array.isArray(value)) {
      const types = value.filter((type) => type !== "null");
      if (types.length !== 1) throw refuse(here, `the type list ${JSON.stringify(value)}`);
      out["type"] = types[0];
      if (types.length < value.length) out["nullable"] = true;
    } else if (key === "type" && value === "null") {
      throw refuse(here, '`type: "null"`');
    } else if ((key === "exclusiveMinimum" || key === "exclusiveMaximum") && typeof value === "number") {
      const bound = key === "exclusiveMinimum" ? "minimum" : "maximum";
      const inclusive = schema[bound];
      const inclusiveIsStricter = typeof inclusive === "number" && (bound === "minimum" ? inclusive > value : inclusive < value);
      if (!inclusiveIsStricter) {
        out[bound] = value;
        out[key] = true;
      }
    } else if (
      (key === "minimum" || key === "maximum") &&
      typeof schema[key === "minimum" ? "exclusiveMinimum" : "exclusiveMaximum"] === "number"
    ) {
      if (!(key in out)) out[key] = value; // the exclusive bound, handled above or below, may replace it
    } else if (key === "properties" && isObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, property]) => [name, convertSchema(property, `${here}/${segment(name)}`, losses)]),
      );
    } else if (SUBSCHEMA.has(key)) {
      if (key === "items" && Array.isArray(value)) throw refuse(here, "`items` as a list");
      out[key] = typeof value === "boolean" && key === "additionalProperties" ? value : convertSchema(value, here, losses);
    } else if (SUBSCHEMA_LISTS.has(key)) {
      if (!Array.isArray(value)) throw refuse(here, `\`${key}\` that is not a list`);
      out[key] = value.map((item, index) => convertSchema(item, `${here}/${index}`, losses));
    } else {
      out[key] = value;
    }
  }
  // 3.0 ignores everything beside a `$ref`: the siblings (description, deprecated, …) move to a
  // schema that has the reference as its only `allOf` member, which means the same.
  if ("$ref" in out && Object.keys(out).length > 1) {
    const { $ref, allOf, ...siblings } = out;
    return { ...siblings, allOf: [{ $ref }, ...(Array.isArray(allOf) ? allOf : [])] };
  }
  return out;
}

/** Keys whose values are data (example values, server variables' values), never walked. */
const DATA_KEYS = new Set(["example", "value", "enum"]);

/**
 * Everything outside schemas: finds the schemas (`schema` of parameters, headers and media types,
 * `components.schemas`) and the Reference Objects with siblings.
 * @param {unknown} node @param {string} at @param {Loss[]} losses @returns {unknown}
 */
function convertObjects(node, at, losses) {
  if (Array.isArray(node)) return node.map((item, index) => convertObjects(item, `${at}/${index}`, losses));
  if (!isObject(node)) return node;
  if (typeof node["$ref"] === "string" && Object.keys(node).length > 1) {
    const dropped = Object.keys(node).filter((key) => key !== "$ref");
    if (dropped.some((key) => key !== "summary" && key !== "description")) throw refuse(at, `a \`$ref\` beside ${dropped.join(", ")}`);
    losses.push({ kind: "referenceSiblings", at });
    return { $ref: node["$ref"] };
  }
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    const here = `${at}/${segment(key)}`;
    // `default` is data in a server variable, a Response Object in `responses`.
    if (key.startsWith("x-") || DATA_KEYS.has(key) || (key === "default" && !isObject(value))) out[key] = value;
    else if (key === "schema") out[key] = convertSchema(value, here, losses);
    else if (key === "schemas" && at === "#/components" && isObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [name, convertSchema(schema, `${here}/${segment(name)}`, losses)]),
      );
    } else out[key] = convertObjects(value, here, losses);
  }
  return out;
}

/** The SPDX page of a license identifier. @param {string} identifier */
const spdxUrl = (identifier) => `https://spdx.org/licenses/${encodeURIComponent(identifier)}.html`;

/** The section appended to `info.description`: what this rendition cannot say. @param {Loss[]} losses */
export function lossesSection(losses) {
  const kinds = /** @type {LossKind[]} */ (Object.keys(LOSS_TEXT)).filter((kind) => losses.some((loss) => loss.kind === kind));
  const lines = kinds.map((kind) => {
    const sites = PER_SITE.has(kind) ? losses.filter((loss) => loss.kind === kind) : [];
    const where = sites.map(
      (loss) => `\`${loss.at}\`${loss.dropped ? ` drops ${loss.dropped.map((value) => `\`${JSON.stringify(value)}\``).join(", ")}` : ""}`,
    );
    return `- ${LOSS_TEXT[kind]}${where.length > 0 ? ` Here: ${where.join("; ")}.` : ""}`;
  });
  return [
    LOSSES_HEADING,
    "",
    "This is the OpenAPI 3.0 rendition of the contract, generated by `npm run build` from the OpenAPI 3.1",
    "document (`openapi.json`), which stays the single source of truth. It means the same wherever 3.0 can",
    "say it; what 3.0 cannot say:",
    "",
    ...(lines.length > 0 ? lines : ["- nothing: every construct of the 3.1 document has a 3.0 form."]),
    "",
  ].join("\n");
}

/**
 * The 3.0 rendition of a bundled 3.1 document, and what it loses.
 * @param {Record<string, any>} document @returns {{ document: Record<string, any>, losses: Loss[] }}
 */
export function downConvert(document) {
  if (typeof document.openapi !== "string" || !document.openapi.startsWith("3.1.")) {
    throw new DownConvertError(`openapi30: the input is OpenAPI ${JSON.stringify(document.openapi)}, not 3.1.x`);
  }
  if (document.webhooks !== undefined) throw refuse("#/webhooks", "`webhooks`");
  if (document.components?.pathItems !== undefined) throw refuse("#/components/pathItems", "`components.pathItems`");
  if (!isObject(document.paths)) throw refuse("#/paths", "no `paths` (3.0 requires them)");
  for (const [name, scheme] of Object.entries(document.components?.securitySchemes ?? {})) {
    if (scheme?.type === "mutualTLS") throw refuse(`#/components/securitySchemes/${segment(name)}`, "the `mutualTLS` security scheme");
  }
  /** @type {Loss[]} */
  const losses = [];
  const { openapi: _openapi, jsonSchemaDialect, info, ...rest } = document;
  if (jsonSchemaDialect !== undefined) losses.push({ kind: "jsonSchemaDialect", at: "#" });
  const { summary, license, description, ...otherInfo } = info;
  /** @type {Record<string, any>} */
  const info30 = { ...otherInfo };
  if (license !== undefined) {
    const { identifier, ...license30 } = license;
    if (identifier !== undefined) {
      losses.push({ kind: "licenseIdentifier", at: "#/info/license/identifier" });
      if (license30.url === undefined) license30.url = spdxUrl(identifier);
    }
    info30["license"] = license30;
  }
  if (summary !== undefined) losses.push({ kind: "infoSummary", at: "#/info/summary" });
  const converted = /** @type {Record<string, any>} */ (convertObjects(rest, "#", losses));
  const opening = [summary, description].filter((text) => typeof text === "string" && text.length > 0).map((text) => text.trimEnd());
  info30["description"] = [...opening, lossesSection(losses)].join("\n\n");
  // 3.0's field order: the version first, then the document's own order.
  return { document: { openapi: OPENAPI_30_VERSION, info: reorderInfo(info30, info), ...converted }, losses };
}

/** Keeps `info`'s keys in the 3.1 document's order. @param {Record<string, any>} info30 @param {Record<string, any>} info */
const reorderInfo = (info30, info) =>
  Object.fromEntries(
    [...Object.keys(info).filter((key) => key in info30), ...Object.keys(info30).filter((key) => !(key in info))].map((key) => [
      key,
      info30[key],
    ]),
  );

/** @param {string} outDir */
export async function writeOpenApi30(outDir = generatedDir) {
  const bundle = JSON.parse(await readFile(outputPath(outDir, "bundleJson"), "utf8"));
  const { document } = downConvert(bundle);
  await writeFile(outputPath(outDir, "openapi30Json"), `${JSON.stringify(document, null, 2)}\n`);
  await writeFile(
    outputPath(outDir, "openapi30Yaml"),
    banner("openapi30", "#") + stringify(document, { lineWidth: 0, aliasDuplicateObjects: false }),
  );
  return `openapi30: ${shown(outputPath(outDir, "openapi30Json"))} and .yaml`;
}

if (isMain(import.meta.url)) {
  const flags = commandLine("node scripts/openapi30.js", { ...OUT_FLAG });
  await runAlone(() => writeOpenApi30(flags.out));
}
