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
}

async function spectral(file: string): Promise<SpectralResult[]> {
  // Spectral exits 1 when it finds a problem at or above --fail-severity; the JSON report is on stdout either way.
  const run = await exec(spectralBin, ["lint", file, "--ruleset", ruleset, "--format", "json", "--fail-severity", "hint", "--quiet"], {
    cwd: repoRoot,
  }).catch((error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? "", stderr: error.stderr ?? "" }));
  const text = run.stdout.trim();
  if (!text.startsWith("[")) throw new Error(`spectral gave no JSON report: ${run.stderr || text}`);
  return JSON.parse(text) as SpectralResult[];
}

let scratch = "";
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "vpcep-spectral-"));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe("Spectral, spectral:oas with all rules", () => {
  it(
    "finds nothing in the bundled document",
    async () => {
      const results = await spectral(outputPath(generatedDir, "bundleJson"));
      expect(results.map((r) => `${r.code} at ${r.path.join(".")}: ${r.message}`)).toEqual([]);
    },
    TIMEOUTS.test,
  );

  it(
    "would report an example that breaks its schema, and a parameter without description",
    async () => {
      const broken = structuredClone(document) as any;
      broken.components.examples.SeedPage.value.total_count = "one";
      delete broken.components.parameters.Limit.description;
      const file = path.join(scratch, "broken.json");
      await writeFile(file, JSON.stringify(broken));
      const codes = (await spectral(file)).map((r) => r.code);
      expect(codes).toContain("oas3-valid-media-example");
      expect(codes).toContain("oas3-parameter-description");
    },
    TIMEOUTS.test,
  );
});
