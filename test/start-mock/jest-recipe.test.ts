// The Jest recipe of examples/test-runners/ (globalSetup and globalTeardown around startMock) run as
// it is by Jest (pinned here, installed in a scratch project kept in the cache) against the packed
// package. End to end: it packs and installs.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { cacheRoot } from "../../scripts/lib/node-binaries.js";
import { repoRoot } from "../../scripts/lib/paths.js";
import { npmInstall, RegistryUnavailableError } from "../../scripts/lib/registry.js";
import { TIMEOUTS } from "../support/timeouts.js";

const exec = promisify(execFile);
const JEST = "30.5.2";
const RECIPE = ["jest.config.mjs", "jest-global-setup.mjs", "jest-global-teardown.mjs", "services.jest.test.mjs"];

const scratch = await mkdtemp(path.join(tmpdir(), "vpcep-jest-recipe-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function prepare(): Promise<string> {
  const project = path.join(cacheRoot(), `jest-recipe-${JEST}`);
  const { stdout } = await exec("npm", ["pack", "--ignore-scripts", "--pack-destination", scratch, "--json", "--loglevel=error"], {
    cwd: repoRoot,
  });
  const tarball = path.join(scratch, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
  if (!existsSync(path.join(project, "node_modules", "jest"))) {
    await rm(project, { recursive: true, force: true });
    await mkdir(project, { recursive: true });
    await writeFile(path.join(project, "package.json"), JSON.stringify({ name: "jest-recipe", private: true, type: "module" }));
    await npmInstall(["--save-dev", `jest@${JEST}`], { cwd: project, what: `jest@${JEST}` });
  }
  await npmInstall([tarball], { cwd: project, what: "the packed package" });
  for (const file of RECIPE) await copyFile(path.join(repoRoot, "examples", "test-runners", file), path.join(project, file));
  return project;
}

const prepared = await prepare().then(
  (project) => ({ project, offline: undefined }),
  (error: unknown) => {
    if (!(error instanceof RegistryUnavailableError) || process.env["CI"]) throw error;
    console.warn(`test/start-mock/jest-recipe.test.ts: SKIPPED, ${error.message}`);
    return { project: "", offline: error.message };
  },
);

describe.skipIf(prepared.offline !== undefined)("the Jest recipe", () => {
  it(
    "globalSetup starts the mock, the test reaches it through VPCEP_MOCK_URL, globalTeardown stops it (Jest exits by itself)",
    async () => {
      const { stderr } = await exec(process.execPath, ["--experimental-vm-modules", path.join("node_modules", "jest", "bin", "jest.js")], {
        cwd: prepared.project,
        env: { ...process.env, CI: "1", NO_COLOR: "1" },
        timeout: TIMEOUTS.heavyTest,
      });
      // Jest reports on stderr.
      expect(stderr).toMatch(/Tests:\s+1 passed, 1 total/);
    },
    TIMEOUTS.heavyTest,
  );
});
