// `vpcep-mock --stateful --control-token T` (or VPCEP_MOCK_CONTROL_TOKEN) as users run it: the
// control API needs `Authorization: Bearer T`; the ready line says how the control API is guarded,
// never a credential's value; the flag's mistakes are usage errors.
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/lib/paths.js";
import { readMockConfig } from "../../src/mock/options/config.js";
import { UsageError } from "../../src/floor/flags.js";
import { type ReadyMock, startMockProcess } from "../support/processes.js";
import { main } from "../../src/cli/mock.js";
import { runMain } from "../support/cli.js";

const bin = path.join(repoRoot, "bin", "vpcep-mock.js");
const started: ReadyMock[] = [];
afterEach(() => {
  for (const mock of started.splice(0)) mock.child.kill();
});

async function start(args: string[]): Promise<ReadyMock> {
  const mock = await startMockProcess(process.execPath, [bin, "--stateful", "--port", "0", ...args]);
  started.push(mock);
  return mock;
}

const reset = (mock: ReadyMock, headers: Record<string, string>) =>
  fetch(`${mock.url}/__mock/reset`, { method: "POST", headers: { "Content-Type": "application/json", ...headers } });

describe("vpcep-mock --control-token", () => {
  it("guards the control API with the token; the ready line says so without the value", async () => {
    const mock = await start(["--control-token", "ctl-secret-value", "--token", "api-secret-value"]);
    expect(mock.output()).toMatch(/control API at http:\/\/127\.0\.0\.1:\d+\/__mock\/ \(needs a credential or the control token\)/);
    expect(mock.output()).not.toContain("secret-value");
    expect((await reset(mock, {})).status).toBe(401);
    expect((await reset(mock, { Authorization: "Bearer ctl-secret-value" })).status).toBe(200);
    expect((await reset(mock, { "X-Auth-Token": "api-secret-value" })).status).toBe(200);
  });

  it("says when the control API is open (no credentials configured)", async () => {
    const mock = await start([]);
    expect(mock.output()).toMatch(/\/__mock\/ \(open: no credentials configured\)/);
  });

  it("reads VPCEP_MOCK_CONTROL_TOKEN; the flag wins over it", async () => {
    const fromEnv = await readMockConfig(["--stateful"], { VPCEP_MOCK_CONTROL_TOKEN: "from-env" });
    expect(fromEnv.mode === "stateful" && fromEnv.options.controlToken).toBe("from-env");
    const fromFlag = await readMockConfig(["--stateful", "--control-token", "from-flag"], { VPCEP_MOCK_CONTROL_TOKEN: "from-env" });
    expect(fromFlag.mode === "stateful" && fromFlag.options.controlToken).toBe("from-flag");
    // An environment token is ignored with --no-control (set for a whole CI job); the flag is a mistake.
    const off = await readMockConfig(["--stateful", "--no-control"], { VPCEP_MOCK_CONTROL_TOKEN: "from-env" });
    expect(off.mode === "stateful" && off.options.controlToken).toBeUndefined();
  });

  it.each([
    [["--control-token", "t"], /--control-token goes with --stateful/],
    [["--stateful", "--control-token", ""], /--control-token must be printable ASCII without spaces/],
    [["--stateful", "--control-token", "has space"], /--control-token must be printable ASCII without spaces/],
    [["--stateful", "--no-control", "--control-token", "t"], /--control-token and --no-control exclude each other/],
  ])("refuses %j with exit 2 and the usage, without echoing the value", async (args, message) => {
    const { code, stderr } = await runMain(main, args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/usage: vpcep-mock/);
    if (args.includes("has space")) expect(stderr).not.toContain("has space");
    await expect(readMockConfig(args, {})).rejects.toBeInstanceOf(UsageError);
  });
});
