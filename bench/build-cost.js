// @ts-check
// The build's cost, side by side: a cold `npm run build` (every step, into an empty folder) vs the
// same tools run one by one by hand, as a contributor would type them, and a rebuild with no change.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { redoclyConfig, repoRoot, sourceDocument } from "../scripts/lib/paths.js";
import { redoclyBin, typescriptBin } from "../scripts/lib/tools.js";

const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };
const bin = (/** @type {string} */ pkg, /** @type {string} */ file) => path.join(repoRoot, "node_modules", pkg, file);

/**
 * Runs each command in turn in `cwd` and returns the milliseconds they took together.
 * @param {string[][]} commands @param {string} [cwd]
 */
function timed(commands, cwd = repoRoot) {
  mkdirSync(cwd, { recursive: true });
  const started = performance.now();
  for (const [command, ...args] of commands) execFileSync(/** @type {string} */ (command), args, { cwd, env, stdio: "pipe" });
  return performance.now() - started;
}

/** @param {number[]} values */
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

/** Median of `rounds` interleaved runs of each variant. */
export function buildCosts(rounds = 3) {
  const scratch = mkdtempSync(path.join(tmpdir(), "vpcep-bench-build-"));
  try {
    /** @type {{ cold: number[], byHand: number[], unchanged: number[] }} */
    const times = { cold: [], byHand: [], unchanged: [] };
    for (let round = 0; round < rounds; round++) {
      const ours = path.join(scratch, `build-${round}`);
      const theirs = path.join(scratch, `by-hand-${round}`);
      const build = [process.execPath, path.join(repoRoot, "scripts", "build.js"), "--force", "--out", ours];
      times.cold.push(timed([build]));
      times.unchanged.push(timed([build.filter((arg) => arg !== "--force")]));
      times.byHand.push(
        timed(
          [
            [process.execPath, redoclyBin(), "lint", sourceDocument, "--config", redoclyConfig],
            [
              process.execPath,
              redoclyBin(),
              "bundle",
              sourceDocument,
              "--config",
              redoclyConfig,
              "--output",
              path.join(theirs, "openapi.yaml"),
            ],
            [
              process.execPath,
              bin("openapi-typescript", "bin/cli.js"),
              path.join(theirs, "openapi.yaml"),
              "--output",
              path.join(theirs, "schema.d.ts"),
            ],
            [
              process.execPath,
              redoclyBin(),
              "build-docs",
              path.join(theirs, "openapi.yaml"),
              "--config",
              redoclyConfig,
              "--inlineBundle",
              "--output",
              path.join(theirs, "docs", "index.html"),
            ],
            [process.execPath, typescriptBin(), "-p", path.join(repoRoot, "tsconfig.build.json"), "--outDir", path.join(theirs, "dist")],
          ],
          theirs,
        ), // outside the repository: openapi-typescript would read redocly.yaml as its own config
      );
    }
    return { coldMs: median(times.cold), byHandMs: median(times.byHand), unchangedMs: median(times.unchanged) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
