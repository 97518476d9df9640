// @ts-check
// Step 3: TypeScript types of the bundled document, by openapi-typescript.
import { readFile, writeFile } from "node:fs/promises";
import openapiTS, { astToString, NEVER } from "openapi-typescript";
import { commandLine, isMain, OUT_FLAG, runAlone } from "./lib/cli.js";
import { banner, generatedDir, outputPath, shown } from "./lib/paths.js";

/**
 * The fallback member of an open enumeration (see "Forward compatibility" in the document) becomes
 * `never` in TypeScript, so a field's type is exactly its known values. The schema still accepts
 * any string; the types promise what this version of the contract documents.
 * (`string & {}` was tried: openapi-fetch's `Readable<T>` maps it to an object type.)
 * @type {NonNullable<import("openapi-typescript").OpenAPITSOptions["transform"]>}
 */
const openEnumFallback = (schema) =>
  schema && typeof schema === "object" && "x-open-enum-fallback" in schema && schema["x-open-enum-fallback"] === true ? NEVER : undefined;

/** @param {string} outDir */
export async function writeTypes(outDir = generatedDir) {
  const document = JSON.parse(await readFile(outputPath(outDir, "bundleJson"), "utf8"));
  const ast = await openapiTS(document, {
    // A default is what the server assumes when a value is absent, not a promise that it is sent.
    defaultNonNullable: false,
    transform: openEnumFallback,
  });
  await writeFile(outputPath(outDir, "types"), banner("types") + astToString(ast));
  return `types: ${shown(outputPath(outDir, "types"))}`;
}

if (isMain(import.meta.url)) {
  const flags = commandLine("node scripts/types.js", { ...OUT_FLAG });
  await runAlone(() => writeTypes(flags.out));
}
