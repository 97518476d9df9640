// The document's examples per status, for `Prefer: code=…, example=…`: read once from the bundled
// document that ships with the package (generated/openapi.json).
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { operationPath } from "../../generated/contract-validators.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** generated/openapi.json, from src/mock (tests) or dist/src/mock (the package). */
function documentPath(): string {
  for (const up of ["../../generated/openapi.json", "../../../generated/openapi.json"]) {
    const candidate = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(candidate)) return candidate;
  }
  throw new Error("vpcep-mock: generated/openapi.json is missing from the package");
}

let cache: Map<number, Map<string, Json>> | undefined;

/** Status → example name → value, for every documented status of the operation. */
export function documentedExamples(): Map<number, Map<string, Json>> {
  if (cache) return cache;
  const document = JSON.parse(readFileSync(documentPath(), "utf8")) as JsonObject;
  const resolve = (node: Json | undefined): Json | undefined => {
    let current = node;
    for (let hops = 0; hops < 10 && current && typeof current === "object" && !Array.isArray(current) && typeof current["$ref"] === "string"; hops++) {
      const pointer = (current["$ref"] as string).replace(/^#\//, "").split("/").map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
      current = pointer.reduce<Json | undefined>((at, key) => (at && typeof at === "object" && !Array.isArray(at) ? at[key] : undefined), document);
    }
    return current;
  };
  const paths = document["paths"] as JsonObject;
  const responses = resolve((resolve(paths[operationPath]) as JsonObject)["get"]) as JsonObject;
  cache = new Map();
  for (const [status, response] of Object.entries((resolve(responses["responses"]) as JsonObject) ?? {})) {
    if (!/^\d{3}$/.test(status)) continue;
    const content = ((resolve(response) as JsonObject)["content"] as JsonObject | undefined)?.["application/json"] as JsonObject | undefined;
    const named = new Map<string, Json>();
    for (const [name, example] of Object.entries((content?.["examples"] as JsonObject | undefined) ?? {})) {
      const value = (resolve(example) as JsonObject | undefined)?.["value"];
      if (value !== undefined) named.set(name, value);
    }
    if (content?.["example"] !== undefined) named.set("example", content["example"]);
    cache.set(Number(status), named);
  }
  return cache;
}
