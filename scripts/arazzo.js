// @ts-check
// Step 6: an Arazzo workflow file for `redocly respect`, derived from the bundled document so it
// stays in sync: the first page, a walk over two pages, and refused values of every bounded
// or enumerated query parameter.
import { readFile, writeFile } from "node:fs/promises";
import { formatProblems, getTotals, lint, loadConfig } from "@redocly/openapi-core";
import { stringify } from "yaml";
import { commandLine, isMain, OUT_FLAG, runAlone } from "./lib/cli.js";
import { banner, generatedDir, outputPath, redoclyConfig, shown } from "./lib/paths.js";
import { operationParameters, resolveRef } from "./lib/schemas.js";

/** @param {Record<string, any>} document @param {string} name */
function querySchema(document, name) {
  const parameter = operationParameters(document).find((p) => p.in === "query" && p.name === name);
  return resolveRef(document, parameter?.schema);
}

/** @param {string} name @param {unknown} value */
const query = (name, value) => ({ name, in: "query", value });
const common = [
  { name: "project_id", in: "path", value: "$inputs.project_id" },
  { name: "X-Auth-Token", in: "header", value: "$inputs.token" },
];

/** @param {string} stepId @param {object[]} parameters @param {number} status @param {object[]} [extra] */
const step = (stepId, parameters, status, extra = []) => ({
  stepId,
  operationId: "listEndpointServices",
  parameters: [...common, ...parameters],
  successCriteria: [{ condition: `$statusCode == ${status}` }, ...extra],
});

/** @param {Record<string, any>} document */
export function renderArazzo(document) {
  const limit = querySchema(document, "limit");
  const offset = querySchema(document, "offset");
  const enums = ["status", "sort_key", "sort_dir"].map((name) => [name, querySchema(document, name)]);
  /** @type {[string, { name: string, in: string, value: unknown }][]} */
  const refused = [
    ["limit-above-maximum", query("limit", limit.maximum + 1)],
    ["limit-below-minimum", query("limit", limit.minimum - 1)],
    ["offset-below-minimum", query("offset", offset.minimum - 1)],
    ...enums.map(
      ([name]) =>
        /** @type {[string, { name: string, in: string, value: unknown }]} */ ([
          `unknown-${String(name).replace(/_/g, "-")}`,
          query(String(name), `not-a-${name}`),
        ]),
    ),
  ];
  const workflows = [
    {
      workflowId: "list-first-page",
      summary: "The first page is a valid page of at most `limit` services.",
      inputs: { $ref: "#/components/inputs/credentials" },
      steps: [
        {
          ...step("first-page", [query("limit", 10)], 200, [{ condition: "$response.body#/total_count >= 0" }]),
          outputs: { total_count: "$response.body#/total_count" },
        },
      ],
      outputs: { total_count: "$steps.first-page.outputs.total_count" },
    },
    {
      workflowId: "walk-two-pages",
      summary: "Two consecutive pages with `limit` 1 report the same `total_count`.",
      inputs: { $ref: "#/components/inputs/credentials" },
      steps: [
        {
          ...step("page-one", [query("limit", 1), query("offset", 0), query("sort_dir", "asc")], 200),
          outputs: { total_count: "$response.body#/total_count" },
        },
        step("page-two", [query("limit", 1), query("offset", 1), query("sort_dir", "asc")], 200, [
          { condition: "$response.body#/total_count == $steps.page-one.outputs.total_count" },
        ]),
      ],
    },
    ...refused.map(([id, parameter]) => ({
      workflowId: `refuse-${id}`,
      summary: `An out-of-contract value (${parameter.name}=${String(parameter.value)}) is refused with the documented 400 body.`,
      inputs: { $ref: "#/components/inputs/credentials" },
      steps: [step("refused", [parameter], 400)],
    })),
  ];
  return {
    arazzo: "1.0.1",
    info: {
      title: "VPCEP listEndpointServices contract workflows",
      version: document.info.version,
      description: "Workflows for `redocly respect`, generated from the OpenAPI document by `npm run build`.",
    },
    sourceDescriptions: [{ name: "vpcep", url: "./openapi.yaml", type: "openapi" }],
    workflows,
    components: {
      inputs: {
        credentials: {
          description: "Where to send the requests and how to authenticate them.",
          type: "object",
          properties: {
            project_id: { type: "string", description: "The project whose services are listed." },
            token: { type: "string", description: "An IAM token, sent as X-Auth-Token." },
          },
          required: ["project_id", "token"],
        },
      },
    },
  };
}

/** @param {string} outDir */
export async function writeArazzo(outDir = generatedDir) {
  const document = JSON.parse(await readFile(outputPath(outDir, "bundleJson"), "utf8"));
  const file = outputPath(outDir, "arazzo");
  await writeFile(file, banner("arazzo", "#") + stringify(renderArazzo(document), { lineWidth: 0 }));
  const problems = await lint({ ref: file, config: await loadConfig({ configPath: redoclyConfig }) });
  if (problems.length > 0) {
    formatProblems(problems, { format: "codeframe", totals: getTotals(problems) });
    throw new Error(`arazzo: the generated workflows have ${problems.length} lint problem(s) (see above)`);
  }
  return `arazzo: ${shown(file)} (linted)`;
}

if (isMain(import.meta.url)) {
  const flags = commandLine("node scripts/arazzo.js", { ...OUT_FLAG });
  await runAlone(() => writeArazzo(flags.out));
}
