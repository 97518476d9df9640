// @ts-check
// Step 3: TypeScript types of the bundled document, by openapi-typescript.
import { readFile, writeFile } from "node:fs/promises";
import openapiTS, { astToString, NEVER, STRING, tsIntersection, tsRecord } from "openapi-typescript";
import { flag, isMain, runAlone } from "./lib/cli.js";
import { banner, generatedDir, outputPath, shown } from "./lib/paths.js";

/**
 * The fallback member of an open enumeration (see "Forward compatibility" in the document) becomes
 * `string & Record<never, never>`: unlike plain `string`, it does not swallow the literal members
 * of the union, so editors still offer the known values.
 * @type {NonNullable<import("openapi-typescript").OpenAPITSOptions["transform"]>}
 */
const openEnumFallback = (schema) =>
  schema && typeof schema === "object" && "x-open-enum-fallback" in schema && schema["x-open-enum-fallback"] === true
    ? tsIntersection([STRING, tsRecord(NEVER, NEVER)])
    : undefined;

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

if (isMain(import.meta.url)) await runAlone(() => writeTypes(flag("out")));
