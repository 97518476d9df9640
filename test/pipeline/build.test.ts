// The pipeline's own promises: a broken document stops the build at the step at fault with the
// file and line, and `npm run check` notices generated files that drifted from the document.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generatedDir, repoRoot } from "../../scripts/lib/paths.js";
import { runNode } from "../support/processes.js";

let scratch = "";

beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "vpcep-pipeline-"));
  await cp(path.join(repoRoot, "openapi"), path.join(scratch, "openapi"), { recursive: true });
});
afterEach(() => rm(scratch, { recursive: true, force: true }));

async function runScript(script: string, ...args: string[]) {
  const { code, stdout, stderr } = await runNode(path.join(repoRoot, "scripts", script), args, repoRoot);
  return { code, output: stdout + stderr };
}

async function edit(file: string, change: (text: string) => string) {
  const target = path.join(scratch, "openapi", file);
  await writeFile(target, change(await readFile(target, "utf8")));
}

const build = () => runScript("build.js", "--source", path.join(scratch, "openapi", "openapi.yaml"), "--out", path.join(scratch, "out"));

describe("npm run build", () => {
  it("stops at lint with the file and line of a YAML syntax error", async () => {
    await edit("components/parameters/Limit.yaml", (text) => text.replace("  maximum: 1000\n", "  maximum: 1000\n   oops: [\n"));
    const { code, output } = await build();
    expect(code).toBe(1);
    expect(output).toMatch(/components\/parameters\/Limit\.yaml:16:\d+/);
    expect(output).toMatch(/\[1\/8\] lint: FAILED/);
    expect(output).not.toMatch(/\[2\/8\]/);
  });

  it("stops at lint when a rule of redocly.yaml is broken, naming the rule", async () => {
    await edit("components/schemas/PortMapping.yaml", (text) => text.replace(/ {4}description: \|\n {6}The port for accessing the VPC endpoint\. It[^]*?65535\.\n/, ""));
    const { code, output } = await build();
    expect(code).toBe(1);
    expect(output).toMatch(/PortMapping\.yaml:\d+:\d+/);
    expect(output).toMatch(/rule\/schema-description/);
  });

  it("stops at lint when an example breaks its schema", async () => {
    await edit("components/examples/EmptyPage.yaml", (text) => text.replace("total_count: 0", "total_count: -1"));
    const { code, output } = await build();
    expect(code).toBe(1);
    expect(output).toMatch(/no-invalid-media-type-examples/);
  });

  it("writes every output, one progress line per step, for a valid document", async () => {
    const { code, output } = await build();
    expect(code).toBe(0);
    expect(output.match(/^\[\d\/8\] /gm)).toHaveLength(8);
    for (const file of ["openapi.json", "openapi.yaml", "schema.d.ts", "client.ts", "contract-validators.js", "vpcep.arazzo.yaml", "dist/src/index.js", "dist/src/index.d.ts", "docs/index.html"]) {
      expect((await readFile(path.join(scratch, "out", file), "utf8")).length).toBeGreaterThan(100);
    }
  }, 60_000);
});

describe("npm run check", () => {
  it("passes on the committed generated/ folder", async () => {
    const { code, output } = await runScript("check.js");
    expect(output).toMatch(/is up to date \(7 files compared\)/);
    expect(code).toBe(0);
  });

  it("fails and names the file when a generated file drifted", async () => {
    const copy = path.join(scratch, "generated");
    await cp(generatedDir, copy, { recursive: true });
    const types = path.join(copy, "schema.d.ts");
    await writeFile(types, (await readFile(types, "utf8")).replace("total_count: number;", "total_count: string;"));
    const { code, output } = await runScript("check.js", "--generated", copy);
    expect(code).toBe(1);
    expect(output).toMatch(/schema\.d\.ts is out of date, line \d+/);
    expect(output).toMatch(/npm run build/);
  });
});
