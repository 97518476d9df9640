// The recording proxy stops promptly on SIGTERM while it judges a large answer full of invalid
// items (issue 23: it once judged such an answer for over a minute and ignored SIGTERM meanwhile),
// exits 0 as documented and leaves a whole HAR on disk.
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoopback, type Loopback } from "../../support/loopback.js";
import { startRecordingProxy } from "../../support/processes.js";
import { TIMEOUTS, within } from "../../support/timeouts.js";

const PAGE = "/v1/p/vpc-endpoint-services";
// Just under the proxy's 1 MiB record limit, so that the whole answer is judged: ~499,000 invalid items.
const INVALID_PAGE = `{"endpoint_services":[${Array(499_000).fill("1").join(",")}],"total_count":1}`;

describe("the recording proxy stopped while it judges", () => {
  let upstream: Loopback;
  let folder: string;
  let sent: () => void = () => undefined;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), "vpcep-stop-judging-"));
    upstream = await startLoopback((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(INVALID_PAGE, () => sent());
    });
  });
  afterAll(async () => {
    await upstream.close();
    await rm(folder, { recursive: true, force: true });
  });

  it(
    "exits 0 within a bound of SIGTERM sent as the upstream's invalid answer ends, with the HAR whole",
    async () => {
      expect(INVALID_PAGE.length).toBeLessThan(2 ** 20);
      const har = path.join(folder, "stop.har");
      const proxy = await startRecordingProxy(upstream.url, har);
      const exited = once(proxy.child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
      const answerSent = new Promise<void>((resolve) => (sent = resolve));
      const caller = request(`${proxy.url}${PAGE}`, (res) => res.resume());
      caller.on("error", () => undefined);
      caller.end();
      await answerSent;
      const stopAt = performance.now();
      proxy.child.kill("SIGTERM");
      const [code, signal] = await exited;
      const stoppedInMs = performance.now() - stopAt;
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(stoppedInMs).toBeLessThan(within(5_000));
      const recorded = JSON.parse(await readFile(har, "utf8")) as { log: { entries: unknown[] } };
      expect(Array.isArray(recorded.log.entries)).toBe(true);
    },
    TIMEOUTS.test,
  );
});
