// @ts-check
// The control API at scale: 1,000,000 services POSTed to `vpcep-mock --stateful` (credentials
// configured, so the guard runs too) in batches of 100,000 (a body stays under the 64 MiB limit),
// each with `Prefer: return=minimal` (a `{"count":N}` answer, not every service echoed back),
// while another client asks for a page every 50 ms; the insert's wall time and the slowest page.
import { spawn } from "node:child_process";
import { request } from "node:http";
import { readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";

const PROJECT = "6e9dfd51d1124e8d8498dce894923a0d";
const TOTAL = 1_000_000;
const BATCH = 100_000;
const TOKEN = "bench-control-token";

/** @param {number} n */
const service = (n) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  service_name: `svc-${n}`,
  service_type: "interface",
  status: n % 7 === 0 ? "failed" : "available",
  ports: [{ client_port: 8080, server_port: 90, protocol: "TCP" }],
  created_at: new Date(Date.UTC(2020, 0, 1) + ((n * 7919) % TOTAL) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
});

/**
 * One request; resolves with the status and the time to the whole answer.
 * @param {URL} url @param {string} method @param {Record<string, string>} headers @param {string} [body]
 * @returns {Promise<{ status: number | undefined, applied: string | undefined, ms: number }>}
 */
function send(url, method, headers, body) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // A connection each: a keep-alive socket the mock closes while busy would reset the next request.
    const req = request(url, { method, headers, agent: false }, (res) => {
      res.resume();
      const applied = res.headers["preference-applied"];
      res.on("end", () => resolve({ status: res.statusCode, applied, ms: performance.now() - started }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * CPU seconds (user + system) a process has used, from /proc (Linux): on a shared machine the
 * insert's wall time includes waiting for a core, its CPU time does not.
 * @param {number | undefined} pid
 */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** @param {string} [bin] the mock's executable (another build's, to compare two side by side) */
export async function controlInsertBench(bin = fileURLToPath(new URL("../bin/vpcep-mock.js", import.meta.url))) {
  const child = spawn(process.execPath, [bin, "--stateful", "--port", "0", "--token", TOKEN], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const base = await new Promise((resolve, reject) => {
      let output = "";
      child.stdout.on("data", (chunk) => {
        output += String(chunk);
        const ready = /ready at (http:\/\/\S+)/.exec(output);
        if (ready) resolve(ready[1]);
      });
      child.once("exit", (code) => reject(new Error(`vpcep-mock exited ${code}: ${output}`)));
    });
    // The bodies are made before the clock starts, so the poller below is not held up by this process.
    const bodies = Array.from({ length: TOTAL / BATCH }, (_, b) =>
      JSON.stringify(Array.from({ length: BATCH }, (_, i) => service(b * BATCH + i))),
    );
    const auth = { "X-Auth-Token": TOKEN };
    const page = new URL(`${base}/v1/${PROJECT}/vpc-endpoint-services?limit=10&sort_key=create_at&sort_dir=desc`);
    /** @type {number[]} */
    const pages = [];
    let inserting = true;
    const poller = (async () => {
      while (inserting) {
        const { status, ms } = await send(page, "GET", auth);
        if (status !== 200) throw new Error(`a page during the insert answered ${status}`);
        pages.push(ms);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const started = performance.now();
    const loadBefore = loadavg()[0] ?? Number.NaN;
    const cpuBefore = cpuSeconds(child.pid);
    for (const body of bodies) {
      const { status, applied } = await send(
        new URL(`${base}/__mock/services`),
        "POST",
        { ...auth, "Content-Type": "application/json", Prefer: "return=minimal" },
        body,
      );
      if (status !== 201) throw new Error(`POST /__mock/services answered ${status}`);
      if (applied !== "return=minimal") throw new Error(`POST /__mock/services answered Preference-Applied: ${applied}`);
    }
    const insertMs = performance.now() - started;
    const cpuMs = (cpuSeconds(child.pid) - cpuBefore) * 1000;
    // The machine's 1-minute load average before and after: on a shared machine, wall time says little without it.
    const load = { before: loadBefore, after: loadavg()[0] ?? Number.NaN, cores: availableParallelism() };
    inserting = false;
    await poller;
    return { services: TOTAL, batch: BATCH, insertMs, cpuMs, load, pages: pages.length, slowestPageMs: Math.max(...pages) };
  } finally {
    child.kill();
  }
}

/** @param {Awaited<ReturnType<typeof controlInsertBench>>} result */
export function printControlInsertBench({ services, batch, insertMs, cpuMs, load, pages, slowestPageMs }) {
  const busy = `load average ${load.before.toFixed(1)} → ${load.after.toFixed(1)} on ${load.cores} cores`;
  console.log(
    `| control API: POST ${services.toLocaleString("en")} services in batches of ${batch.toLocaleString("en")} (token checked, \`Prefer: return=minimal\`), wall time (${busy}) | ${(insertMs / 1000).toFixed(1)} s | < 10 s |`,
  );
  console.log(`| the same insert: the mock's CPU time (user + system) | ${(cpuMs / 1000).toFixed(1)} s | < 10 s |`);
  console.log(
    `| control API: slowest of ${pages} pages asked for every 50 ms during that insert | ${slowestPageMs.toFixed(0)} ms | < 1000 ms |`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) printControlInsertBench(await controlInsertBench());
