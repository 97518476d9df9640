// @ts-check
// Step 4: the typed openapi-fetch client module. One function per operation of the document, each
// bound to its method and path. This module is the only place that imports openapi-fetch, so the
// HTTP layer can be swapped without touching callers.
import { readFile, writeFile } from "node:fs/promises";
import { commandLine, isMain, OUT_FLAG, runAlone } from "./lib/cli.js";
import { banner, generatedDir, outputPath, shown } from "./lib/paths.js";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** @param {string} text */
const jsDoc = (text) => ["/**", ...text.trim().split("\n").map((line) => ` * ${line}`.trimEnd()), " */"].join("\n");

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

/** @param {Record<string, any>} document */
export function renderClient(document) {
  const operations = listOperations(document);
  const index = operations
    .map((op) => `  ${op.operationId}: { method: ${JSON.stringify(op.method.toUpperCase())}, path: ${JSON.stringify(op.path)} },`)
    .join("\n");
  return `${banner("client")}import createClient, { type Client, type ClientOptions, type MaybeOptionalInit } from "openapi-fetch";
import type { paths } from "./schema.js";

export type { components, operations, paths } from "./schema.js";

/** The typed openapi-fetch client of this document. */
export type VpcepRawClient = Client<paths, "application/json">;

/** Options of the raw client: \`baseUrl\`, \`fetch\`, \`headers\` and the rest of \`RequestInit\`. */
export type VpcepRawClientOptions = ClientOptions;

/** Creates the typed openapi-fetch client of this document. */
export function createRawClient(options: VpcepRawClientOptions = {}): VpcepRawClient {
  return createClient<paths, "application/json">(options);
}

/** The servers of the document: one URL template per cloud, with \`{region}\` where it varies. */
export const servers = ${renderServers(document)} as const;

/** Every operation of the document, by operationId. */
export const operationIndex = {
${index}
} as const;

${operations.map(operationFunction).join("\n")}`;
}

/** @param {string} outDir */
export async function writeClient(outDir = generatedDir) {
  const document = JSON.parse(await readFile(outputPath(outDir, "bundleJson"), "utf8"));
  await writeFile(outputPath(outDir, "client"), renderClient(document));
  return `client: ${shown(outputPath(outDir, "client"))}`;
}

if (isMain(import.meta.url)) {
  const flags = commandLine("node scripts/client.js", { ...OUT_FLAG });
  await runAlone(() => writeClient(flags.out));
}
