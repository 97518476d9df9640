// The connection bounds as flags, in every mode: --max-connections and the header, request and
// keep-alive timeouts take whole numbers in their range; a bad value exits 2 naming the flag and
// the value; the mock process applies them (a silent caller is cut, an extra connection refused,
// and the mock still answers afterwards).
import { connect, type Socket } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/lib/paths.js";
import { readMockConfig } from "../../src/mock/options/config.js";
import { startMockProcess, type ReadyMock } from "../support/processes.js";
import { scaled } from "../support/timeouts.js";
import { main } from "../../src/cli/mock.js";
import { runMain } from "../support/cli.js";

const bin = path.join(repoRoot, "bin", "vpcep-mock.js");
const PAGE = "/v1/6e9dfd51d1124e8d8498dce894923a0d/vpc-endpoint-services?limit=1";

let mock: ReadyMock | undefined;
const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
  mock?.child.kill();
  mock = undefined;
});

/** A connection that sends nothing; resolves when the mock closes it, with the milliseconds it stayed open and what it received. */
function silentConnection(url: string): { opened: Promise<void>; closed: Promise<{ ms: number; received: string }> } {
  const { hostname, port } = new URL(url);
  const started = performance.now();
  const socket = connect(Number(port), hostname);
  sockets.push(socket);
  let received = "";
  socket.on("data", (chunk) => (received += String(chunk)));
  socket.on("error", () => {});
  return {
    opened: new Promise((resolve) => socket.once("connect", () => resolve())),
    closed: new Promise((resolve) => socket.once("close", () => resolve({ ms: performance.now() - started, received }))),
  };
}

describe("vpcep-mock connection bounds", () => {
  it.each([
    [["--max-connections", "0"], '--max-connections must be a number of connections from 1 to 1000000, got "0"'],
    [["--max-connections", "1000001"], '--max-connections must be a number of connections from 1 to 1000000, got "1000001"'],
    [["--headers-timeout", "1.5"], '--headers-timeout must be a number of milliseconds from 1 to 2147483647, got "1.5"'],
    [["--request-timeout", "2147483648"], '--request-timeout must be a number of milliseconds from 1 to 2147483647, got "2147483648"'],
    [["--keep-alive-timeout=-1"], '--keep-alive-timeout must be a number of milliseconds from 1 to 2147483647, got "-1"'],
    [["--headers-timeout", "70000"], "--headers-timeout (70000 ms) must not be longer than --request-timeout (60000 ms)"],
  ])("%j exits 2 naming the flag and the value", async (args, message) => {
    const { code, stderr } = await runMain(main, ["--stateful", ...args]);
    expect(code).toBe(2);
    expect(stderr).toContain(`vpcep-mock: ${message}`);
    expect(stderr).toContain("usage: vpcep-mock");
  });

  it("reads them in every mode, and leaves out what was not given (the defaults apply)", async () => {
    const flags = ["--max-connections", "5", "--headers-timeout", "100", "--request-timeout", "200", "--keep-alive-timeout", "300"];
    const bounds = { maxConnections: 5, headersTimeoutMs: 100, requestTimeoutMs: 200, keepAliveTimeoutMs: 300 };
    for (const mode of [["--stateful"], ["--proxy", "http://127.0.0.1:9"], []])
      expect(await readMockConfig([...mode, ...flags], {})).toMatchObject({ connections: bounds });
    expect(await readMockConfig(["--stateful"], {})).toMatchObject({ connections: {} });
  });

  it("the stateful mock cuts a caller that sends nothing, refuses a connection past the cap, and answers afterwards", async () => {
    const headersTimeout = scaled(500);
    mock = await startMockProcess(process.execPath, [
      bin,
      "--stateful",
      "--port",
      "0",
      "--max-connections",
      "2",
      "--headers-timeout",
      String(headersTimeout),
    ]);
    const silent = [silentConnection(mock.url), silentConnection(mock.url)];
    await Promise.all(silent.map((each) => each.opened));
    await new Promise((resolve) => setTimeout(resolve, scaled(100))); // the server has accepted both
    const extra = silentConnection(mock.url);
    const refused = await extra.closed;
    expect(refused.ms).toBeLessThan(headersTimeout); // closed at once, not when the timeout passes
    for (const { closed } of silent) {
      const { ms, received } = await closed;
      expect(ms).toBeGreaterThanOrEqual(headersTimeout * 0.9);
      expect(ms).toBeLessThan(headersTimeout + scaled(2_000));
      expect(received).toMatch(/^HTTP\/1\.1 408 /);
    }
    const answer = await fetch(`${mock.url}${PAGE}`, { headers: { "X-Auth-Token": "t" } });
    expect(answer.status).toBe(200);
    expect(mock.child.exitCode).toBeNull();
  });
});
