// The pipeline's own promises: a broken document stops the build at the step at fault with the
// file and line; a rebuild runs only the steps whose inputs changed (--force and the other
// cases: incremental.test.ts);
// a bad flag stops a script with its usage; `npm run check` notices generated files that drifted
// from the document, whatever a previous build recorded. Each test works in its own scratch
// folder, so the file's tests run concurrently.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generatedDir, repoRoot } from "../../scripts/lib/paths.js";
import { runNode } from "../support/processes.js";
import { TIMEOUTS } from "../support/timeouts.js";

const scratches: string[] = [];
afterAll(() => Promise.all(scratches.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A scratch folder holding a copy of openapi/, and helpers to edit it and build from it. */
async function scratchCopy() {
  const scratch = await mkdtemp(path.join(tmpdir(), "vpcep-pipeline-"));
  scratches.push(scratch);
  await cp(path.join(repoRoot, "openapi"), path.join(scratch, "openapi"), { recursive: true });
  return {
    scratch,
    out: path.join(scratch, "out"),
    edit: async (file: string, change: (text: string) => string) => {
      const target = path.join(scratch, "openapi", file);
      await writeFile(target, change(await readFile(target, "utf8")));
    },
    build: (...flags: string[]) =>
      runScript("build.js", "--source", path.join(scratch, "openapi", "openapi.yaml"), "--out", path.join(scratch, "out"), ...flags),
  };
}

async function runScript(script: string, ...args: string[]) {
  const { code, stdout, stderr } = await runNode(path.join(repoRoot, "scripts", script), args, repoRoot);
  return { code, output: stdout + stderr, stderr };
}

/** The names of the steps a build ran (not skipped), from its progress lines. */
const ran = (output: string) => [...output.matchAll(/^\[\d+\/\d+\] (\w+): (?!unchanged)/gm)].map((m) => m[1]);
const skipped = (output: string) => [...output.matchAll(/^\[\d+\/\d+\] (\w+): unchanged, skipped/gm)].map((m) => m[1]);
// Timeouts of the tests that run builds: a guard against a hang, generous enough for a loaded
// 2-core machine where every child process competes with the other test files'.
const HEAVY = TIMEOUTS.heavyTest;
const ALL_STEPS = ["lint", "bundle", "types", "client", "contract", "facts", "arazzo", "openapi30", "compile", "docs", "guides"];

describe.concurrent("npm run build", () => {
  it(
    "stops at lint with the file and line of a YAML syntax error",
    async () => {
      const { edit, build } = await scratchCopy();
      let brokenLine = 0; // the line after the one the edit breaks, where the parser notices
      await edit("components/parameters/Limit.yaml", (text) => {
        brokenLine = text.split("\n").indexOf("  maximum: 1000") + 2;
        return text.replace("  maximum: 1000\n", "  maximum: 1000\n   oops: [\n");
      });
      const { code, output } = await build();
      expect(code).toBe(1);
      expect(output).toMatch(new RegExp(`components/parameters/Limit\\.yaml:${brokenLine}:\\d+`));
      expect(output).toMatch(new RegExp(`\\[1/${ALL_STEPS.length}\\] lint: FAILED`));
      expect(output).not.toMatch(new RegExp(`\\[2/${ALL_STEPS.length}\\]`));
    },
    HEAVY,
  );

  it(
    "stops at lint when a rule of redocly.yaml is broken, naming the rule",
    async () => {
      const { edit, build } = await scratchCopy();
      await edit("components/schemas/PortMapping.yaml", (text) =>
        text.replace(/ {4}description: \|\n {6}The port for accessing the VPC endpoint\. It[^]*?65535\.\n/, ""),
      );
      const { code, output } = await build();
      expect(code).toBe(1);
      expect(output).toMatch(/PortMapping\.yaml:\d+:\d+/);
      expect(output).toMatch(/rule\/schema-description/);
    },
    HEAVY,
  );

  it(
    "stops at lint when an example breaks its schema",
    async () => {
      const { edit, build } = await scratchCopy();
      await edit("components/examples/EmptyPage.yaml", (text) => text.replace("total_count: 0", "total_count: -1"));
      const { code, output } = await build();
      expect(code).toBe(1);
      expect(output).toMatch(/no-invalid-media-type-examples/);
    },
    HEAVY,
  );

  it(
    "writes every output, then skips what did not change and reruns what did",
    async () => {
      const { out, edit, build } = await scratchCopy();
      const cold = await build();
      expect(cold.code, cold.output).toBe(0);
      expect(ran(cold.output)).toEqual(ALL_STEPS);
      for (const file of [
        "openapi.json",
        "openapi.yaml",
        "schema.d.ts",
        "operations.ts",
        "raw-client.ts",
        "contract-validators.js",
        "document-facts.js",
        "vpcep.arazzo.yaml",
        "openapi-3.0.json",
        "openapi-3.0.yaml",
        "dist/src/index.js",
        "dist/src/index.d.ts",
        "docs/index.html",
        "docs/guides/index.html",
        "docs/guides/calling.html",
      ]) {
        expect((await readFile(path.join(out, file), "utf8")).length).toBeGreaterThan(100);
      }

      const again = await build();
      expect(again.code, again.output).toBe(0);
      expect(skipped(again.output)).toEqual(ALL_STEPS);

      // A changed description: the document's steps and the reference rerun; dist/ is built from
      // the repository's own generated/ and src/, and the guides from README.md and docs/, which did not change.
      await edit("components/schemas/PortMapping.yaml", (text) =>
        text.replace("The port for accessing the VPC endpoint.", "The port for reaching the VPC endpoint."),
      );
      const edited = await build();
      expect(edited.code, edited.output).toBe(0);
      expect(ran(edited.output)).toEqual(["lint", "bundle", "types", "client", "contract", "facts", "arazzo", "openapi30", "docs"]);
      expect(skipped(edited.output)).toEqual(["compile", "guides"]);
      expect(await readFile(path.join(out, "openapi.json"), "utf8")).toContain("The port for reaching the VPC endpoint.");
    },
    2 * HEAVY,
  );

  it.each([
    [["--out"], /Option '--out <value>' argument missing/],
    [["--bogus"], /Unknown option '--bogus'/],
    [["--out", "--force"], /Option '--out' argument is ambiguous/],
    [["--out", ""], /--out needs a non-empty value/],
    [["generated"], /Unexpected argument 'generated'/],
    [["--out", "a", "--out", "b"], /--out is given more than once/],
  ])("refuses %j with the reason and the usage, exit code 2, building nothing", async (args, reason) => {
    const { code, stderr } = await runScript("build.js", ...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(reason);
    expect(stderr).toMatch(
      /usage: npm run build -- \[options\]\n {2}--source <root\.yaml> .*\n {2}--out <dir> .*\n {2}--force .*\n {2}--help /,
    );
    expect(stderr).not.toMatch(/\[1\/\d+\]/);
  });

  it("prints the usage for --help and exits 0", async () => {
    const { code, output } = await runScript("build.js", "--help");
    expect(code).toBe(0);
    expect(output).toMatch(/^usage: npm run build -- \[options\]/);
  });

  it(
    "a step run alone and npm run check refuse an unknown flag the same way",
    async () => {
      const client = await runScript("client.js", "--source", "x");
      expect(client.code).toBe(2);
      expect(client.stderr).toMatch(
        /^node scripts\/client\.js: Unknown option '--source'[^]*usage: node scripts\/client\.js \[options\]\n {2}--out <dir> /,
      );
      const check = await runScript("check.js", "--generated");
      expect(check.code).toBe(2);
      expect(check.stderr).toMatch(/^npm run check: Option '--generated <value>' argument missing[^]*usage: npm run check --/);
    },
    HEAVY,
  );
});

describe.concurrent("npm run check", () => {
  it(
    "passes on the committed generated/ folder",
    async () => {
      const { code, output } = await runScript("check.js");
      expect(output).toMatch(/is up to date \(12 files compared\)/);
      expect(code).toBe(0);
    },
    HEAVY,
  );

  it(
    "fails and names the file when a generated file drifted, whatever a build recorded",
    async () => {
      const { scratch } = await scratchCopy();
      const copy = path.join(scratch, "generated");
      await cp(generatedDir, copy, { recursive: true });
      const types = path.join(copy, "schema.d.ts");
      await writeFile(types, (await readFile(types, "utf8")).replace("total_count: number;", "total_count: string;"));
      // A build state that claims every step is up to date must not matter to the check.
      await writeFile(path.join(copy, ".build-state.json"), JSON.stringify({ types: { inputs: "x", outputs: "x" } }));
      const { code, output } = await runScript("check.js", "--generated", copy);
      expect(code).toBe(1);
      expect(output).toMatch(/schema\.d\.ts is out of date, line \d+/);
      expect(output).toMatch(/npm run build/);
    },
    HEAVY,
  );
});
