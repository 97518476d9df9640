// @ts-check
// Step 5: the contract validators, compiled once from the bundled document by Ajv (draft
// 2020-12) into standalone ESM, so `vpcep-openapi/contract` needs no Ajv at run time; their error
// path is made linear and capped (scripts/lib/capped-errors.js).
import { readFile, writeFile } from "node:fs/promises";
import { Ajv2020 } from "ajv/dist/2020.js";
import standaloneModule from "ajv/dist/standalone/index.js";
import { capErrors, MAX_COLLECTED_ERRORS } from "./lib/capped-errors.js";
import { commandLine, isMain, OUT_FLAG, runAlone } from "./lib/cli.js";
import { renderDeclarations, renderModule } from "./lib/declarations.js";
import { banner, generatedDir, outputPath, shown } from "./lib/paths.js";
import { annotationKeywords, combinedSchema, defRef, OPERATION_PATH, operationParameters, resolveRef, rewriteRefs } from "./lib/schemas.js";

const standaloneCode = /** @type {typeof standaloneModule.default} */ (
  /** @type {unknown} */ (standaloneModule.default ?? standaloneModule)
);
const QUERY_ID = "https://vpcep-openapi.local/query.json";
const PATH_ID = "https://vpcep-openapi.local/path.json";

// Ajv's run-time helpers that standalone code `require`s, inlined so the module is plain ESM.
const RUNTIME = {
  // Length in code points: a surrogate pair counts once (a string iterator is slower than this loop).
  'require("ajv/dist/runtime/ucs2length").default':
    "((text) => { let count = 0; for (let at = 0; at < text.length; at++) { const unit = text.charCodeAt(at); if (unit >= 0xd800 && unit <= 0xdbff && at + 1 < text.length && (text.charCodeAt(at + 1) & 0xfc00) === 0xdc00) at++; count++; } return count; })",
};

/**
 * One object schema over the parameters in `location`; unknown names are refused.
 * @param {any[]} parameters @param {string} location @param {string} id
 */
function parametersSchema(parameters, location, id) {
  const own = parameters.filter((p) => p.in === location);
  return {
    $id: id,
    type: "object",
    properties: Object.fromEntries(own.map((p) => [p.name, rewriteRefs(p.schema)])),
    required: own.filter((p) => p.required).map((p) => p.name),
    additionalProperties: false,
  };
}

/** @param {Record<string, any>} document */
function exampleServices(document) {
  const examples = document.paths[OPERATION_PATH].get.responses["200"].content["application/json"].examples;
  const byId = new Map();
  for (const example of Object.values(examples)) {
    const { value } = resolveRef(document, example);
    for (const service of value.endpoint_services) if (!byId.has(service.id)) byId.set(service.id, service);
  }
  return [...byId.values()];
}

/** The compiled validators, by export name. */
const VALIDATORS = {
  listResponse: defRef("ListEndpointServicesResponse"),
  errorBody: defRef("ErrorBody"),
  serviceErrorBody: defRef("ServiceErrorBody"),
  wrappedErrorBody: defRef("WrappedErrorBody"),
  codeMessageErrorBody: defRef("CodeMessageErrorBody"),
  endpointService: defRef("EndpointService"),
  query: QUERY_ID,
  pathParams: PATH_ID,
};

/**
 * The constants beside the validators; the module and its declarations are rendered from this list.
 * @param {Record<string, any>} document @returns {import("./lib/declarations.js").Export[]}
 */
function contractConstants(document) {
  return [
    {
      name: "maxCollectedErrors",
      doc: "The most errors one validator call keeps in `errors`; past it, the value is still judged invalid.",
      value: MAX_COLLECTED_ERRORS,
      type: "number",
    },
    {
      name: "exampleServices",
      doc: "The services of the document's 200 examples, each once: the stateful mock's default data.",
      value: exampleServices(document),
      type: 'readonly import("./schema.js").components["schemas"]["EndpointService"][]',
    },
  ];
}

const DECLARED_TYPES = `export interface AjvError { instancePath: string; keyword: string; message?: string; params: Record<string, unknown>; }
export interface CompiledValidator { (data: unknown): boolean; errors?: AjvError[] | null; }
`;

/** @param {Record<string, any>} document */
export function compileValidators(document) {
  const parameters = operationParameters(document);
  const ajv = new Ajv2020({ strict: true, allErrors: true, code: { source: true, esm: true, lines: true } });
  ajv.addVocabulary(annotationKeywords(document));
  ajv.addSchema(combinedSchema(document));
  ajv.addSchema(parametersSchema(parameters, "query", QUERY_ID));
  ajv.addSchema(parametersSchema(parameters, "path", PATH_ID));
  let source = standaloneCode(ajv, VALIDATORS);
  for (const [call, inline] of Object.entries(RUNTIME)) source = source.split(call).join(inline);
  const leftover = /require\("([^"]+)"\)/.exec(source);
  if (leftover) throw new Error(`contract: the standalone validators need ${leftover[1]}, which scripts/contract.js does not inline yet`);
  source = capErrors(source);
  const constants = contractConstants(document);
  const validators = Object.keys(VALIDATORS)
    .map((name) => `export declare const ${name}: CompiledValidator;\n`)
    .join("");
  return {
    module: `${banner("contract")}/* eslint-disable */\n${source.replace(/^"use strict";/, "")}\n${renderModule(constants)}`,
    declarations: `${banner("contract")}${DECLARED_TYPES}${validators}${renderDeclarations(constants)}`,
  };
}

/** @param {string} outDir */
export async function writeContract(outDir = generatedDir) {
  const document = JSON.parse(await readFile(outputPath(outDir, "bundleJson"), "utf8"));
  const { module, declarations } = compileValidators(document);
  await writeFile(outputPath(outDir, "contract"), module);
  await writeFile(outputPath(outDir, "contractTypes"), declarations);
  return `contract: ${shown(outputPath(outDir, "contract"))} and .d.ts`;
}

if (isMain(import.meta.url)) {
  const flags = commandLine("node scripts/contract.js", { ...OUT_FLAG });
  await runAlone(() => writeContract(flags.out));
}
