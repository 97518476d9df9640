// The vitest globalSetup recipe of examples/test-runners/ as a reader uses it: it type-checks on its
// own under module nodenext, and a nested `vitest run` in that folder starts one mock, reaches it
// through inject(), resets it and rides through its rate limit. End-to-end (`npm run test:e2e`),
// beside jest-recipe.test.ts.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/lib/paths.js";
import { nativeTsc } from "../../scripts/lib/tools.js";
import { TIMEOUTS } from "../support/timeouts.js";

const exec = promisify(execFile);

describe("the test-runner recipes (examples/test-runners/)", () => {
  it(
    "vitest: the globalSetup type-checks on its own under module nodenext (its augmentation of vitest finds the module)",
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), "vpcep-recipe-tsc-"));
      try {
        const compilerOptions = {
          strict: true,
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          noEmit: true,
          skipLibCheck: true,
          types: [],
        };
        const files = [path.join(repoRoot, "examples", "test-runners", "vitest-global-setup.ts")];
        await writeFile(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files }));
        // TypeScript 7's native tsc: the same diagnostics as 5.9's (TS2664 when the augmentation
        // finds no module) in a tenth of the CPU. A tsc that fails to run fails here too.
        const result = await exec(await nativeTsc(), ["-p", path.join(dir, "tsconfig.json"), "--pretty", "false"]).then(
          ({ stdout }) => ({ code: 0, stdout }),
          (error: { code?: unknown; stdout?: string }) => ({ code: error.code, stdout: error.stdout }),
        );
        expect(result).toEqual({ code: 0, stdout: "" });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    TIMEOUTS.heavyTest,
  );
  it(
    "vitest: the globalSetup starts one mock, the tests reach it through inject(), reset it with a plain POST and ride through its rate limit",
    async () => {
      const cwd = path.join(repoRoot, "examples", "test-runners");
      // The recipe imports vpcep-openapi/mock by its name: here the package's own dist (self-reference).
      const { stdout } = await exec(process.execPath, [path.join(repoRoot, "node_modules", "vitest", "vitest.mjs"), "run"], {
        cwd,
        env: { ...process.env, CI: "", NO_COLOR: "1" },
      });
      expect(stdout).toMatch(/Tests\s+2 passed \(2\)/);
    },
    TIMEOUTS.heavyTest,
  );
});
