// The compile step uses TypeScript 7 (native) for speed; dist/ must hold what TypeScript 5.9's
// tsc emits for the same tsconfig.build.json: a .js and a .d.ts for every compiled file, and the
// generated files the compiled code imports. (The packed-package test then proves the contents.)
import { execFile } from "node:child_process";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { repoRoot } from "../../scripts/lib/paths.js";
import { typescriptBin } from "../../scripts/lib/tools.js";

it("dist/ has exactly the files TypeScript 5.9 would emit, plus the generated declarations and validators", async () => {
  // --listFilesOnly: the program's files, without checking or emitting anything (fast).
  const { stdout } = await promisify(execFile)(process.execPath, [typescriptBin(), "-p", "tsconfig.build.json", "--listFilesOnly"], {
    cwd: repoRoot,
  });
  const compiled = stdout
    .split("\n")
    .filter((file) => file.startsWith(repoRoot) && !file.includes("/node_modules/") && !file.endsWith(".d.ts"))
    .map((file) => path.relative(repoRoot, file));
  expect(compiled.length).toBeGreaterThan(10);
  const expected = [
    ...compiled.flatMap((file) => [file.replace(/\.ts$/, ".js"), file.replace(/\.ts$/, ".d.ts")]),
    "generated/schema.d.ts",
    "generated/contract-validators.js",
    "generated/contract-validators.d.ts",
    "generated/document-facts.js",
    "generated/document-facts.d.ts",
  ].sort();
  const dist = path.join(repoRoot, "dist");
  const actual = (await readdir(dist, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dist, path.join(entry.parentPath, entry.name)))
    .sort();
  expect(actual).toEqual(expected);
});
