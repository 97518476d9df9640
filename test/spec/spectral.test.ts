// Spectral (spectral:oas, all rules, with the committed .spectral.yaml) over the bundled document:
// no error and no warning, next to Redocly's lint of the build.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatedDir, outputPath, repoRoot } from "../../scripts/lib/paths.js";
import { document } from "../support/document.js";
import { TIMEOUTS } from "../support/timeouts.js";

const exec = promisify(execFile);
const spectralBin = path.join(repoRoot, "node_modules", ".bin", "spectral");
const ruleset = path.join(repoRoot, ".spectral.yaml");

interface SpectralResult {
  code: string | number;
  message: string;
  severity: number;
  path: (string | number)[];
  source: string;
}

/** Spectral once over several files (one boot, one ruleset load): each file's results, by path. */
async function spectral(files: readonly string[]): Promise<Map<string, SpectralResult[]>> {
  // Spectral exits 1 when it finds a problem at or above --fail-severity; the JSON report is on stdout either way.
  const run = await exec(spectralBin, ["lint", ...files, "--ruleset", ruleset, "--format", "json", "--fail-severity", "hint", "--quiet"], {
    cwd: repoRoot,
  }).catch((error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? "", stderr: error.stderr ?? "" }));
  const text = run.stdout.trim();
  if (!text.startsWith("[")) throw new Error(`spectral gave no JSON report: ${run.stderr || text}`);
  const byFile = new Map<string, SpectralResult[]>(files.map((file) => [path.resolve(file), []]));
  for (const result of JSON.parse(text) as SpectralResult[]) {
    const results = byFile.get(path.resolve(repoRoot, result.source));
    if (!results) throw new Error(`spectral reported a file it was not given: ${result.source}`);
    results.push(result);
  }
  return byFile;
}

const bundled = outputPath(generatedDir, "bundleJson");
let scratch = "";
let broken = "";
let results = new Map<string, SpectralResult[]>();
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "vpcep-spectral-"));
  const document_ = structuredClone(document) as any;
  document_.components.examples.SeedPage.value.total_count = "one";
  delete document_.components.parameters.Limit.description;
  broken = path.join(scratch, "broken.json");
  await writeFile(broken, JSON.stringify(document_));
  results = await spectral([bundled, broken]);
}, TIMEOUTS.test);
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** A file's results; a file Spectral did not report on fails the test that reads it. */
function resultsOf(file: string): SpectralResult[] {
  const found = results.get(path.resolve(file));
  if (!found) throw new Error(`no Spectral results for ${file}`);
  return found;
}

describe("Spectral, spectral:oas with all rules", () => {
  it("finds nothing in the bundled document", () => {
    expect(resultsOf(bundled).map((r) => `${r.code} at ${r.path.join(".")}: ${r.message}`)).toEqual([]);
  });

  it("would report an example that breaks its schema, and a parameter without description", () => {
    const codes = resultsOf(broken).map((r) => r.code);
    expect(codes).toContain("oas3-valid-media-example");
    expect(codes).toContain("oas3-parameter-description");
  });
});
