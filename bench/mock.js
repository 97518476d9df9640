// @ts-check
// The stateful mock at scale, side by side in one run (autocannon): `limit=10` throughput with
// 100,000 services loaded vs a bare Node server answering a fixed 10-item page and vs Prism on the
// same request; walking all 100,000 at limit=1000; load time and memory.
import { spawn } from "node:child_process";
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const PROJECT = "6e9dfd51d1124e8d8498dce894923a0d";
const TOTAL = 100_000;
const PAGE_PATH = `/v1/${PROJECT}/vpc-endpoint-services?limit=10`;
const HEADERS = { "X-Auth-Token": "bench-token" };

/** @param {number} n */
const service = (n) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  port_id: "4189d3c2-8882-4871-a3c2-d380272eed88",
  vpc_id: "4189d3c2-8882-4871-a3c2-d380272eed80",
  status: n % 7 === 0 ? "failed" : "available",
  approval_enabled: false,
  service_name: `svc-${n}`,
  server_type: "VM",
  service_type: "interface",
  ports: [{ client_port: 8080, server_port: 90, protocol: "TCP" }],
  project_id: PROJECT,
  created_at: new Date(Date.UTC(2020, 0, 1) + n * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
  updated_at: new Date(Date.UTC(2021, 0, 1) + ((n * 7919) % TOTAL) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
});

/**
 * Starts a process that prints `ready at <url>`; resolves with its url, pid and time to ready.
 * @param {string[]} args
 */
async function startProcess(args) {
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, SCARF_ANALYTICS: "false" } });
  let output = "";
  const url = await new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      output += String(chunk);
      const ready = /ready at (http:\/\/\S+)/.exec(output);
      if (ready) resolve(ready[1]);
    });
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited ${code}: ${output}`)));
  });
  const readyMs = performance.now() - started;
  return {
    url: /** @type {string} */ (url),
    readyMs,
    /** Resident memory of the process, from /proc (Linux), in MiB. */
    rssMiB: () => {
      try {
        const kib = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1]);
        return kib / 1024;
      } catch {
        return Number.NaN;
      }
    },
    stop: () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      return exited;
    },
  };
}

/** @param {string} url @param {number} seconds */
async function throughput(url, seconds) {
  const result = await autocannon({ url: `${url}${PAGE_PATH}`, headers: HEADERS, connections: 10, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.average;
}

/**
 * Walks every service at limit=1000, as a caller's paging loop does; `parse: false` reads the
 * bodies without parsing them, to show the mock's share of the time.
 * @param {string} url @param {boolean} parse
 */
async function walk(url, parse) {
  const started = performance.now();
  let seen = 0;
  for (let offset = 0; offset < TOTAL; offset += 1000) {
    const response = await fetch(`${url}/v1/${PROJECT}/vpc-endpoint-services?limit=1000&offset=${offset}&sort_key=update_at`, {
      headers: HEADERS,
    });
    if (parse) seen += /** @type {{ endpoint_services: unknown[] }} */ (await response.json()).endpoint_services.length;
    else seen += (await response.text()).length > 0 ? 1000 : 0;
  }
  return { ms: performance.now() - started, seen };
}

export async function mockBench() {
  const bin = fileURLToPath(new URL("../bin/vpcep-mock.js", import.meta.url));
  const scratch = mkdtempSync(path.join(tmpdir(), "vpcep-mock-bench-"));
  /** @type {{ stop: () => Promise<unknown> }[]} */
  const running = [];
  try {
    const data = path.join(scratch, "services.json");
    writeFileSync(data, JSON.stringify(Array.from({ length: TOTAL }, (_, n) => service(n))));
    const small = await startProcess([bin, "--stateful", "--port", "0"]);
    running.push(small);
    const smallRss = small.rssMiB();
    const mock = await startProcess([bin, "--stateful", "--port", "0", "--data", data]);
    running.push(mock);
    const bare = await startProcess([fileURLToPath(new URL("./bare-page.js", import.meta.url))]);
    running.push(bare);
    const prism = await startProcess([bin, "--port", "0"]);
    running.push(prism);

    /** @type {Record<string, number[]>} */
    const rates = { bare: [], mock: [], prism: [] };
    const targets = /** @type {const} */ ([
      ["bare", bare.url],
      ["mock", mock.url],
      ["prism", prism.url],
    ]);
    for (const [, url] of targets) await throughput(url, 1); // warm-up
    for (let round = 0; round < 2; round++) {
      for (const [name, url] of targets) rates[name]?.push(await throughput(url, 4));
    }
    const mean = (/** @type {number[]} */ values) => values.reduce((a, b) => a + b, 0) / values.length;
    const walked = await walk(mock.url, true);
    const walkedUnparsed = await walk(mock.url, false);
    const result = {
      bare: mean(rates["bare"] ?? []),
      mock: mean(rates["mock"] ?? []),
      prism: mean(rates["prism"] ?? []),
      walkMs: walked.ms,
      walkUnparsedMs: walkedUnparsed.ms,
      walked: walked.seen,
      readyMs: mock.readyMs,
      smallReadyMs: small.readyMs,
      rssMiB: mock.rssMiB(),
      smallRssMiB: smallRss,
      dataMiB: Buffer.byteLength(readFileSync(data)) / 1024 / 1024,
    };
    if (result.walked !== TOTAL) throw new Error(`the walk saw ${result.walked} services, not ${TOTAL}`);
    return result;
  } finally {
    await Promise.all(running.map((process) => process.stop()));
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** @param {Awaited<ReturnType<typeof mockBench>>} r */
export function printMockBench(r) {
  console.log("");
  console.log("vpcep-mock --stateful with 100,000 services (autocannon, 10 connections, 2 rounds of 4 s, interleaved)");
  console.log("| measure | value | target |");
  console.log("| --- | ---: | ---: |");
  console.log(`| limit=10: bare Node server, fixed 10-item page | ${r.bare.toFixed(0)} req/s | |`);
  console.log(`| limit=10: stateful mock, 100,000 services | ${r.mock.toFixed(0)} req/s | |`);
  console.log(`| limit=10: Prism (vpcep-mock default mode) | ${r.prism.toFixed(0)} req/s | |`);
  console.log(`| ratio mock / bare server | ${(r.mock / r.bare).toFixed(2)} | >= 0.33 |`);
  console.log(`| ratio mock / Prism | ${(r.mock / r.prism).toFixed(1)}x | >= 4x |`);
  console.log(
    `| walk all 100,000 at limit=1000 (100 requests, sort_key=update_at, fetch + JSON.parse) | ${r.walkMs.toFixed(0)} ms | < 2000 ms |`,
  );
  console.log(`| same walk, bodies read as text without parsing (the mock's share) | ${r.walkUnparsedMs.toFixed(0)} ms | |`);
  console.log(
    `| ready time with 100,000 services (${r.dataMiB.toFixed(1)} MiB of JSON; process start, read, validate, index) | ${r.readyMs.toFixed(0)} ms | |`,
  );
  console.log(`| ready time with the 5 example services | ${r.smallReadyMs.toFixed(0)} ms | |`);
  console.log(`| resident memory with 100,000 services, after the runs | ${r.rssMiB.toFixed(0)} MiB | |`);
  console.log(`| resident memory with the 5 example services | ${r.smallRssMiB.toFixed(0)} MiB | |`);
  const failed = [
    r.mock / r.bare < 1 / 3 && "mock / bare < 0.33",
    r.mock / r.prism < 4 && "mock / Prism < 4",
    r.walkMs >= 2000 && "walk >= 2 s",
  ].filter(Boolean);
  if (failed.length > 0) console.log(`| missed | ${failed.join("; ")} | |`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) printMockBench(await mockBench());
