// The Arazzo workflows (generated/vpcep.arazzo.yaml) under Redocly's `respect`, against the stateful
// mock as a process: every workflow passes. End-to-end (`npm run test:e2e`): a third-party CLI run.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { generatedDir, outputPath, repoRoot } from "../../scripts/lib/paths.js";
import { redoclyBin } from "../../scripts/lib/tools.js";
import { startMockProcess } from "../support/processes.js";

const exec = promisify(execFile);
const startMock = (...args: string[]) =>
  startMockProcess(process.execPath, [path.join(repoRoot, "bin", "vpcep-mock.js"), "--port", "0", ...args]);

describe("the Arazzo workflows", () => {
  it("pass under redocly respect against the stateful mock", async () => {
    const mock = await startMock("--stateful");
    try {
      const { stdout, stderr } = await exec(
        process.execPath,
        [
          redoclyBin(),
          "respect",
          outputPath(generatedDir, "arazzo"),
          "--server",
          `vpcep=${mock.url}`,
          "--input",
          "project_id=p",
          "--input",
          "token=t",
        ],
        {
          env: { ...process.env, REDOCLY_TELEMETRY: "off", NO_COLOR: "1" },
        },
      );
      expect(`${stdout}${stderr}`).toMatch(/Workflows: 8 passed, 8 total/);
    } finally {
      mock.child.kill("SIGTERM");
    }
  });
});
