// The OpenAPI 3.0 rendition as the tools that need it read it: openapi-backend's default init()
// (3.0 schema validation) loads it where it rejects the 3.1 document, its request validator
// agrees with the package's own (src/contract) and with `vpcep-mock --stateful` on a table of valid
// and invalid requests built from the document's parameter constraints plus fast-check's generated
// ones, and swagger-parser's validate() passes it.
import { readFileSync } from "node:fs";
import SwaggerParser from "@apidevtools/swagger-parser";
import fc from "fast-check";
import { OpenAPIBackend, type Document } from "openapi-backend";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { generatedDir, outputPath, repoRoot } from "../../scripts/lib/paths.js";
import { validateListEndpointServicesRequest } from "../../src/document/validators.js";
import { startMockProcess, type ReadyMock } from "../support/processes.js";

type Doc = Record<string, any>;
const load = (name: "bundleJson" | "openapi30Json"): Doc => JSON.parse(readFileSync(outputPath(generatedDir, name), "utf8"));
const document31 = load("bundleJson");
const document30 = load("openapi30Json");
type ParameterRefs = { parameters?: { $ref?: string }[] };
const [operationPath, operationItem] = Object.entries(document30.paths as Record<string, ParameterRefs & { get: ParameterRefs }>)[0]!;

/** openapi-backend in strict mode over a document: its API once init() passed, or the number of errors init() found. */
async function strictBackend(definition: Doc): Promise<{ api?: OpenAPIBackend; errors: number }> {
  const api = new OpenAPIBackend({ definition: structuredClone(definition) as Document, strict: true });
  try {
    await api.init();
    return { api, errors: 0 };
  } catch (error) {
    const counted = /(\d+) validation errors/.exec((error as Error).message);
    if (!counted) throw error;
    return { errors: Number(counted[1]) };
  }
}

/** openapi-backend's verdict: the number of errors of its document validation, or 0. */
const backendErrors = async (definition: Doc): Promise<number> => (await strictBackend(definition)).errors;

/** The 3.0 rendition under strict mode, initialised once (each init() compiles the OpenAPI schema): read by both describes. */
let strict30: ReturnType<typeof strictBackend> | undefined;
const strictRendition = () => (strict30 ??= strictBackend(document30));

afterEach(() => vi.restoreAllMocks());

describe("openapi-backend 5.21", () => {
  it("rejects the 3.1 document and loads the 3.0 rendition with its default init(), no warning", async () => {
    const before = await backendErrors(document31);
    const after = (await strictRendition()).errors;
    console.info(`openapi-backend document validation: 3.1 document ${before} errors, 3.0 rendition ${after}`);
    expect(before).toBeGreaterThan(0); // 284 when this was written
    expect(after).toBe(0);

    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const api = new OpenAPIBackend({ definition: structuredClone(document30) as Document });
    await api.init();
    expect(warn).not.toHaveBeenCalled();
    expect(api.getOperation("listEndpointServices")?.path).toBe(operationPath);
  });

  it("counts each broken construct: a 3.1-only keyword put back into the rendition fails its init()", async () => {
    const broken = structuredClone(document30);
    broken.components.schemas.Timestamp.examples = ["2018-01-30T07:42:01Z"];
    expect(await backendErrors(broken)).toBeGreaterThan(0);
  });
});

describe("@apidevtools/swagger-parser 13", () => {
  it("validate() passes the 3.0 rendition", async () => {
    const api = (await SwaggerParser.validate(structuredClone(document30) as never)) as Doc;
    expect(api.openapi).toBe("3.0.3");
  });

  it("validate() refuses a rendition with a 3.1-only construct", async () => {
    const broken = structuredClone(document30);
    broken.info.summary = "3.0 has no info.summary";
    await expect(SwaggerParser.validate(broken as never)).rejects.toThrow(/info must NOT have additional properties/);
  });
});

// ---- request agreement ------------------------------------------------------------------------

interface QueryParameter {
  name: string;
  in: string;
  schema: { type?: string; minimum?: number; maximum?: number; minLength?: number; maxLength?: number; enum?: string[]; $ref?: string };
}

const resolve = <T>(node: { $ref?: string } & Record<string, any>): T =>
  (node.$ref
    ? node.$ref
        .slice(2)
        .split("/")
        .reduce((at: any, key) => at[key], document30)
    : node) as T;
const parameters = [...(operationItem.parameters ?? []), ...(operationItem.get.parameters ?? [])].map((p) => {
  const parameter = resolve<QueryParameter>(p);
  return { ...parameter, schema: resolve<QueryParameter["schema"]>(parameter.schema) };
});
const query = parameters.filter((p) => p.in === "query");
const projectId = parameters.find((p) => p.in === "path" && p.name === "project_id")!;

/** The values that probe one parameter's constraints: its bounds, each side; its enumeration and unknown values. */
function probes(schema: QueryParameter["schema"]): { inside: string[]; outside: string[] } {
  if (schema.type === "integer") {
    const min = schema.minimum ?? 0;
    const max = schema.maximum;
    return {
      inside: [min, min + 1, ...(max !== undefined ? [max] : [min + 100_000])].map(String),
      outside: [String(min - 1), ...(max !== undefined ? [String(max + 1)] : []), "1.5", "ten", ""],
    };
  }
  if (schema.enum) return { inside: schema.enum, outside: ["not-a-known-value", schema.enum[0]!.toUpperCase(), ""] };
  const min = schema.minLength ?? 0;
  return {
    inside: ["a".repeat(Math.max(min, 1)), ...(schema.maxLength !== undefined ? ["a".repeat(schema.maxLength)] : [])],
    outside: [...(min > 0 ? ["".padEnd(min - 1, "a")] : []), ...(schema.maxLength !== undefined ? ["a".repeat(schema.maxLength + 1)] : [])],
  };
}

/** A request target (project ID and query), and whether the document's constraints allow it. */
type Probe = { project: string; query: Record<string, string>; valid: boolean };
const pathProbes = probes(projectId.schema);
const table: Probe[] = [
  { project: "p", query: {}, valid: true },
  { project: "p", query: { no_such_parameter: "1" }, valid: false },
  ...query.flatMap((p) => {
    const { inside, outside } = probes(p.schema);
    return [...inside.map((value) => ({ value, valid: true })), ...outside.map((value) => ({ value, valid: false }))].map(
      ({ value, valid }) => ({ project: "p", query: { [p.name]: value }, valid }),
    );
  }),
  ...pathProbes.inside.map((project) => ({ project, query: {}, valid: true })),
  ...pathProbes.outside.filter((value) => value !== "").map((project) => ({ project, query: {}, valid: false })),
];
/** Requests of several parameters: mostly values inside the constraints, some outside. */
const generated: Probe[] = fc
  .sample(
    fc.record({
      project: fc.constantFrom(...pathProbes.inside),
      query: fc.record(
        Object.fromEntries(
          query.map((p) => {
            const { inside, outside } = probes(p.schema);
            return [
              p.name,
              fc.oneof(
                { weight: 12, arbitrary: fc.constantFrom(...inside).map((value) => ({ value, valid: true })) },
                // An open enumeration (server_type) has no value outside it.
                ...(outside.length > 0
                  ? [{ weight: 1, arbitrary: fc.constantFrom(...outside).map((value) => ({ value, valid: false })) }]
                  : []),
              ),
            ];
          }),
        ),
        { requiredKeys: [] },
      ) as fc.Arbitrary<Record<string, { value: string; valid: boolean }>>,
    }),
    { numRuns: 300, seed: 17 },
  )
  .map(({ project, query }) => ({
    project,
    query: Object.fromEntries(Object.entries(query).map(([name, { value }]) => [name, value])),
    valid: Object.values(query).every((entry) => entry.valid),
  }));

const target = ({ project, query }: Probe) =>
  `${operationPath.replace("{project_id}", encodeURIComponent(project))}${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ""}`;

describe("openapi-backend's request validator, src/contract and vpcep-mock --stateful agree", async () => {
  const { api } = await strictRendition();
  if (!api) throw new Error("openapi-backend refused the 3.0 rendition (see the test above)");
  let mock: ReadyMock | undefined;
  afterAll(() => void mock?.child.kill("SIGTERM"));
  /** The stateful mock's verdict: 200 for a valid request, 400 for an invalid one. */
  const mockStatus = async (probe: Probe) => {
    // --strict-query: the validators judge callers, so an unlisted parameter is invalid here; by
    // default the mock ignores one, as the service does.
    mock ??= await startMockProcess(process.execPath, [
      path.join(repoRoot, "bin", "vpcep-mock.js"),
      "--stateful",
      "--strict-query",
      "--port",
      "0",
    ]);
    return (await fetch(`${mock.url}${target(probe)}`, { headers: { "X-Auth-Token": "any-token" } })).status;
  };
  const backendValid = (probe: Probe) => {
    const url = target(probe);
    return api.validateRequest({ method: "get", path: url.split("?")[0]!, query: url.split("?")[1] ?? "", headers: {} }).valid;
  };
  const contractValid = (probe: Probe) => validateListEndpointServicesRequest(target(probe)).valid;

  it("with the document's constraints, on every bound, enumeration and unknown value of its parameters, and 300 generated requests", async () => {
    const all = [...table, ...generated];
    const disagreements: string[] = [];
    for (const probe of all) {
      const status = await mockStatus(probe); // 200 valid, 400 invalid, anything else is wrong either way
      const verdicts = {
        "openapi-backend": backendValid(probe),
        contract: contractValid(probe),
        "vpcep-mock --stateful": status === 200 ? true : status === 400 ? false : undefined,
      };
      const wrong = Object.entries(verdicts)
        .filter(([, valid]) => valid !== probe.valid)
        .map(([name]) => name);
      if (wrong.length > 0) disagreements.push(`${target(probe)} (${probe.valid ? "valid" : "invalid"}): ${wrong.join(", ")} disagree`);
    }
    const valid = all.filter((probe) => probe.valid).length;
    console.info(
      `request agreement (openapi-backend on the 3.0 rendition, src/contract, vpcep-mock --stateful): ${all.length - disagreements.length} of ${all.length} (${table.length} from the table, ${generated.length} generated; ${valid} valid, ${all.length - valid} invalid)`,
    );
    expect(disagreements).toEqual([]);
    // Both kinds are there: a table of only valid (or only invalid) requests would prove little.
    expect(valid).toBeGreaterThan(50);
    expect(all.length - valid).toBeGreaterThan(50);
  }, 120_000);

  it("except on an integer in exponent form: openapi-backend's type coercion reads limit=1e2 as 100, the package and its mock refuse it", async () => {
    for (const name of ["limit", "offset"]) {
      const probe = { project: "p", query: { [name]: "1e2" }, valid: false };
      expect(contractValid(probe)).toBe(false);
      expect(await mockStatus(probe)).toBe(400);
      expect(backendValid(probe)).toBe(true);
    }
  });
});
