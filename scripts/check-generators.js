// @ts-check
// `npm run check:generators`: the bundled document through other generators than ours, as their
// users run them. Each of @hey-api/openapi-ts (fetch client, SDK, types, zod), kubb (TypeScript + zod plugins), orval
// (zod) and openapi-typescript (default options) must generate without error; each output must pass
// `tsc --noEmit --strict` (TypeScript 5.9); each zod output must accept every example of the document
// and refuse a handful of broken bodies and queries.
//
// The generators want Node 22+ and pull in ~300 packages, so they are not devDependencies: the gate
// installs the exact set locked in scripts/generators/package-lock.json into
// ~/.cache/vpcep-openapi/generators-<hash of the lock> (once) and runs them on the Node 22 binary
// that the package gate caches too (scripts/lib/node-binaries.js). CI runs it after the build; it
// is not part of `npm test`. `-- --document <bundle.json>` checks another bundled document (e.g. a
// released one under test/compat/versions/), `-- --keep` keeps the work folder for a look.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { isMain } from "./lib/cli.js";
import { NODE_VERSIONS, nodeBinary } from "./lib/node-binaries.js";
import { generatedDir, outputPath, repoRoot } from "./lib/paths.js";

const exec = promisify(execFile);
const gateDir = path.join(repoRoot, "scripts", "generators");
const OPERATION_PATH = "/v1/{project_id}/vpc-endpoint-services";

/**
 * @typedef {{ name: string, command: (bin: (name: string) => string) => string[], output: string, tsconfig: Record<string, unknown>, zod: boolean, verify?: (outputDir: string) => Promise<string[]> }} Generator
 * @typedef {{ name: string, kind: "page" | "error" | "query", value: unknown, valid: boolean }} ZodCase
 */

/** @type {Generator[]} */
export const GENERATORS = [
  {
    name: "@hey-api/openapi-ts",
    command: (bin) => [
      bin("openapi-ts"),
      "-i",
      "openapi.json",
      "-o",
      "out/hey-api",
      "-p",
      "@hey-api/client-fetch",
      "@hey-api/sdk",
      "@hey-api/typescript",
      "zod",
    ],
    output: "out/hey-api",
    tsconfig: {},
    zod: true,
    verify: async (outputDir) => {
      // hey-api renames the second of two things with one name (`SortKey2`). The operation's
      // response type and the schema `ListEndpointServicesResponse` share one: known, and harmless.
      const allowed = new Set(["ListEndpointServicesResponse", "zListEndpointServicesResponse"]);
      const text = (await Promise.all(["types.gen.ts", "zod.gen.ts"].map((f) => readFile(path.join(outputDir, f), "utf8")))).join("\n");
      const renamed = [...text.matchAll(/^export (?:type|const) (\w+?)2\b/gm)]
        .map((m) => /** @type {string} */ (m[1]))
        .filter((name) => !allowed.has(name));
      return renamed.map((name) => `${name} is generated twice (${name}2): a component name is shared`);
    },
  },
  {
    name: "kubb",
    command: (bin) => [bin("kubb"), "generate", "--config", "kubb.config.mjs"],
    output: "out/kubb",
    // kubb writes its imports with `.ts` extensions.
    tsconfig: { allowImportingTsExtensions: true },
    zod: true,
  },
  {
    name: "orval",
    command: (bin) => [bin("orval"), "--config", "orval.config.mjs"],
    output: "out/orval",
    tsconfig: {},
    zod: true,
  },
  {
    name: "openapi-typescript",
    command: (bin) => [bin("openapi-typescript"), "openapi.json", "-o", "out/openapi-typescript/schema.d.ts"],
    output: "out/openapi-typescript",
    tsconfig: {},
    zod: false,
    verify: async (outputDir) => {
      // With default options a `default` makes a field required; response fields the server may
      // leave out must stay optional.
      const types = await readFile(path.join(outputDir, "schema.d.ts"), "utf8");
      return ["tcp_proxy", "enable_policy", "protocol"]
        .filter((field) => !new RegExp(`\\b${field}\\?:`).test(types))
        .map((field) => `${field} is typed as always present`);
    },
  },
];

/** Installs the locked generator set once per lockfile; returns the folder holding node_modules. */
async function installGenerators(/** @type {string} */ node) {
  const lock = await readFile(path.join(gateDir, "package-lock.json"));
  const dir = path.join(homedir(), ".cache", "vpcep-openapi", `generators-${createHash("sha256").update(lock).digest("hex").slice(0, 12)}`);
  const marker = path.join(dir, "node_modules", ".vpcep-installed");
  if (!existsSync(marker)) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await copyFile(path.join(gateDir, "package.json"), path.join(dir, "package.json"));
    await copyFile(path.join(gateDir, "package-lock.json"), path.join(dir, "package-lock.json"));
    console.log(`installing the generators into ${dir} (once)`);
    await exec("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error", "--ignore-scripts"], {
      cwd: dir,
      env: { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env["PATH"]}`, npm_config_update_notifier: "false" },
    });
    await writeFile(marker, new Date().toISOString());
  }
  return dir;
}

/** @param {Record<string, any>} document @param {any} node */
function resolve(document, node) {
  let at = node;
  while (at && typeof at.$ref === "string")
    at = at.$ref
      .slice(2)
      .split("/")
      .reduce((/** @type {any} */ o, /** @type {string} */ k) => o?.[k], document);
  return at;
}

/**
 * Every example of the document's responses and query parameters, which each zod output must
 * accept, and broken bodies and queries it must refuse.
 * @param {Record<string, any>} document @returns {ZodCase[]}
 */
export function zodCases(document) {
  /** @type {ZodCase[]} */
  const cases = [];
  const operation = document.paths[OPERATION_PATH].get;
  for (const [status, response] of Object.entries(operation.responses)) {
    const media = resolve(document, response).content["application/json"];
    for (const [name, example] of Object.entries(media.examples ?? {})) {
      cases.push({
        name: `${status} example ${name}`,
        kind: status.startsWith("2") ? "page" : "error",
        value: resolve(document, example).value,
        valid: true,
      });
    }
  }
  const query = Object.fromEntries(
    operation.parameters
      .map((/** @type {any} */ p) => resolve(document, p))
      .filter((/** @type {any} */ p) => p.in === "query" && p.example !== undefined)
      .map((/** @type {any} */ p) => [p.name, p.example]),
  );
  cases.push({ name: "the query of every parameter example", kind: "query", value: query, valid: true });

  const page = structuredClone(resolve(document, operation.responses["200"].content["application/json"].examples["seed-page"]).value);
  const broken = (/** @type {string} */ name, /** @type {(value: any) => void} */ change) => {
    const value = structuredClone(page);
    change(value);
    cases.push({ name, kind: "page", value, valid: false });
  };
  broken("a page without total_count", (v) => delete v.total_count);
  broken("total_count as text", (v) => (v.total_count = "1"));
  broken("endpoint_services that is not an array", (v) => (v.endpoint_services = {}));
  broken("a service without id", (v) => delete v.endpoint_services[0].id);
  broken("a client_port of 70000", (v) => (v.endpoint_services[0].ports[0].client_port = 70000));
  broken(
    "ports as strings (the Huawei API reference's documentation error)",
    (v) => (v.endpoint_services[0].ports[0].client_port = "8080"),
  );
  broken("a tag key of 129 characters", (v) => (v.endpoint_services[0].tags = [{ key: "k".repeat(129) }]));
  broken("a zone-less date without time", (v) => (v.endpoint_services[0].created_at = "2018-01-30"));
  for (const [name, value] of /** @type {[string, unknown][]} */ ([
    ["an empty error body", {}],
    ["an error body without error_msg", { error_code: "EndPoint.0002" }],
    ["a wrapped error without message", { error: { code: "EndPoint.0002" } }],
    ["an error code that is a number", { code: 2, message: "x" }],
  ]))
    cases.push({ name, kind: "error", value, valid: false });
  cases.push({ name: "a limit of 1001", kind: "query", value: { limit: 1001 }, valid: false });
  cases.push({ name: "an unknown status", kind: "query", value: { status: "gone" }, valid: false });
  return cases;
}

/** @param {string} command @param {string[]} args @param {string} cwd */
async function run(command, args, cwd) {
  try {
    await exec(command, args, { cwd, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
    return "";
  } catch (error) {
    const e = /** @type {{ stdout?: string, stderr?: string, message: string }} */ (error);
    return `${e.stderr ?? ""}${e.stdout ?? ""}`.trim() || e.message;
  }
}

/** @param {string[]} argv */
export async function checkGenerators(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: { keep: { type: "boolean", default: false }, document: { type: "string" } },
    strict: true,
  });
  const source = values.document ? path.resolve(values.document) : outputPath(generatedDir, "bundleJson");
  if (!existsSync(source)) throw new Error(`check:generators: --document ${values.document}: no such file`);
  const node = await nodeBinary(/** @type {string} */ (NODE_VERSIONS[0]));
  const installDir = await installGenerators(node);
  const bin = (/** @type {string} */ name) => path.join(installDir, "node_modules", ".bin", name);
  const tsc = path.join(installDir, "node_modules", "typescript", "bin", "tsc");
  // Inside the install folder, so that configs and the zod check resolve the generators' packages.
  const work = await mkdtemp(path.join(installDir, "run-"));
  const document = JSON.parse(await readFile(source, "utf8"));
  await copyFile(source, path.join(work, "openapi.json"));
  for (const file of ["kubb.config.mjs", "orval.config.mjs", "check-zod.mjs"])
    await copyFile(path.join(gateDir, file), path.join(work, file));

  /** @type {Record<string, { generate: string, compile: string, zod: string }>} */
  const table = {};
  const failures = [];
  try {
    for (const generator of GENERATORS) {
      const row = (table[generator.name] = { generate: "ok", compile: "-", zod: "-" });
      const [script, ...args] = generator.command(bin);
      const generateError = await run(node, [/** @type {string} */ (script), ...args], work);
      if (generateError || !existsSync(path.join(work, generator.output))) {
        row.generate = "FAILED";
        failures.push(`${generator.name} did not generate:\n${generateError.slice(0, 2000)}`);
        continue;
      }
      const tsconfig = path.join(work, `tsconfig.${generator.output.replace(/\W/g, "-")}.json`);
      const compilerOptions = {
        strict: true,
        noEmit: true,
        target: "es2022",
        module: "esnext",
        moduleResolution: "bundler",
        lib: ["es2022", "dom", "dom.iterable"],
        types: [],
        skipLibCheck: true,
        ...generator.tsconfig,
      };
      await writeFile(tsconfig, JSON.stringify({ compilerOptions, include: [`${generator.output}/**/*.ts`] }));
      const compileError = await run(node, [tsc, "-p", tsconfig], work);
      row.compile = compileError ? "FAILED" : "ok";
      if (compileError) failures.push(`${generator.name}'s output does not compile with tsc --strict:\n${compileError.slice(0, 2000)}`);
      const problems = generator.verify ? await generator.verify(path.join(work, generator.output)) : [];
      if (generator.verify && !generator.zod) row.zod = problems.length ? "FAILED (types)" : "n/a (optional response fields stay optional)";
      if (generator.verify && generator.zod && problems.length) row.compile = `${row.compile}, FAILED (names)`;
      if (problems.length) failures.push(`${generator.name}'s types:\n  ${problems.join("\n  ")}`);
    }

    const cases = zodCases(document);
    const casesFile = path.join(work, "cases.json");
    await writeFile(casesFile, JSON.stringify(cases));
    const { stdout } = await exec(node, ["check-zod.mjs", casesFile], { cwd: work, maxBuffer: 8 * 1024 * 1024 });
    /** @type {Record<string, { accepted: number, refused: number, skipped: string[], problems: string[] }>} */
    const zod = JSON.parse(stdout);
    const valid = cases.filter((c) => c.valid).length;
    const invalid = cases.length - valid;
    for (const generator of GENERATORS.filter((g) => g.zod && table[g.name]?.generate === "ok")) {
      const outcome = zod[generator.name];
      const row = /** @type {{ zod: string }} */ (table[generator.name]);
      if (!outcome) continue;
      const skipped = outcome.skipped.length ? `, ${outcome.skipped.length} skipped (no error-body schema)` : "";
      const expectedValid = valid - outcome.skipped.filter((name) => cases.find((c) => c.name === name)?.valid).length;
      const expectedInvalid = invalid - outcome.skipped.filter((name) => !cases.find((c) => c.name === name)?.valid).length;
      row.zod = `${outcome.accepted}/${expectedValid} examples accepted, ${outcome.refused}/${expectedInvalid} broken refused${skipped}`;
      if (outcome.problems.length) {
        row.zod = `FAILED: ${row.zod}`;
        failures.push(`${generator.name}'s zod schemas:\n  ${outcome.problems.join("\n  ")}`);
      }
    }
  } finally {
    if (values.keep) console.log(`kept ${work}`);
    else await rm(work, { recursive: true, force: true });
  }

  const width = Math.max(...Object.keys(table).map((name) => name.length));
  console.log(`${"generator".padEnd(width)}  generate  compile  zod`);
  for (const [name, row] of Object.entries(table))
    console.log(`${name.padEnd(width)}  ${row.generate.padEnd(8)}  ${row.compile.padEnd(7)}  ${row.zod}`);
  if (failures.length) throw new Error(`check:generators: ${failures.length} problem(s)\n\n${failures.join("\n\n")}`);
  return "check:generators: every generator generates, compiles and agrees with the document's examples";
}

if (isMain(import.meta.url)) {
  try {
    console.log(await checkGenerators());
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
