import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { TIMEOUTS } from "./test/support/timeouts.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The end-to-end files: they build the project, pack and install the package, drive Chromium,
 * run the guides' CI recipes, the composite actions and the release scripts, the README's quick
 * start and the testing guide's terminal sessions, third-party tools over the project's output
 * (Redocly's respect, Spectral, openapi-backend, swagger-parser and openapi-typescript on the 3.0
 * rendition), or build and run the OCI image. `npm test`
 * leaves them out so that it stays quick on a 2-core machine; `npm run test:e2e` (`--mode e2e`)
 * runs just them, and `.ci/run` runs every tier.
 */
export const END_TO_END = [
  "test/pipeline/build.test.ts",
  "test/pipeline/compile.test.ts",
  "test/package/consumer.test.ts",
  "test/package/offline.test.ts",
  "test/docs/site.test.ts",
  "test/docs/published.test.ts",
  "test/docs/code-samples.test.ts",
  "test/docs/guides-site.test.ts",
  "test/docs/quickstart.test.ts",
  "test/docs/sessions.test.ts",
  "test/package/msw-matrix.test.ts",
  "test/start-mock/jest-recipe.test.ts",
  "test/start-mock/vitest-recipe.test.ts",
  "test/cli/arazzo.test.ts",
  "test/spec/spectral.test.ts",
  "test/pipeline/openapi30-tools.test.ts",
  "test/pipeline/openapi30-types.test.ts",
  "test/ci/recipes.test.ts",
  "test/ci/actions.test.ts",
  "test/ci/release.test.ts",
  "test/ci/release-image.test.ts",
  "test/msw/browser.test.ts",
  "test/image/image.test.ts",
];

/**
 * The bounds at scale: hundreds of thousands of services through the control API and the store,
 * huge bodies through the recording proxy (200 MB relayed, a 64 MiB gzip bomb, megabytes to
 * redact), megabytes through the masker, a checker's memory over answers of hundreds of MiB and
 * its whole-run deadline. Seconds of CPU each; `npm run test:scale` (`--mode scale`) runs them, and
 * `.ci/run` runs every tier. The everyday sizes of the same behaviour stay in `npm test`.
 */
export const AT_SCALE = [
  "test/mock/control/insert.test.ts",
  "test/mock/store/batch.test.ts",
  "test/mock/proxy/huge-bodies.test.ts",
  "test/client/adversary/masking-scale.test.ts",
  "test/contract/check/bounds.test.ts",
];

const TIERS: Record<string, string[]> = { e2e: END_TO_END, scale: AT_SCALE };

export default defineConfig(({ mode }) => ({
  // Tests import the package by its published name, from the sources.
  resolve: {
    alias: [
      { find: /^vpcep-openapi\/types$/, replacement: here("./src/types.ts") },
      { find: /^vpcep-openapi\/contract$/, replacement: here("./src/contract/index.ts") },
      { find: /^vpcep-openapi\/msw$/, replacement: here("./src/msw.ts") },
      { find: /^vpcep-openapi\/mock$/, replacement: here("./src/start-mock.ts") },
      { find: /^vpcep-openapi\/raw$/, replacement: here("./src/raw.ts") },
      { find: /^vpcep-openapi$/, replacement: here("./src/index.ts") },
    ],
  },
  test: {
    include: TIERS[mode] ?? ["test/**/*.test.ts"],
    exclude: TIERS[mode] ? [] : [...END_TO_END, ...AT_SCALE],
    globalSetup: ["test/support/global-setup.ts"],
    // A guard against hangs, not a speed target (those live in `npm run bench`): generous enough
    // that a loaded 2-core machine running child processes does not fail tests that are merely slow,
    // and stretched with every other wait by VPCEP_TEST_TIME_SCALE (test/support/timeouts.ts).
    testTimeout: TIMEOUTS.test,
    // The slow files mostly wait on child processes (Prism, tsc, Node 22, the bins) or timers: one
    // worker more than cores keeps a quick file running beside one that waits (vitest's default is
    // one fewer than cores: one worker on 2 cores). Each worker imports the sources once more: a
    // fourth cost about 4 CPU-seconds more than it saved in waiting (measured side by side).
    maxWorkers: availableParallelism() + 1,
    // Each file in a fresh worker cost ~0.3 s of CPU to start the worker plus the import of the
    // sources again: over 117 files, 40 of the suite's 230 CPU seconds. The workers are reused
    // instead and keep the modules they imported; the files restore what they change (timers,
    // stubbed globals, process.env) in their own hooks.
    isolate: false,
    // The sources transformed once are kept under node_modules/.experimental-vitest-cache, keyed by
    // each file's content and the configuration, so a second run does not transform them again
    // (vitest 5 makes this the default). `npx vitest --clearCache` empties it.
    experimental: { fsModuleCache: true },
    hookTimeout: TIMEOUTS.test,
    teardownTimeout: TIMEOUTS.test,
  },
}));
