// The type-level tests (`*.test-d.ts`) and the rest of the project, type-checked by TypeScript 7
// (native) in one pass over tsconfig.json: a failed `expectTypeOf`, an unused `@ts-expect-error`
// or any other type error fails the test of the file it is in. (`npm run typecheck` runs
// TypeScript 5.9 over the same files; `.ci/run` runs both.) The check is incremental: TypeScript's
// build info, kept under node_modules/.cache, lets a second run re-check only what changed.
import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/lib/paths.js";
import { nativeTsc } from "../../scripts/lib/tools.js";
import { TIMEOUTS } from "../support/timeouts.js";

const here = path.join(repoRoot, "test", "types");
const buildInfo = path.join(repoRoot, "node_modules", ".cache", "vpcep-openapi", "typecheck.tsbuildinfo");
const typeTests = readdirSync(here)
  .filter((name) => name.endsWith(".test-d.ts"))
  .map((name) => path.posix.join("test/types", name));

/** Type errors by file (relative to the repository, forward slashes). */
let errorsByFile = new Map<string, string[]>();

beforeAll(async () => {
  const { stdout } = await promisify(execFile)(
    await nativeTsc(),
    ["-p", "tsconfig.json", "--noEmit", "--pretty", "false", "--incremental", "--tsBuildInfoFile", buildInfo],
    {
      cwd: repoRoot,
      maxBuffer: 16 * 1024 * 1024,
    },
  ).catch((error: { stdout?: string; message: string }) => ({ stdout: error.stdout ?? error.message }));
  errorsByFile = new Map();
  let current: string[] | undefined;
  for (const line of stdout.split("\n")) {
    const located = /^(.+?)\(\d+,\d+\): error /.exec(line);
    if (located) {
      const file = located[1]!.split(path.sep).join("/");
      current = errorsByFile.get(file) ?? [];
      errorsByFile.set(file, current);
      current.push(line);
    } else if (line.trim() && current) {
      current.push(line); // the continuation of a multi-line message
    } else if (line.trim()) {
      errorsByFile.set("(tsc)", [...(errorsByFile.get("(tsc)") ?? []), line]);
    }
  }
}, TIMEOUTS.test);

describe("types", () => {
  it("finds the type-level test files", () => {
    expect(typeTests.length).toBeGreaterThanOrEqual(2);
  });

  it.each(typeTests)("%s type-checks: every expectTypeOf holds, every @ts-expect-error is needed", (file) => {
    expect(errorsByFile.get(file) ?? []).toEqual([]);
  });

  it("the rest of the project (src, scripts, generated, tests, samples) has no type error", () => {
    const elsewhere = [...errorsByFile].filter(([file]) => !typeTests.includes(file)).flatMap(([, lines]) => lines);
    expect(elsewhere).toEqual([]);
  });
});
