// The proxy's bounds as flags: --record-body-limit and --upstream-timeout take whole numbers in
// their range, go with --proxy only, and a bad value exits 2 naming the flag and the value.
import { describe, expect, it } from "vitest";
import { readMockConfig } from "../../src/mock/options/config.js";
import { main } from "../../src/cli/mock.js";
import { runMain } from "../support/cli.js";

const UPSTREAM = "http://127.0.0.1:9";

describe("vpcep-mock --proxy bounds", () => {
  it.each([
    [["--record-body-limit=-1"], '--record-body-limit must be a number of bytes from 0 to 268435456, got "-1"'],
    [["--record-body-limit", "1MiB"], '--record-body-limit must be a number of bytes from 0 to 268435456, got "1MiB"'],
    [["--record-body-limit", "268435457"], '--record-body-limit must be a number of bytes from 0 to 268435456, got "268435457"'],
    [["--upstream-timeout", "0"], '--upstream-timeout must be a number of milliseconds from 1 to 2147483647, got "0"'],
    [["--upstream-timeout", "1.5"], '--upstream-timeout must be a number of milliseconds from 1 to 2147483647, got "1.5"'],
    [["--upstream-timeout", "2147483648"], '--upstream-timeout must be a number of milliseconds from 1 to 2147483647, got "2147483648"'],
  ])("%j exits 2 naming the flag and the value", async (args, message) => {
    const { code, stderr } = await runMain(main, ["--proxy", UPSTREAM, ...args]);
    expect(code).toBe(2);
    expect(stderr).toContain(`vpcep-mock: ${message}\n`);
    expect(stderr).toContain("usage: vpcep-mock");
  });

  it.each([
    ["--record-body-limit", "10"],
    ["--upstream-timeout", "10"],
  ])("%s without --proxy is a usage error", async (flag, value) => {
    const { code, stderr } = await runMain(main, [flag, value]);
    expect(code).toBe(2);
    expect(stderr).toContain(`vpcep-mock: ${flag} goes with --proxy`);
  });

  it("reads both into the proxy's configuration, and leaves them out when not given (the proxy's defaults apply)", async () => {
    const config = await readMockConfig(["--proxy", UPSTREAM, "--record-body-limit", "0", "--upstream-timeout", "250"], {});
    expect(config).toMatchObject({ mode: "proxy", recordBodyLimit: 0, upstreamTimeoutMs: 250 });
    const plain = await readMockConfig(["--proxy", UPSTREAM], {});
    expect(plain).not.toHaveProperty("recordBodyLimit");
    expect(plain).not.toHaveProperty("upstreamTimeoutMs");
  });
});
