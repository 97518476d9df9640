// @ts-check
// The recording proxy (`vpcep-mock --proxy … --record …`) as a child process in front of loopback
// upstreams: resident memory while relaying a huge body, redaction cost of a large text body, a
// silent upstream, a caller that leaves, the HAR's cost over many exchanges, a planted symlink.
// Every function takes the `vpcep-mock.js` to run, so the same figures can be measured on another
// checkout (`node bench/proxy.js /path/to/bin/vpcep-mock.js` prints them all).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const TOKEN = "MIIbenchProxyTokenValue/+=0123456789abcdef";
const PAGE_PATH = "/v1/p/vpc-endpoint-services";
export const DEFAULT_BIN = fileURLToPath(new URL("../bin/vpcep-mock.js", import.meta.url));

/** @param {(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void} handler */
async function upstreamOf(handler) {
  /** @type {Set<import("node:net").Socket>} */
  const sockets = new Set();
  const closedAt = /** @type {number[]} */ ([]);
  const server = createServer(handler);
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => closedAt.push(performance.now()));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    closedAt,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}

/** @param {string} bin @param {string[]} args */
async function startProxy(bin, args) {
  const child = spawn(process.execPath, [bin, "--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const url = await new Promise((resolve, reject) => {
    const collect = (/** @type {Buffer} */ chunk) => {
      output += chunk;
      const ready = /ready at (http:\/\/\S+)/.exec(output);
      if (ready) resolve(ready[1]);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.once("exit", (code) => reject(new Error(`proxy exited ${code}: ${output}`)));
  });
  return {
    url: /** @type {string} */ (url),
    pid: /** @type {number} */ (child.pid),
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resident memory of a process, in bytes (Linux). @param {number} pid */
const rssOf = (pid) => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) * 1024 : 0;
};

/**
 * GETs `url`, reading the answer to its end (or until `leaveAfter` bytes, then leaving).
 * @param {string} url @param {{ timeoutMs?: number, leaveAfter?: number, headers?: Record<string, string> }} [options]
 * @returns {Promise<{ status: number, bytes: number, body: string, error?: string, ms: number }>}
 */
function get(url, { timeoutMs = 600_000, leaveAfter, headers = { "X-Auth-Token": TOKEN } } = {}) {
  const started = performance.now();
  return new Promise((resolve) => {
    let bytes = 0;
    let status = 0;
    /** @type {Buffer[]} */
    const kept = [];
    const done = (/** @type {string | undefined} */ error) =>
      resolve({ status, bytes, body: Buffer.concat(kept).toString(), ...(error ? { error } : {}), ms: performance.now() - started });
    const req = request(url, { headers }, (res) => {
      status = res.statusCode ?? 0;
      res.on("data", (chunk) => {
        bytes += chunk.length;
        if (bytes < 1_000_000) kept.push(chunk);
        if (leaveAfter !== undefined && bytes >= leaveAfter) {
          req.destroy();
          done("left");
        }
      });
      res.on("end", () => done(undefined));
      res.on("error", (error) => done(error.message));
    });
    req.setTimeout(timeoutMs, () => {
      req.destroy();
      done(`no answer within ${timeoutMs} ms`);
    });
    req.on("error", (error) => done(error.message));
    req.end();
  });
}

/** An upstream streaming `bytes` bytes as fast as the proxy takes them. @param {number} bytes */
const hugeBody = (bytes) => {
  const chunk = Buffer.alloc(64 * 1024, "x");
  return upstreamOf((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": String(bytes) });
    let left = bytes;
    const pump = () => {
      while (left > 0) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        if (!res.write(piece)) return void res.once("drain", pump);
      }
      res.end();
    };
    pump();
  });
};

/**
 * Resident memory of the proxy while it relays (and records) one `bytes`-byte answer.
 * @param {string} bin @param {number} bytes
 */
export async function relayMemory(bin, bytes) {
  const upstream = await hugeBody(bytes);
  const scratch = mkdtempSync(path.join(tmpdir(), "vpcep-bench-proxy-"));
  const proxy = await startProxy(bin, ["--proxy", upstream.url, "--record", path.join(scratch, "r.har")]);
  try {
    await get(`${proxy.url}/warm-up`, { leaveAfter: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const baseline = rssOf(proxy.pid);
    let peak = baseline;
    const sampler = setInterval(() => {
      try {
        peak = Math.max(peak, rssOf(proxy.pid));
      } catch {}
    }, 20);
    const answer = await get(`${proxy.url}${PAGE_PATH}`);
    clearInterval(sampler);
    return { bytes, baseline, peak, growth: peak - baseline, received: answer.bytes, status: answer.status, ms: answer.ms };
  } finally {
    await proxy.stop();
    await upstream.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** A text body of `bytes` bytes that echoes the caller's token in every form, every few lines. @param {number} bytes */
export function echoingText(bytes) {
  const line = `lorem ipsum dolor sit amet ${TOKEN} and ${JSON.stringify(TOKEN).slice(1, -1).replaceAll("/", "\\/")} and ${encodeURIComponent(TOKEN)}; ${"tokentokentoken".repeat(4)} secret=abc\n`;
  return line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes);
}

/**
 * Time to relay and record one `bytes`-byte text answer (median of `runs`), and whether the HAR holds the token.
 * @param {string} bin @param {number} bytes @param {number} [runs]
 */
export async function redactionThroughProxy(bin, bytes, runs = 3, extraArgs = /** @type {string[]} */ ([]), oneWord = false) {
  // One word without a space (what made the old by-name pattern quadratic), or lines echoing the token.
  const text = oneWord ? "a".repeat(bytes) : echoingText(bytes);
  const upstream = await upstreamOf((req, res) =>
    res.writeHead(200, { "Content-Type": "text/plain" }).end(req.url === "/ping" ? "pong" : text),
  );
  const scratch = mkdtempSync(path.join(tmpdir(), "vpcep-bench-proxy-"));
  const har = path.join(scratch, "r.har");
  const proxy = await startProxy(bin, ["--proxy", upstream.url, "--record", har, ...extraArgs]);
  try {
    const times = [];
    // Each exchange is timed with a small one after it: a proxy that records after answering (the
    // redaction still blocking it) answers that one late, so the figure holds the redaction either way.
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await get(`${proxy.url}/text`);
      await get(`${proxy.url}/ping`);
      times.push(performance.now() - started);
    }
    await proxy.stop();
    const recorded = readFileSync(har, "utf8");
    times.sort((a, b) => a - b);
    return { bytes, ms: times[Math.floor(times.length / 2)] ?? 0, leaked: recorded.split(TOKEN).length - 1 };
  } finally {
    await proxy.stop().catch(() => undefined);
    await upstream.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** What a caller gets from an upstream that accepts the connection and never answers. @param {string} bin @param {number} waitMs */
export async function silentUpstream(bin, waitMs, extraArgs = /** @type {string[]} */ ([])) {
  const upstream = await upstreamOf(() => undefined);
  const proxy = await startProxy(bin, ["--proxy", upstream.url, ...extraArgs]);
  try {
    const answer = await get(`${proxy.url}${PAGE_PATH}`, { timeoutMs: waitMs });
    return { status: answer.status, error: answer.error, body: answer.body.slice(0, 300), ms: answer.ms };
  } finally {
    await proxy.stop();
    await upstream.close();
  }
}

/**
 * A caller that leaves after the first bytes of an answer the upstream sends slowly (a chunk every
 * 100 ms, for ever): how long until the proxy closes its upstream socket (undefined: not within `waitMs`).
 * @param {string} bin @param {number} waitMs
 */
export async function clientGone(bin, waitMs) {
  /** @type {NodeJS.Timeout[]} */
  const timers = [];
  const upstream = await upstreamOf((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/plain" });
    timers.push(setInterval(() => res.write("slow body chunk\n"), 100));
  });
  const proxy = await startProxy(bin, ["--proxy", upstream.url]);
  try {
    // The caller leaves after the first byte, or after 2 s without one (a proxy that buffers the body sends none).
    const answer = await get(`${proxy.url}${PAGE_PATH}`, { leaveAfter: 1, timeoutMs: 2000 });
    const left = performance.now();
    while (upstream.closedAt.length === 0 && performance.now() - left < waitMs) await new Promise((resolve) => setTimeout(resolve, 20));
    const closed = upstream.closedAt[0];
    return {
      callerGot: answer.bytes ? `${answer.bytes} bytes` : "nothing",
      closedAfterMs: closed === undefined ? `not within ${waitMs} ms` : closed - left,
    };
  } finally {
    for (const timer of timers) clearInterval(timer);
    await proxy.stop();
    await upstream.close();
  }
}

/** Time of `exchanges` small recorded exchanges one after another: first and last hundred, in total. @param {string} bin @param {number} exchanges */
export async function harCost(bin, exchanges) {
  const page = JSON.stringify({ endpoint_services: [], total_count: 0 });
  const upstream = await upstreamOf((_req, res) => res.writeHead(200, { "Content-Type": "application/json" }).end(page));
  const scratch = mkdtempSync(path.join(tmpdir(), "vpcep-bench-proxy-"));
  const har = path.join(scratch, "r.har");
  const proxy = await startProxy(bin, ["--proxy", upstream.url, "--record", har]);
  try {
    const times = [];
    const started = performance.now();
    for (let i = 0; i < exchanges; i++) times.push((await get(`${proxy.url}${PAGE_PATH}?offset=${i}`)).ms);
    const totalMs = performance.now() - started;
    await proxy.stop();
    const entries = JSON.parse(readFileSync(har, "utf8")).log.entries.length;
    const sum = (/** @type {number[]} */ list) => list.reduce((a, b) => a + b, 0);
    return { exchanges, entries, totalMs, first100Ms: sum(times.slice(0, 100)), last100Ms: sum(times.slice(-100)) };
  } finally {
    await proxy.stop().catch(() => undefined);
    await upstream.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Symlinks planted at the temporary name the old recorder used (`<file>.partial`) and at the
 * target, both pointing at files outside the folder: whether either outside file was overwritten.
 * @param {string} bin
 */
export async function symlinkPlanted(bin) {
  const upstream = await upstreamOf((_req, res) => res.writeHead(200, { "Content-Type": "application/json" }).end("{}"));
  const scratch = mkdtempSync(path.join(tmpdir(), "vpcep-bench-proxy-"));
  const outside = mkdtempSync(path.join(tmpdir(), "vpcep-bench-outside-"));
  const folder = path.join(scratch, "recordings");
  const [victimPartial, victimTarget] = [path.join(outside, "a.txt"), path.join(outside, "b.txt")];
  writeFileSync(victimPartial, "untouched\n");
  writeFileSync(victimTarget, "untouched\n");
  rmSync(folder, { recursive: true, force: true });
  const { mkdirSync } = await import("node:fs");
  mkdirSync(folder);
  const har = path.join(folder, "r.har");
  symlinkSync(victimPartial, `${har}.partial`);
  symlinkSync(victimTarget, har);
  let proxy;
  try {
    proxy = await startProxy(bin, ["--proxy", upstream.url, "--record", har]);
    await get(`${proxy.url}${PAGE_PATH}`);
    await proxy.stop();
  } catch (error) {
    return { error: String(error), partialOverwritten: readFileSync(victimPartial, "utf8") !== "untouched\n" };
  } finally {
    await upstream.close();
  }
  const result = {
    partialOverwritten: readFileSync(victimPartial, "utf8") !== "untouched\n",
    targetOverwritten: readFileSync(victimTarget, "utf8") !== "untouched\n",
    harValid: (() => {
      try {
        return Array.isArray(JSON.parse(readFileSync(har, "utf8")).log.entries);
      } catch {
        return false;
      }
    })(),
  };
  rmSync(scratch, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
  return result;
}

/** The rows `npm run bench` prints: memory while relaying 500 MB, 10 MB of text redacted through the proxy. */
export async function proxyBench(bin = DEFAULT_BIN) {
  const memory = await relayMemory(bin, 500 * 1024 * 1024);
  const text = await redactionThroughProxy(bin, 10_000_000, 3, ["--record-body-limit", String(16 * 1024 * 1024)]);
  return { memory, text };
}

/** @param {Awaited<ReturnType<typeof proxyBench>>} figures */
export function printProxyBench({ memory, text }) {
  const MiB = 1024 * 1024;
  console.log(
    `| vpcep-mock --proxy --record relaying a ${(memory.bytes / MiB).toFixed(0)} MiB answer: resident memory growth (peak ${(memory.peak / MiB).toFixed(0)} MiB) | ${(memory.growth / MiB).toFixed(0)} MiB (${(memory.growth / memory.bytes).toFixed(3)} of the body) | < 150 MiB |`,
  );
  console.log(
    `| the same: relay time, ${memory.received === memory.bytes ? "every byte received" : `ONLY ${memory.received} bytes received`} | ${memory.ms.toFixed(0)} ms (${(memory.bytes / MiB / (memory.ms / 1000)).toFixed(0)} MiB/s) | |`,
  );
  console.log(
    `| vpcep-mock --proxy --record: a 10 MB text answer echoing the token in three forms, relayed, redacted, recorded, then a small exchange answered (median of 3) | ${text.ms.toFixed(0)} ms (${(text.bytes / 1e6 / (text.ms / 1000)).toFixed(1)} MB/s; ${text.leaked} raw tokens in the HAR) | < 2000 ms, 0 |`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bin = process.argv[2] ?? DEFAULT_BIN;
  const only = process.argv[3];
  const run = async (/** @type {string} */ name, /** @type {() => Promise<unknown>} */ measure) => {
    if (only && only !== name) return;
    const started = performance.now();
    const figure = await measure();
    console.log(name, JSON.stringify(figure), `(${(performance.now() - started).toFixed(0)} ms)`);
  };
  await run("redaction-100KB-lines", () => redactionThroughProxy(bin, 100_000, 1));
  await run("redaction-100KB-one-word", () => redactionThroughProxy(bin, 100_000, 1, [], true));
  await run("silent-upstream", () => silentUpstream(bin, 10_000));
  await run("client-gone", () => clientGone(bin, 10_000));
  await run("har-2000", () => harCost(bin, 2000));
  await run("symlink", () => symlinkPlanted(bin));
  await run("relay-500MiB", () => relayMemory(bin, 500 * 1024 * 1024));
}
