// @ts-check
// Step 4: two modules. generated/operations.ts holds the operations' facts (the servers, the
// operation index) and imports nothing, so the package root can use them without loading
// openapi-fetch. generated/raw-client.ts is the typed openapi-fetch client: one function per
// operation, each bound to its method and path; the only module that imports openapi-fetch
// (`vpcep-openapi/raw` loads it), so the HTTP layer can be swapped without touching callers.
import { readFile, writeFile } from "node:fs/promises";
import { commandLine, isMain, OUT_FLAG, runAlone } from "./lib/cli.js";
import { banner, generatedDir, outputPath, shown } from "./lib/paths.js";
import { operationParameters, resolveRef } from "./lib/schemas.js";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** @param {string} text */
const jsDoc = (text) =>
  [
    "/**",
    ...text
      .trim()
      .split("\n")
      .map((line) => ` * ${line}`.trimEnd()),
    " */",
  ].join("\n");

/**
 * @param {Record<string, any>} document the bundled OpenAPI document
 * @returns {{ operationId: string, method: string, path: string, summary: string }[]}
 */
export function listOperations(document) {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => {
      const operation = item[method];
      if (!operation.operationId) throw new Error(`client: ${method.toUpperCase()} ${path} has no operationId`);
      return { operationId: operation.operationId, method, path, summary: operation.summary ?? operation.operationId };
    }),
  );
}

/** @param {ReturnType<typeof listOperations>[number]} op */
function operationFunction({ operationId, method, path, summary }) {
  const verb = method.toUpperCase();
  return `${jsDoc(`${summary}\n\n\`${verb} ${path}\``)}
export function ${operationId}(
  client: VpcepRawClient,
  init: MaybeOptionalInit<paths[${JSON.stringify(path)}], ${JSON.stringify(method)}>,
) {
  return client.${verb}(${JSON.stringify(path)}, init);
}
`;
}

/**
 * The document's servers, each with its variables' defaults and allowed values (descriptions stay
 * in the document: this constant ships in browser bundles).
 * @param {Record<string, any>} document
 */
function renderServers(document) {
  const servers = (document.servers ?? []).map((/** @type {any} */ server) => ({
    url: server.url,
    variables: Object.fromEntries(
      Object.entries(server.variables ?? {}).map(([name, variable]) => [name, { default: variable.default, enum: variable.enum ?? [] }]),
    ),
  }));
  return JSON.stringify(servers, null, 2);
}

/** The maximum of the query parameter `limit`: the largest page the client asks for. @param {Record<string, any>} document */
function maxPageSize(document) {
  const limit = operationParameters(document).find((p) => p.in === "query" && p.name === "limit");
  const maximum = limit && resolveRef(document, limit.schema)?.maximum;
  if (!Number.isInteger(maximum)) throw new Error("client: the query parameter limit has no integer maximum, so the client cannot page");
  return maximum;
}

/**
 * The operations' facts, free of imports: what the package root needs from the client module.
 * @param {Record<string, any>} document
 */
export function renderOperations(document) {
  const index = listOperations(document)
    .map((op) => `  ${op.operationId}: { method: ${JSON.stringify(op.method.toUpperCase())}, path: ${JSON.stringify(op.path)} },`)
    .join("\n");
  return `${banner("client")}// The operations' facts. No imports: the package root loads this module, never openapi-fetch.

/** The servers of the document: one URL template per cloud, with \`{region}\` where it varies. */
export const servers = ${renderServers(document)} as const;

/** Every operation of the document, by operationId. */
export const operationIndex = {
${index}
} as const;

/** The most services one page may hold: the maximum of the query parameter \`limit\`. */
export const maxPageSize = ${maxPageSize(document)};
`;
}

/** The typed openapi-fetch client module. @param {Record<string, any>} document */
export function renderRawClient(document) {
  return `${banner("client")}// The typed openapi-fetch client: the only module that imports openapi-fetch (\`vpcep-openapi/raw\`).
import createClient, { type Client, type ClientOptions, type MaybeOptionalInit } from "openapi-fetch";
import type { paths } from "./schema.js";

export type { components, operations, paths } from "./schema.js";
export { operationIndex, servers } from "./operations.js";

/** The typed openapi-fetch client of this document. */
export type VpcepRawClient = Client<paths, "application/json">;

/** Options of the raw client: \`baseUrl\`, \`fetch\`, \`headers\` and the rest of \`RequestInit\`. */
export type VpcepRawClientOptions = ClientOptions;

/** Creates the typed openapi-fetch client of this document. */
export function createRawClient(options: VpcepRawClientOptions = {}): VpcepRawClient {
  return createClient<paths, "application/json">(options);
}

${listOperations(document).map(operationFunction).join("\n")}`;
}

/** @param {string} outDir */
export async function writeClient(outDir = generatedDir) {
  const document = JSON.parse(await readFile(outputPath(outDir, "bundleJson"), "utf8"));
  await writeFile(outputPath(outDir, "operations"), renderOperations(document));
  await writeFile(outputPath(outDir, "rawClient"), renderRawClient(document));
  return `client: ${shown(outputPath(outDir, "operations"))} and ${shown(outputPath(outDir, "rawClient"))}`;
}

if (isMain(import.meta.url)) {
  const flags = commandLine("node scripts/client.js", { ...OUT_FLAG });
  await runAlone(() => writeClient(flags.out));
}
