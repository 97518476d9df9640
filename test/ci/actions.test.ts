// The composite actions run locally as the runner would run them: actions/mock starts vpcep-mock with
// a bounded wait and fails with its output; actions/check runs vpcep-contract with JUnit, summary
// and the bin's exit code.
import { readFileSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleServices } from "../../generated/contract-validators.js";
import type { RunningMock } from "../../src/mock/running.js";
import { startStatefulMock } from "../../src/mock/stateful/stateful.js";
import { consumerWorkspace, killStarted, runAction } from "../support/actions.js";
import { TIMEOUTS, within } from "../support/timeouts.js";

/** Running, not a zombie left for an init that does not reap (as in some containers). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};
const stop = (pid: string | undefined) => {
  if (pid && alive(Number(pid))) process.kill(-Number(pid), "SIGTERM");
};

/** A workspace whose node_modules/.bin/vpcep-mock is `script` (a stand-in to observe flags and hangs). */
async function fakeMockWorkspace(script: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "vpcep-fake-"));
  const bin = path.join(dir, "node_modules", ".bin", "vpcep-mock");
  await mkdir(path.dirname(bin), { recursive: true });
  await writeFile(bin, `#!${process.execPath}\n${script}\n`);
  await chmod(bin, 0o755);
  return dir;
}

let workspace: string;
let stateful: RunningMock;
const cleanup: string[] = [];
beforeAll(async () => {
  workspace = await consumerWorkspace(
    {},
    {
      "services.json": JSON.stringify(exampleServices.slice(0, 2)),
      "bad-services.json": JSON.stringify([
        { id: "x", service_name: "s", service_type: "interface", status: "available", created_at: "yesterday" },
      ]),
    },
  );
  stateful = await startStatefulMock({ services: [...exampleServices], credentials: { tokens: ["t"] } });
  cleanup.push(workspace);
}, TIMEOUTS.test);
afterAll(async () => {
  killStarted();
  await stateful.stop();
  for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
});

describe("actions/mock", () => {
  it("starts the stateful mock with the data file, and exposes its URL, pid and log", async () => {
    const run = await runAction("actions/mock", { data: "services.json", port: "0" }, { cwd: workspace });
    try {
      expect(run.code).toBe(0);
      expect(run.outputs.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(run.stdout).toContain(`vpcep-mock is ready at ${run.outputs.url}`);
      const page = (await (await fetch(`${run.outputs.url}/v1/p/vpc-endpoint-services`, { headers: { "X-Auth-Token": "t" } })).json()) as {
        total_count: number;
      };
      expect(page.total_count).toBe(2);
      expect(alive(Number(run.outputs.pid))).toBe(true);
      expect(await readFile(run.outputs.log!, "utf8")).toMatch(/stateful, 2 services/);
    } finally {
      stop(run.outputs.pid);
    }
  });

  it("fails at once, naming the file, when the data file does not exist", async () => {
    const started = performance.now();
    const run = await runAction("actions/mock", { data: "test/vpcep-servces.json", port: "0" }, { cwd: workspace });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `vpcep-mock action: input data names test/vpcep-servces.json, which does not exist (relative to ${workspace})`,
    );
    expect(run.stderr).toMatch(/^::error title=vpcep-mock::/m);
    expect(performance.now() - started).toBeLessThan(within(10_000));
  });

  it("fails with the mock's own output when the mock exits before it is ready", async () => {
    const run = await runAction("actions/mock", { data: "bad-services.json", port: "0" }, { cwd: workspace });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /vpcep-mock exited \(code 1\) before it was ready\. Its output:\nvpcep-mock: bad-services\.json: 1 of 1 services not valid \(1 problem; see https:\/\/vpcep-openapi\.github\.io\/vpcep-openapi\/guides\/testing\.html#seed-data\):\n  service 0: created_at: must be a timestamp/,
    );
  });

  it.each([
    [{ mode: "stub" }, /input mode must be stateful or prism, got "stub"/],
    [{ timeout: "soon" }, /input timeout must be a positive number of seconds, got "soon"/],
  ])("refuses %j with exit code 2", async (inputs, message) => {
    const run = await runAction("actions/mock", inputs, { cwd: workspace });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it("gives up after `timeout` seconds, stops the mock and shows what it printed", async () => {
    const dir = await fakeMockWorkspace(
      `require("fs").writeFileSync("pid", String(process.pid)); console.log("vpcep-mock: loading a very large data file"); setInterval(() => {}, 1000);`,
    );
    cleanup.push(dir);
    const started = performance.now();
    const run = await runAction("actions/mock", { timeout: "1" }, { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /vpcep-mock was not ready within 1 s \(input timeout\)\. Its output:\nvpcep-mock: loading a very large data file/,
    );
    expect(performance.now() - started).toBeLessThan(within(10_000));
    const pid = Number(await readFile(path.join(dir, "pid"), "utf8"));
    await expect.poll(() => alive(pid)).toBe(false);
  });

  it("passes mode, data, port, credentials and args through as flags, and never shows the credentials", async () => {
    const dir = await fakeMockWorkspace(
      `require("fs").writeFileSync("argv.json", JSON.stringify(process.argv.slice(2))); console.log("vpcep-mock: ready at http://127.0.0.1:4999 (fake) token " + process.argv.slice(2).join(" ")); process.exit(0);`,
    );
    cleanup.push(dir);
    await writeFile(path.join(dir, "seed.json"), "[]");
    const run = await runAction(
      "actions/mock",
      {
        data: "seed.json",
        port: "4999",
        token: "tok-secret",
        "access-key": "AK1",
        "secret-key": "SK-secret",
        args: "--faults 429 --seed 3",
      },
      { cwd: dir },
    );
    expect(JSON.parse(await readFile(path.join(dir, "argv.json"), "utf8"))).toEqual([
      "--stateful",
      "--data",
      "seed.json",
      "--port",
      "4999",
      "--token",
      "tok-secret",
      "--access-key",
      "AK1",
      "--secret-key",
      "SK-secret",
      "--faults",
      "429",
      "--seed",
      "3",
    ]);
    expect(run.outputs.url).toBe("http://127.0.0.1:4999");
    expect(run.stdout + run.stderr).not.toMatch(/tok-secret|SK-secret/);
    const prism = await runAction("actions/mock", { mode: "prism", port: "4999" }, { cwd: dir });
    expect(prism.code).toBe(0);
    expect(JSON.parse(await readFile(path.join(dir, "argv.json"), "utf8"))).toEqual(["--port", "4999"]);
  });
});

describe("actions/check", () => {
  it("checks a server, writes JUnit and the job summary, and exits 0 when the contract holds", async () => {
    const run = await runAction(
      "actions/check",
      { "base-url": stateful.url, junit: "reports/contract.xml", coverage: "true" },
      { cwd: workspace, env: { OS_TOKEN: "t" } },
    );
    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({ junit: "reports/contract.xml", "exit-code": "0" });
    expect(await readFile(path.join(workspace, "reports/contract.xml"), "utf8")).toMatch(
      /<testsuite name="vpcep-contract check" tests="50" failures="0" skipped="0">/,
    );
    expect(run.summary).toMatch(/^### vpcep-contract check: 50 passed, 0 failed, 0 skipped$/m);
    expect(run.summary).toMatch(/^Coverage: \d+ of \d+ parts of the document seen\.$/m);
    expect(run.stderr).toMatch(/^vpcep-contract check: 50 passed, 0 failed, 0 skipped$/m);
  });

  it("passes fuzz and seed through", async () => {
    const run = await runAction(
      "actions/check",
      { "base-url": stateful.url, fuzz: "15", seed: "5" },
      { cwd: workspace, env: { OS_TOKEN: "t" } },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ok {3}--- fuzz: 15 generated requests \(seed 5\)$/m);
  });

  it("exits 3 within `wait` when nothing answers, with an annotation", async () => {
    const run = await runAction(
      "actions/check",
      { "base-url": "http://127.0.0.1:9", wait: "1" },
      { cwd: workspace, env: { OS_TOKEN: "t" } },
    );
    expect(run.code).toBe(3);
    expect(run.outputs["exit-code"]).toBe("3");
    expect(run.stderr).toMatch(
      /^::error title=vpcep-contract check%3A could not test::no HTTP answer at http:\/\/127\.0\.0\.1:9 within 1 s \(--wait\)$/m,
    );
  });

  it("refuses a missing base-url with exit code 2", async () => {
    const run = await runAction("actions/check", {}, { cwd: workspace });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/input base-url is required/);
  });
});
