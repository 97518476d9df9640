// The examples the README and the guides embed (examples/quickstart/, examples/contract/) run as a
// reader runs them, and print what their comments say. (examples/msw/ runs in test/msw/, and
// examples/ci/ in test/ci/recipes.test.ts; the quick start's shell steps in quickstart.test.ts.)
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/lib/paths.js";
import { freePort } from "../support/loopback.js";
import { type ReadyMock, startMockProcess } from "../support/processes.js";

const exec = promisify(execFile);
const example = (file: string) => path.join(repoRoot, file);

/** The comment lines right under each `console.log(…)`: what the example promises to print. */
function promised(file: string): string[] {
  const lines = readFileSync(file, "utf8").split("\n");
  return lines.flatMap((line, index) => {
    if (!line.trimStart().startsWith("console.log(")) return [];
    const comment = /^\s*\/\/ (.*)$/.exec(lines[index + 1] ?? "");
    return comment ? [comment[1]!] : [];
  });
}

describe("examples/quickstart/ (the README's quick start)", () => {
  let mock: ReadyMock;
  beforeAll(async () => {
    mock = await startMockProcess(process.execPath, [
      path.join(repoRoot, "bin", "vpcep-mock.js"),
      "--stateful",
      "--data",
      example("examples/quickstart/services.json"),
      "--port",
      "0",
    ]);
  });
  afterAll(() => {
    mock?.child.kill("SIGTERM");
  });

  it("the mock serves the seed file: three services", () => {
    expect(mock.output()).toMatch(/vpcep-mock: ready at http:\/\/127\.0\.0\.1:\d+ \(stateful, 3 services;/);
  });

  it("call.js prints the available services, then the refusal of limit=5000, as its comments say", async () => {
    const { stdout, stderr } = await exec(process.execPath, [example("examples/quickstart/call.js")], {
      cwd: repoRoot,
      env: { ...process.env, VPCEP_BASE_URL: mock.url },
    });
    expect(stderr).toBe("");
    const lines = stdout.trim().split("\n");
    expect(lines).toEqual(["2 [ 'payments-api', 'orders-api' ]", "400 EndPoint.0006 Invalid limit."]);
    expect(promised(example("examples/quickstart/call.js")).map((comment, index) => comment.startsWith(lines[index]!))).toEqual([
      true,
      true,
    ]);
  });

  it("call.js against no mock fails with the error the README names", async () => {
    const port = await freePort(); // nothing listens there
    const failed = await exec(process.execPath, [example("examples/quickstart/call.js")], {
      cwd: repoRoot,
      env: { ...process.env, VPCEP_BASE_URL: `http://127.0.0.1:${port}` },
    }).then(
      () => undefined,
      (error: { stderr: string }) => error,
    );
    expect(failed?.stderr).toMatch(
      new RegExp(
        `VpcepNetworkError: GET .* failed without a complete HTTP answer: fetch failed: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}`,
      ),
    );
    expect(readFileSync(path.join(repoRoot, "README.md"), "utf8")).toContain(
      "`VpcepNetworkError: GET … failed without a complete HTTP answer: fetch failed: connect ECONNREFUSED 127.0.0.1:4010`",
    );
  });
});

describe("examples/contract/validators.mjs (the contract checks guide)", () => {
  it("prints each validator's verdict and errors, as its comments say", async () => {
    const file = example("examples/contract/validators.mjs");
    const { stdout, stderr } = await exec(process.execPath, [file], { cwd: repoRoot });
    expect(stderr).toBe("");
    // util.inspect may wrap a long array over several lines; the comments show it on one.
    const printed = stdout
      .replace(/\[\n\s+/g, "[ ")
      .replace(/,\n\s+/g, ", ")
      .replace(/\n\]/g, " ]")
      .trim()
      .split("\n");
    expect(printed).toEqual(promised(file));
    expect(printed).toHaveLength(2);
  });
});
