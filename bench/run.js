// @ts-check
// `npm run bench`: ratios measured side by side in one run, never absolute targets in tests.
import { gzipSync } from "node:zlib";
import { Worker } from "node:worker_threads";
import { fileURLToPath, pathToFileURL } from "node:url";
import { rolldown } from "rolldown";
import { execFileSync, spawn } from "node:child_process";
import { statSync } from "node:fs";
import { mkdtempSync, readdirSync, rmSync, writeFileSync, lstatSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { validateListEndpointServicesResponse } from "../dist/src/document/validators.js";
import { createVpcepClient } from "../dist/src/index.js";
import { findChromium, isLocal, launchChromium } from "../scripts/lib/chromium.js";
import { generatedDir, outputPath } from "../scripts/lib/paths.js";
import { mockBench, printMockBench } from "./mock.js";
import { buildCosts } from "./build-cost.js";
import { printRedactionBench, redactionBench } from "./redaction.js";
import { printProxyBench, proxyBench } from "./proxy.js";
import { controlInsertBench, printControlInsertBench } from "./control-insert.js";
import { checkScaleBench, printCheckScaleBench } from "./check-scale.js";
import { hostileBodiesBench, printHostileBodiesBench } from "./hostile-bodies.js";

const PROJECT = "6e9dfd51d1124e8d8498dce894923a0d";

/** @param {number[]} values */
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
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
  return Object.entries(samples).map(([name, times]) => ({
    name: `${name}, ${limit}-service page`,
    medianUs: median(times) * 1000,
    ratio: median(times) / bare,
  }));
}

/**
 * An app's browser bundle of `source` (an ES module importing from dist/): what it loads up front
 * (the entry and every chunk it imports statically) and what it loads on demand, minified, and
 * gzipped chunk by chunk as a server sends them.
 * @param {string} source
 */
async function bundleSize(source) {
  const scratch = mkdtempSync(path.join(tmpdir(), "vpcep-bundle-"));
  try {
    const entry = path.join(scratch, "app.js");
    const dist = fileURLToPath(new URL("../dist/src/", import.meta.url));
    writeFileSync(entry, source.replaceAll("DIST/", dist));
    const build = await rolldown({ input: entry, platform: "browser", logLevel: "silent" });
    const { output } = await build.generate({ format: "esm", minify: true });
    await build.close();
    const chunks = output.flatMap((chunk) => ("code" in chunk ? [chunk] : []));
    const initial = new Set(chunks.filter((c) => c.isEntry).map((c) => c.fileName));
    for (const chunk of chunks) if (initial.has(chunk.fileName)) chunk.imports.forEach((name) => initial.add(name));
    const measure = (/** @type {typeof chunks} */ list) => ({
      minified: list.reduce((sum, chunk) => sum + Buffer.byteLength(chunk.code), 0),
      gzipped: list.reduce((sum, chunk) => sum + gzipSync(chunk.code, { level: 9 }).length, 0),
    });
    const bundled = chunks.flatMap((c) => Object.keys(c.modules));
    return {
      entry: measure(chunks.filter((c) => initial.has(c.fileName))),
      lazy: measure(chunks.filter((c) => !initial.has(c.fileName))),
      hasOpenapiFetch: bundled.some((id) => id.includes("openapi-fetch")),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The browser bundles users get: the client alone, the whole root, and the raw openapi-fetch client. */
async function bundleSizes() {
  const client = await bundleSize('import { createVpcepClient } from "DIST/index.js";\nexport const make = createVpcepClient;\n');
  const root = await bundleSize('export * from "DIST/index.js";\n');
  const raw = await bundleSize('import { createVpcepRawClient } from "DIST/raw.js";\nexport const make = createVpcepRawClient;\n');
  if (client.hasOpenapiFetch) throw new Error("createVpcepClient's bundle must not contain openapi-fetch");
  return { client, root, raw };
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

/** A 1,000-service page validated by the exported validator and by Prism's own, side by side. */
async function validation() {
  const require = createRequire(import.meta.url);
  const prism = require("@stoplight/prism-http");
  const { validateOutput } = require("@stoplight/prism-http/dist/validator");
  const operation = (await prism.getHttpOperationsFromSpec(outputPath(generatedDir, "bundleJson"))).find(
    (/** @type {{ iid: string }} */ op) => op.iid === "listEndpointServices",
  );
  const service = (/** @type {number} */ n) => ({
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    service_name: `svc-${n}`,
    service_type: "interface",
    status: "available",
    server_type: "VM",
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
    ports: [{ client_port: 8080, server_port: 80, protocol: "TCP" }],
    tags: [{ key: "env", value: "prod" }],
  });
  const body = { endpoint_services: Array.from({ length: 1000 }, (_, n) => service(n)), total_count: 1000 };
  const headers = { "content-type": "application/json" };
  const ours = () => validateListEndpointServicesResponse(200, headers, body).valid;
  const theirs = () => validateOutput({ resource: operation, element: { statusCode: 200, headers, body } })._tag === "Right";
  if (!ours() || !theirs()) throw new Error("the benchmark page must be valid for both validators");
  /** @type {{ ours: number[], prism: number[] }} */
  const times = { ours: [], prism: [] };
  for (let round = -3; round < 40; round++) {
    for (const [name, run] of /** @type {const} */ ([
      ["ours", ours],
      ["prism", theirs],
    ])) {
      const started = performance.now();
      for (let i = 0; i < 20; i++) run();
      if (round >= 0) times[name].push((performance.now() - started) / 20);
    }
  }
  return { oursMs: median(times.ours), prismMs: median(times.prism) };
}

/** Time from starting `vpcep-mock` to its ready line (median of 3), in each mode. @param {string[]} args */
async function mockReadyMs(args) {
  const times = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const child = spawn(process.execPath, [fileURLToPath(new URL("../bin/vpcep-mock.js", import.meta.url)), "--port", "0", ...args], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, SCARF_ANALYTICS: "false" },
    });
    await new Promise((resolve) => child.stdout.on("data", (chunk) => /ready at/.test(String(chunk)) && resolve(undefined)));
    times.push(performance.now() - started);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  return median(times);
}

/** Bytes of every file below `dir`. @param {string} dir @returns {number} */
const sizeOf = (dir) =>
  readdirSync(dir).reduce((sum, name) => {
    const file = path.join(dir, name);
    const stat = lstatSync(file);
    return sum + (stat.isDirectory() ? sizeOf(file) : stat.size);
  }, 0);

/** The packed and installed sizes, and the type-check cost of importing the package's types. */
function packageCosts() {
  const repo = fileURLToPath(new URL("..", import.meta.url));
  const scratch = mkdtempSync(path.join(tmpdir(), "vpcep-bench-"));
  try {
    const npm = (/** @type {string[]} */ args, /** @type {string} */ cwd) =>
      execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8" });
    const [packed] = JSON.parse(npm(["pack", "--ignore-scripts", "--json", "--pack-destination", scratch], repo));
    writeFileSync(path.join(scratch, "package.json"), JSON.stringify({ name: "bench-consumer", private: true, type: "module" }));
    npm(["install", "--prefer-offline", path.join(scratch, packed.filename)], scratch);
    const modules = path.join(scratch, "node_modules");
    const own = sizeOf(path.join(modules, "vpcep-openapi"));
    const all = sizeOf(modules);
    const tsc = path.join(repo, "node_modules", "typescript", "bin", "tsc");
    const options = ["--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022"];
    writeFileSync(
      path.join(scratch, "with-types.ts"),
      'import type { EndpointService, ListEndpointServicesResponse } from "vpcep-openapi/types";\nexport const first = (page: ListEndpointServicesResponse): EndpointService | undefined => page.endpoint_services[0];\n',
    );
    writeFileSync(
      path.join(scratch, "without.ts"),
      "export const first = (page: { items: string[] }): string | undefined => page.items[0];\n",
    );
    /** @type {Record<string, number[]>} */
    const times = { "with-types.ts": [], "without.ts": [] };
    for (let round = -1; round < 5; round++) {
      for (const file of Object.keys(times)) {
        const started = performance.now();
        execFileSync(process.execPath, [tsc, ...options, file], { cwd: scratch });
        if (round >= 0) times[file]?.push(performance.now() - started);
      }
    }
    const withTypes = median(times["with-types.ts"] ?? []);
    const without = median(times["without.ts"] ?? []);
    return { packed: packed.size, unpacked: packed.unpackedSize, own, dependencies: all - own, withTypes, without };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const server = await startServer();
try {
  const rows = [...(await overhead(server.url, 1)), ...(await overhead(server.url, 10))];
  const size = await bundleSizes();
  const walk = await paging(server.url);
  const site = await docsSite();
  const check = await validation();
  const readyPrism = await mockReadyMs([]);
  const readyStateful = await mockReadyMs(["--stateful"]);
  const costs = packageCosts();
  const mockAtScale = await mockBench();
  const build = buildCosts();
  const redaction = redactionBench();
  const proxy = await proxyBench();
  const controlInsert = await controlInsertBench();
  const checkScale = await checkScaleBench(100_000);
  const hostileBodies = hostileBodiesBench();
  console.log("per-request time against a loopback server (median of 1,000 interleaved requests each)");
  console.log("| variant | median µs | ratio to bare fetch | target |");
  console.log("| --- | ---: | ---: | ---: |");
  for (const row of rows)
    console.log(
      `| ${row.name} | ${row.medianUs.toFixed(0)} | ${row.ratio.toFixed(3)} | ${row.name.startsWith("bare fetch") ? "" : "<= 1.10"} |`,
    );
  console.log("");
  console.log("| measure | value | target |");
  console.log("| --- | ---: | ---: |");
  console.log(
    `| browser bundle of \`import { createVpcepClient } from "vpcep-openapi"\`, loaded up front, minified | ${(size.client.entry.minified / 1000).toFixed(2)} kB | |`,
  );
  console.log(
    `| same, gzipped per chunk (everything it pulls in; no openapi-fetch) | ${(size.client.entry.gzipped / 1000).toFixed(2)} kB | <= 5 kB |`,
  );
  console.log(
    `| chunks loaded when needed (AK/SK signer, error path with masking, paging walk), gzipped | ${(size.client.lazy.gzipped / 1000).toFixed(2)} kB | |`,
  );
  console.log(`| every export of the package root, loaded up front, gzipped | ${(size.root.entry.gzipped / 1000).toFixed(2)} kB | |`);
  console.log(
    `| \`createVpcepRawClient\` from "vpcep-openapi/raw" (openapi-fetch included), gzipped | ${(size.raw.entry.gzipped / 1000).toFixed(2)} kB | |`,
  );
  console.log(`| paging 100,000 services: requests | ${walk.requests} | ${Math.ceil(walk.services / 1000)} |`);
  console.log(`| paging 100,000 services: wall time | ${walk.ms.toFixed(0)} ms | |`);
  console.log(`| API reference page weight (one self-contained HTML file) | ${(site.weight / 1024).toFixed(0)} KiB | |`);
  console.log(
    `| API reference: navigation to rendered operation, Chromium, median of 5 | ${site.renderMs === undefined ? "no Chromium on PATH" : `${site.renderMs.toFixed(0)} ms`} | |`,
  );
  console.log(`| validate a 1,000-service page: vpcep-openapi/contract, median of 40 x 20 | ${check.oursMs.toFixed(2)} ms | |`);
  console.log(`| validate the same page: Prism's validateOutput, median of 40 x 20 | ${check.prismMs.toFixed(2)} ms | |`);
  console.log(`| ratio Prism / vpcep-openapi/contract | ${(check.prismMs / check.oursMs).toFixed(1)}x | |`);
  console.log(`| vpcep-mock ready time, Prism mode (median of 3) | ${readyPrism.toFixed(0)} ms | |`);
  console.log(`| vpcep-mock ready time, --stateful (median of 3) | ${readyStateful.toFixed(0)} ms | |`);
  console.log(`| npm pack size (tarball) | ${(costs.packed / 1024).toFixed(1)} KiB | |`);
  console.log(`| installed size of vpcep-openapi | ${(costs.own / 1024).toFixed(1)} KiB | |`);
  console.log(
    `| installed size of its runtime dependencies (openapi-fetch and its helpers) | ${(costs.dependencies / 1024).toFixed(1)} KiB | |`,
  );
  console.log(`| tsc --noEmit, consumer importing vpcep-openapi/types (median of 5) | ${costs.withTypes.toFixed(0)} ms | |`);
  console.log(`| tsc --noEmit, same consumer without the import (median of 5) | ${costs.without.toFixed(0)} ms | |`);
  console.log(`| type-check ratio with / without | ${(costs.withTypes / costs.without).toFixed(2)} | <= 1.2 |`);
  printMockBench(mockAtScale);
  console.log(`| npm run build, cold (--force, empty folder, median of 3) | ${build.coldMs.toFixed(0)} ms | |`);
  console.log(
    `| the same tools one by one by hand (redocly lint, bundle, openapi-typescript, redocly build-docs, tsc), median of 3 | ${build.byHandMs.toFixed(0)} ms | |`,
  );
  console.log(`| build ratio cold / by hand | ${(build.coldMs / build.byHandMs).toFixed(2)} | <= 0.75 |`);
  console.log(`| npm run build with no change (median of 3) | ${build.unchangedMs.toFixed(0)} ms | < 500 ms |`);
  printRedactionBench(redaction);
  printProxyBench(proxy);
  printControlInsertBench(controlInsert);
  printCheckScaleBench(checkScale);
  printHostileBodiesBench(hostileBodies);
  if (walk.services !== 100_000) throw new Error(`paging yielded ${walk.services} services, not 100000`);
} finally {
  await server.stop();
}
