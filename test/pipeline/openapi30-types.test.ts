// openapi-typescript on the OpenAPI 3.0 rendition: the types it generates (with the options of
// scripts/types.js) accept and refuse the same values as the 3.1 types. A temporary project holds
// both declaration files and a module that assigns every example of the document to both, a few
// invalid values to neither (`@ts-expect-error` on each), and checks that every component schema
// and the operation's parameters and responses are mutually assignable; TypeScript 7 checks it.
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatedDir, outputPath } from "../../scripts/lib/paths.js";
import { nativeTsc } from "../../scripts/lib/tools.js";
import { writeTypes } from "../../scripts/types.js";

type Doc = Record<string, any>;
let project: string;
let bundle: Doc;

beforeAll(async () => {
  project = await mkdtemp(path.join(tmpdir(), "vpcep-openapi30-types-"));
  bundle = JSON.parse(await readFile(outputPath(generatedDir, "bundleJson"), "utf8"));
  // writeTypes reads <dir>/openapi.json: the 3.0 rendition goes there, in its own folder.
  const from30 = path.join(project, "from30");
  await mkdir(from30);
  await copyFile(outputPath(generatedDir, "openapi30Json"), path.join(from30, "openapi.json"));
  await writeTypes(from30);
  await copyFile(path.join(from30, "schema.d.ts"), path.join(project, "schema30.d.ts"));
  await copyFile(outputPath(generatedDir, "types"), path.join(project, "schema31.d.ts"));
}, 60_000);
afterAll(() => rm(project, { recursive: true, force: true }));

const resolve = (node: Doc): Doc =>
  node.$ref
    ? node.$ref
        .slice(2)
        .split("/")
        .reduce((at: Doc, key: string) => at[key.replace(/~1/g, "/").replace(/~0/g, "~")], bundle)
    : node;

/** `const name: <type in 3.1> = value; const name30: <type in 3.0> = value;` */
const both = (name: string, type: (version: "31" | "30") => string, value: unknown, refused = false) =>
  (["31", "30"] as const)
    .map(
      (v) => `${refused ? "// @ts-expect-error refused by both\n" : ""}export const ${name}_${v}: ${type(v)} = ${JSON.stringify(value)};`,
    )
    .join("\n");

function checkModule(): { source: string; examples: number } {
  const [pathName, item] = Object.entries(bundle.paths as Record<string, Doc>)[0]!;
  const op = (v: string) => `P${v}[${JSON.stringify(pathName)}]["get"]`;
  const lines = [
    'import type { components as C31, paths as P31 } from "./schema31";',
    'import type { components as C30, paths as P30 } from "./schema30";',
    "type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;",
  ];
  let examples = 0;
  // Every component schema, the parameters and the responses: the same set of values.
  for (const name of Object.keys(bundle.components.schemas))
    lines.push(`export const same_${name}: Same<C31["schemas"][${JSON.stringify(name)}], C30["schemas"][${JSON.stringify(name)}]> = true;`);
  lines.push(`export const same_parameters: Same<${op("31")}["parameters"], ${op("30")}["parameters"]> = true;`);
  lines.push(`export const same_responses: Same<${op("31")}["responses"], ${op("30")}["responses"]> = true;`);
  // The document's examples: each response example, each schema's and each property's.
  for (const [status, response] of Object.entries(item.get.responses as Record<string, Doc>)) {
    for (const [media, content] of Object.entries((resolve(response).content ?? {}) as Record<string, Doc>)) {
      for (const [exampleName, example] of Object.entries((content.examples ?? {}) as Record<string, Doc>)) {
        examples++;
        lines.push(
          both(
            `response_${status}_${exampleName.replace(/\W/g, "_")}`,
            (v) => `${op(v)}["responses"][${JSON.stringify(status)}]["content"][${JSON.stringify(media)}]`,
            resolve(example).value,
          ),
        );
      }
    }
  }
  for (const [name, schema] of Object.entries(bundle.components.schemas as Record<string, Doc>)) {
    for (const [index, value] of (schema.examples ?? []).entries()) {
      examples++;
      lines.push(both(`schema_${name}_${index}`, (v) => `C${v}["schemas"][${JSON.stringify(name)}]`, value));
    }
    for (const [property, subschema] of Object.entries((schema.properties ?? {}) as Record<string, Doc>)) {
      for (const [index, value] of (subschema.examples ?? []).entries()) {
        examples++;
        lines.push(
          both(
            `property_${name}_${property}_${index}`,
            (v) => `NonNullable<C${v}["schemas"][${JSON.stringify(name)}][${JSON.stringify(property)}]>`,
            value,
          ),
        );
      }
    }
  }
  // Values neither accepts.
  const ok = (v: string) => `${op(v)}["responses"]["200"]["content"]["application/json"]`;
  const query = (v: string) => `NonNullable<${op(v)}["parameters"]["query"]>`;
  lines.push(
    both("refused_total_count_as_text", ok, { total_count: "1", endpoint_services: [] }, true),
    both("refused_services_not_a_list", ok, { total_count: 0, endpoint_services: {} }, true),
    both("refused_unknown_status", (v) => `C${v}["schemas"]["EndpointService"]["status"]`, "bogus", true),
    both("refused_port_as_text", (v) => `C${v}["schemas"]["PortMapping"]["client_port"]`, "80", true),
    both("refused_sort_dir", (v) => `${query(v)}["sort_dir"]`, "sideways", true),
    both("refused_limit_as_text", (v) => `${query(v)}["limit"]`, "10", true),
    both("refused_update_at_number", (v) => `C${v}["schemas"]["EndpointService"]["update_at"]`, 1, true),
  );
  return { source: `${lines.join("\n")}\n`, examples };
}

describe("openapi-typescript on the 3.0 rendition", () => {
  it("generates the same declarations as on the 3.1 document, apart from JSDoc comments", async () => {
    const code = (text: string) =>
      text
        .split("\n")
        .filter((line) => !/^\s*(\/\*\*|\*|\/\/)/.test(line))
        .join("\n");
    const [from31, from30] = await Promise.all(
      ["schema31.d.ts", "schema30.d.ts"].map((file) => readFile(path.join(project, file), "utf8")),
    );
    expect(code(from30!)).toBe(code(from31!));
  });

  it("types that accept every example of the document and refuse the same invalid values as the 3.1 types", async () => {
    const { source, examples } = checkModule();
    expect(examples).toBeGreaterThan(10);
    console.info(`type check: ${examples} examples, ${source.split("\n").length} lines`);
    await writeFile(path.join(project, "check.ts"), source);
    const compilerOptions = {
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      module: "esnext",
      moduleResolution: "bundler",
      target: "es2022",
      skipLibCheck: false,
    };
    await writeFile(path.join(project, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["check.ts"] }));
    const { stdout } = await promisify(execFile)(await nativeTsc(), ["-p", "tsconfig.json", "--pretty", "false"], { cwd: project }).catch(
      (error: { stdout?: string; message: string }) => ({ stdout: error.stdout || error.message }),
    );
    expect(stdout).toBe("");
  }, 60_000);

  it("the check can fail: a value only one version's types refuse is a type error", async () => {
    const source = `${checkModule().source}export const differs: Same<C31["schemas"]["EndpointService"], C30["schemas"]["PortMapping"]> = true;\n${"// @ts-expect-error refused by both\n"}export const accepted: C30["schemas"]["PortMapping"]["client_port"] = 80;\n`;
    await writeFile(path.join(project, "broken.ts"), source);
    await writeFile(
      path.join(project, "tsconfig.broken.json"),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, module: "esnext", moduleResolution: "bundler" },
        files: ["broken.ts"],
      }),
    );
    const { stdout } = await promisify(execFile)(await nativeTsc(), ["-p", "tsconfig.broken.json", "--pretty", "false"], {
      cwd: project,
    }).catch((error: { stdout?: string; message: string }) => ({ stdout: error.stdout || error.message }));
    expect(stdout).toMatch(/broken\.ts\(\d+,\d+\): error TS2322/);
    expect(stdout).toMatch(/broken\.ts\(\d+,\d+\): error TS2578: Unused '@ts-expect-error' directive/);
  }, 60_000);
});
