// @ts-check
// `npm run bench`: ratios measured side by side in one run, never absolute targets in tests.
import { gzipSync } from "node:zlib";
import { Worker } from "node:worker_threads";
import { fileURLToPath, pathToFileURL } from "node:url";
import { rolldown } from "rolldown";
import { statSync } from "node:fs";
import { createVpcepClient } from "../dist/src/index.js";
import { findChromium, isLocal, launchChromium } from "../scripts/lib/chromium.js";
import { generatedDir, outputPath } from "../scripts/lib/paths.js";

const PROJECT = "6e9dfd51d1124e8d8498dce894923a0d";

/** @param {number[]} values */
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] ?? 0 : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

async function startServer() {
  const worker = new Worker(new URL("./server.js", import.meta.url));
  const port = await new Promise((resolve) => worker.once("message", resolve));
  return { url: `http://127.0.0.1:${port}`, stop: () => worker.terminate() };
}

/**
 * Per-request time of each variant, interleaved in rounds so that machine noise hits all alike.
 * @param {string} baseUrl @param {number} limit services per page (the server sends that many)
 */
async function overhead(baseUrl, limit) {
  const url = `${baseUrl}/v1/${PROJECT}/vpc-endpoint-services?limit=${limit}`;
  const token = createVpcepClient({ projectId: PROJECT, baseUrl, auth: { token: "bench-token" }, retry: false });
  const aksk = createVpcepClient({ projectId: PROJECT, baseUrl, auth: { accessKey: "BENCHAK", secretKey: "BENCHSK" }, retry: false });
  /** @type {Record<string, () => Promise<unknown>>} */
  const variants = {
    "bare fetch": async () => (await fetch(url, { headers: { "X-Auth-Token": "bench-token" } })).json(),
    "client, token": () => token.listEndpointServices({ limit }),
    "client, AK/SK": () => aksk.listEndpointServices({ limit }),
  };
  /** @type {Record<string, number[]>} */
  const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  const rounds = 20;
  const perRound = 50;
  for (let round = -4; round < rounds; round++) {
    for (const [name, run] of Object.entries(variants)) {
      for (let i = 0; i < perRound; i++) {
        const started = performance.now();
        await run();
        if (round >= 0) samples[name]?.push(performance.now() - started);
      }
    }
  }
  const bare = median(samples["bare fetch"] ?? []);
  return Object.entries(samples).map(([name, times]) => ({ name: `${name}, ${limit}-service page`, medianUs: median(times) * 1000, ratio: median(times) / bare }));
}

/** The package root bundled for the browser: the entry chunk, and the chunks it loads on demand. */
async function bundleSize() {
  const entry = fileURLToPath(new URL("../dist/src/index.js", import.meta.url));
  const build = await rolldown({ input: entry, platform: "browser", logLevel: "silent" });
  const { output } = await build.generate({ format: "esm", minify: true });
  await build.close();
  const chunks = output.flatMap((chunk) => ("code" in chunk ? [chunk] : []));
  // What a page loads up front: the entry and every chunk it imports statically.
  const initial = new Set(chunks.filter((c) => c.isEntry).map((c) => c.fileName));
  for (const chunk of chunks) if (initial.has(chunk.fileName)) chunk.imports.forEach((name) => initial.add(name));
  const measure = (/** @type {typeof chunks} */ list) => ({
    minified: list.reduce((sum, chunk) => sum + Buffer.byteLength(chunk.code), 0),
    gzipped: list.reduce((sum, chunk) => sum + gzipSync(chunk.code, { level: 9 }).length, 0),
  });
  return { entry: measure(chunks.filter((c) => initial.has(c.fileName))), lazy: measure(chunks.filter((c) => !initial.has(c.fileName))) };
}

async function paging(baseUrl) {
  const client = createVpcepClient({ projectId: PROJECT, baseUrl, auth: { token: "bench-token" } });
  const started = performance.now();
  const pages = client.paginateEndpointServices({ endpoint_service_name: "large" });
  let count = 0;
  for await (const _ of pages) count++;
  return { services: count, requests: pages.requestCount, ms: performance.now() - started };
}

/** The reference site: its weight, and the time from navigation to the rendered operation (median of 5). */
async function docsSite() {
  const file = outputPath(generatedDir, "docs");
  const weight = statSync(file).size;
  const executable = findChromium();
  if (!executable) return { weight, renderMs: undefined };
  const browser = await launchChromium(executable);
  try {
    const times = [];
    for (let i = 0; i < 5; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.route("**/*", (route) => (isLocal(route.request().url()) ? route.continue() : route.abort()));
      const started = performance.now();
      await page.goto(`${pathToFileURL(file).href}#/vpc-endpoint-services/listendpointservices`);
      await page.getByRole("heading", { name: "Query VPC endpoint services" }).first().waitFor();
      times.push(performance.now() - started);
      await page.close();
    }
    return { weight, renderMs: median(times) };
  } finally {
    await browser.close();
  }
}

const server = await startServer();
try {
  const rows = [...(await overhead(server.url, 1)), ...(await overhead(server.url, 10))];
  const size = await bundleSize();
  const walk = await paging(server.url);
  const site = await docsSite();
  console.log("per-request time against a loopback server (median of 1,000 interleaved requests each)");
  console.log("| variant | median µs | ratio to bare fetch | target |");
  console.log("| --- | ---: | ---: | ---: |");
  for (const row of rows) console.log(`| ${row.name} | ${row.medianUs.toFixed(0)} | ${row.ratio.toFixed(3)} | ${row.name.startsWith("bare fetch") ? "" : "<= 1.10"} |`);
  console.log("");
  console.log("| measure | value | target |");
  console.log("| --- | ---: | ---: |");
  console.log(`| browser bundle of the package root, loaded up front, minified | ${(size.entry.minified / 1000).toFixed(2)} kB | |`);
  console.log(`| same, gzipped per chunk (openapi-fetch included) | ${(size.entry.gzipped / 1000).toFixed(2)} kB | <= 5 kB |`);
  console.log(`| AK/SK signing chunk, loaded on first signed request, gzipped | ${(size.lazy.gzipped / 1000).toFixed(2)} kB | |`);
  console.log(`| paging 100,000 services: requests | ${walk.requests} | ${Math.ceil(walk.services / 1000)} |`);
  console.log(`| paging 100,000 services: wall time | ${walk.ms.toFixed(0)} ms | |`);
  console.log(`| API reference page weight (one self-contained HTML file) | ${(site.weight / 1024).toFixed(0)} KiB | |`);
  console.log(`| API reference: navigation to rendered operation, Chromium, median of 5 | ${site.renderMs === undefined ? "no Chromium on PATH" : `${site.renderMs.toFixed(0)} ms`} | |`);
  if (walk.services !== 100_000) throw new Error(`paging yielded ${walk.services} services, not 100000`);
} finally {
  await server.stop();
}
