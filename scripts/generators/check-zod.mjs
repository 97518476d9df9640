// Runs inside the generator gate's work folder under Node 22+: loads each generator's zod output
// (TypeScript, through jiti) and checks it against the cases the gate derived from the document.
// Prints one JSON object: { [generator]: { accepted: [...], refused: [...], problems: [...] } }.
import { readFileSync } from "node:fs";
import path from "node:path";
import { createJiti } from "jiti";

const jiti = createJiti(import.meta.url, { interopDefault: true, moduleCache: false });
const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));

/** Where each generator puts the schemas of the 2xx body, the error body and the query. */
const GENERATORS = {
  "@hey-api/openapi-ts": {
    file: "out/hey-api/zod.gen.ts",
    page: "zListEndpointServicesResponse",
    error: "zErrorBody",
    query: "zListEndpointServicesQuery",
  },
  kubb: {
    file: "out/kubb/zod/index.ts",
    page: "listEndpointServicesResponseSchema",
    error: "errorBodySchema",
    query: "listEndpointServicesQueryParamsSchema",
  },
  orval: { file: "out/orval/zod.ts", page: "ListEndpointServicesResponse", error: undefined, query: "ListEndpointServicesQueryParams" },
};

const results = {};
for (const [name, where] of Object.entries(GENERATORS)) {
  const outcome = { accepted: 0, refused: 0, skipped: [], problems: [] };
  results[name] = outcome;
  let module;
  try {
    module = await jiti.import(path.resolve(where.file));
  } catch (error) {
    outcome.problems.push(`cannot load ${where.file}: ${error instanceof Error ? error.message : String(error)}`);
    continue;
  }
  for (const item of cases) {
    const exportName = where[item.kind];
    if (!exportName) {
      outcome.skipped.push(item.name);
      continue;
    }
    const schema = module[exportName];
    if (!schema || typeof schema.safeParse !== "function") {
      outcome.problems.push(`${where.file} has no zod schema ${exportName}`);
      break;
    }
    const parsed = schema.safeParse(item.value);
    if (parsed.success === item.valid) {
      if (item.valid) outcome.accepted++;
      else outcome.refused++;
    } else {
      const issue = parsed.success
        ? "accepted"
        : `refused: ${parsed.error.issues
            .slice(0, 2)
            .map((i) => `${i.path.join(".")} ${i.message}`)
            .join("; ")}`;
      outcome.problems.push(`${item.name} should be ${item.valid ? "accepted" : "refused"}, was ${issue}`);
    }
  }
}
process.stdout.write(JSON.stringify(results));
