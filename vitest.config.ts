import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  // Tests import the package by its published name, from the sources.
  resolve: {
    alias: [
      { find: /^vpcep-openapi\/types$/, replacement: here("./src/types.ts") },
      { find: /^vpcep-openapi\/contract$/, replacement: here("./src/contract/index.ts") },
      { find: /^vpcep-openapi\/raw$/, replacement: here("./src/raw.ts") },
      { find: /^vpcep-openapi$/, replacement: here("./src/index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    // A guard against hangs, not a speed target (those live in `npm run bench`): generous enough
    // that a loaded 2-core machine running child processes does not fail tests that are merely slow.
    testTimeout: 60_000,
    // The slow files mostly wait on child processes (builds, tsc, Prism, Chromium) or timers: two
    // workers more than cores keep the quick files running beside the three longest instead of
    // queueing behind them (vitest's default is one fewer than cores: one worker on 2 cores).
    maxWorkers: availableParallelism() + 2,
    hookTimeout: 60_000,
  },
});
