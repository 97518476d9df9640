// The recording proxy as a process, relaying huge bodies: 200 MB byte for byte and an endless body
// read for 200 MB, with the proxy's resident memory sampled throughout. The scale tier
// (`npm run test:scale`, AT_SCALE in vitest.config.ts): these cost seconds of CPU each.
import type { ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoopback, type Loopback } from "../../support/loopback.js";
import { startRecordingProxy, stopProcess } from "../../support/processes.js";
import { TIMEOUTS, waitFor, within } from "../../support/timeouts.js";
import { exchange, MiB, PAGE, readHar } from "./hostile-exchange.js";

let scratch = "";
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "vpcep-proxy-huge-"));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe("the proxy as a process, relaying huge bodies", () => {
  const rssOf = async (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
  const SIZE = 200 * MiB;
  let upstream: Loopback;
  let proxy: { child: ChildProcess; url: string; output: () => string };
  const har = () => path.join(scratch, "huge.har");
  beforeAll(async () => {
    const chunk = Buffer.alloc(64 * 1024, "h");
    upstream = await startLoopback((req, res) => {
      const endless = req.url?.includes("endless");
      res.writeHead(200, { "Content-Type": "application/json", ...(endless ? {} : { "Content-Length": String(SIZE) }) });
      let left = SIZE;
      const pump = () => {
        while (!res.destroyed && (endless || left > 0)) {
          const piece = endless || left >= chunk.length ? chunk : chunk.subarray(0, left);
          left -= piece.length;
          if (!res.write(piece)) return void res.once("drain", pump);
        }
        if (!endless) res.end();
      };
      pump();
    });
    proxy = await startRecordingProxy(upstream.url, har());
  }, TIMEOUTS.test);
  afterAll(async () => {
    await stopProcess(proxy?.child);
    await upstream?.close();
  });

  it.skipIf(process.platform !== "linux")(
    "relays 200 MB byte for byte with bounded resident memory, records 1 MiB of it and says it was not validated",
    async () => {
      const pid = proxy.child.pid!;
      const baseline = await rssOf(pid);
      let peak = baseline;
      const sampler = setInterval(
        () =>
          void rssOf(pid).then(
            (rss) => (peak = Math.max(peak, rss)),
            () => undefined,
          ),
        25,
      );
      // Every byte compared with what the upstream sent (all "h"), without hashing 200 MB twice.
      const sent = Buffer.alloc(1024 * 1024, "h");
      const started = performance.now();
      const answer = await new Promise<{ bytes: number; status: number; differing: number }>((resolve, reject) => {
        let bytes = 0;
        let differing = 0;
        request(`${proxy.url}${PAGE}`, (res) => {
          res.on("data", (chunk: Buffer) => {
            bytes += chunk.length;
            for (let at = 0; at < chunk.length; at += sent.length) {
              const piece = chunk.subarray(at, at + sent.length);
              if (!piece.equals(sent.subarray(0, piece.length))) differing++;
            }
          });
          res.on("end", () => resolve({ bytes, status: res.statusCode ?? 0, differing }));
          res.on("error", reject);
        })
          .on("error", reject)
          .end();
      });
      clearInterval(sampler);
      expect(answer).toEqual({ bytes: SIZE, status: 200, differing: 0 });
      expect(performance.now() - started).toBeLessThan(within(60_000));
      expect(peak - baseline).toBeLessThan(100 * MiB);
      await waitFor(
        "the violation line",
        () => proxy.output(),
        (out) => out.includes("not validated"),
      );
      expect(proxy.output()).toContain(`response body of ${SIZE} bytes is larger than --record-body-limit 1048576; not validated`);
      const entry = await waitFor(
        "the HAR entry",
        async () => (await readHar(har())).log.entries[0],
        (e) => e !== undefined,
      );
      expect(entry!.response.content).toMatchObject({
        size: SIZE,
        comment: `truncated: the first 1048576 of ${SIZE} bytes are recorded (--record-body-limit)`,
      });
    },
    TIMEOUTS.heavyTest,
  );

  it.skipIf(process.platform !== "linux")(
    "stays within the same bound on an endless body the caller reads 200 MB of, then leaves",
    async () => {
      const pid = proxy.child.pid!;
      const baseline = await rssOf(pid);
      let peak = baseline;
      const sampler = setInterval(
        () =>
          void rssOf(pid).then(
            (rss) => (peak = Math.max(peak, rss)),
            () => undefined,
          ),
        25,
      );
      const answer = await exchange(`${proxy.url}/endless${PAGE}`, { leaveAfter: SIZE, keep: false });
      clearInterval(sampler);
      expect(answer).toMatchObject({ status: 200, error: "left" });
      expect(peak - baseline).toBeLessThan(100 * MiB);
      await waitFor(
        "the caller-left line",
        () => proxy.output(),
        (out) => out.includes("the caller closed the connection"),
      );
    },
    TIMEOUTS.heavyTest,
  );
});
