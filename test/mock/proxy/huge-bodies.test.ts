// The recording proxy before huge bodies: 16 MiB to a caller that stalls, a 64 MiB gzip bomb, 4 MiB
// of text to redact in linear time; and as a process, 200 MB byte for byte and an endless body read
// for 200 MB, with its resident memory sampled throughout. The scale tier (`npm run test:scale`,
// AT_SCALE in vitest.config.ts): these cost seconds of CPU each. The hostile upstreams at everyday
// sizes are in adversary.test.ts.
import type { ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoopback, type Loopback } from "../../support/loopback.js";
import { startRecordingProxy, stopProcess } from "../../support/processes.js";
import { TIMEOUTS, waitFor, within } from "../../support/timeouts.js";
import { gzipSync } from "node:zlib";
import { startProxy } from "../../../src/mock/proxy/proxy.js";
import { scaled } from "../../support/timeouts.js";
import { exchange, leaks, MiB, PAGE, readHar } from "./hostile-exchange.js";

/** 64 MiB of zeros in a few kB of gzip, compressed once for the upstream and the comparison. */
let bomb: Buffer | undefined;
const gzipBomb = () => (bomb ??= gzipSync(Buffer.alloc(64 * MiB)));

let scratch = "";
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "vpcep-proxy-huge-"));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe("an upstream that sends too much, the proxy in process", () => {
  it("does not blame the upstream for a caller that stops reading longer than the timeout", async () => {
    // The upstream's own answer must come within the timeout even on a loaded machine (the body
    // is made before, the timeout scaled); the caller's stall is three times the timeout.
    const body = Buffer.alloc(16 * MiB, "b");
    const timeoutMs = scaled(300);
    const big = await startLoopback((_req, res) => res.writeHead(200, { "Content-Type": "text/plain" }).end(body));
    const proxy = await startProxy({ upstream: big.url, upstreamTimeoutMs: timeoutMs });
    try {
      const answer = await new Promise<{ bytes: number; error?: string }>((resolve) => {
        let bytes = 0;
        request(`${proxy.url}/big`, (res) => {
          res.pause();
          setTimeout(() => res.resume(), 3 * timeoutMs);
          res.on("data", (chunk: Buffer) => {
            bytes += chunk.length;
          });
          res.on("end", () => resolve({ bytes }));
          res.on("error", (error) => resolve({ bytes, error: error.message }));
        })
          .on("error", (error) => resolve({ bytes: 0, error: error.message }))
          .end();
      });
      expect(answer).toEqual({ bytes: 16 * MiB });
      expect(proxy.output()).not.toContain("--upstream-timeout");
    } finally {
      await proxy.stop();
      await big.close();
    }
  });

  it("neither inflates nor validates a compressed answer past the record limit", async () => {
    const har = path.join(scratch, "bomb.har");
    // 64 MiB of zeros in a few kB of gzip: must not be inflated past the record limit.
    const upstream = await startLoopback((_req, res) =>
      res.writeHead(200, { "Content-Type": "application/json", "Content-Encoding": "gzip" }).end(gzipBomb()),
    );
    const proxy = await startProxy({ upstream: upstream.url, record: har });
    try {
      const answer = await exchange(`${proxy.url}/bomb${PAGE}`);
      expect(answer.status).toBe(200);
      expect(answer.body.equals(gzipBomb())).toBe(true);
      expect(proxy.output()).toMatch(/response body does not decode \(gzip\) within 1048576 bytes; not validated/);
    } finally {
      await proxy.stop();
      await upstream.close();
    }
    const content = (await readHar(har)).log.entries[0]!.response.content;
    expect(content).toMatchObject({
      text: "",
      comment: "not recorded: the gzip body does not decode within 1048576 bytes (--record-body-limit)",
    });
  });

  it("redacts a large text body in linear time (a megabyte-long word and echoed secrets)", async () => {
    const token = "MIIlinearTokenValue/+=";
    const body = `${"a".repeat(4 * MiB)} token=${token} ${`${encodeURIComponent(token)} `.repeat(20_000)}`;
    const text = await startLoopback((_req, res) => res.writeHead(200, { "Content-Type": "text/plain" }).end(body));
    const har = path.join(scratch, "linear.har");
    const proxy = await startProxy({ upstream: text.url, record: har, recordBodyLimit: 8 * MiB });
    try {
      const started = performance.now();
      const answer = await exchange(`${proxy.url}/text`, { headers: { "X-Auth-Token": token } });
      await proxy.stop();
      expect(performance.now() - started).toBeLessThan(within(5000));
      expect(answer.body.toString()).toBe(body);
    } finally {
      await proxy.stop();
      await text.close();
    }
    const file = await readFile(har, "utf8");
    expect(leaks([file], [token])).toEqual([]);
  });
});

describe("the proxy as a process, relaying huge bodies", () => {
  const rssOf = async (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
  /** Samples a process's resident memory every 25 ms; the function returned stops and gives the peak's growth over the first sample. */
  const sampleRss = async (pid: number) => {
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
    return () => {
      clearInterval(sampler);
      return peak - baseline;
    };
  };
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
      const growth = await sampleRss(proxy.child.pid!);
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
      const grew = growth();
      expect(answer).toEqual({ bytes: SIZE, status: 200, differing: 0 });
      expect(performance.now() - started).toBeLessThan(within(60_000));
      expect(grew).toBeLessThan(100 * MiB);
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
      const growth = await sampleRss(proxy.child.pid!);
      const answer = await exchange(`${proxy.url}/endless${PAGE}`, { leaveAfter: SIZE, keep: false });
      const grew = growth();
      expect(answer).toMatchObject({ status: 200, error: "left" });
      expect(grew).toBeLessThan(100 * MiB);
      await waitFor(
        "the caller-left line",
        () => proxy.output(),
        (out) => out.includes("the caller closed the connection"),
      );
    },
    TIMEOUTS.heavyTest,
  );
});
