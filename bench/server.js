// @ts-check
// The loopback server of the benchmarks, run in a worker thread so that it does not share the
// client's event loop: a fixed small page, and a list of 100,000 services served by offset.
import { createServer } from "node:http";
import { parentPort } from "node:worker_threads";
import { service } from "./services.js";

const TOTAL = 100_000;

/** Small pages (limit 1 to 10) are precomputed, so the server's own cost stays constant. */
const smallPages = Array.from({ length: 11 }, (_, size) =>
  JSON.stringify({ endpoint_services: Array.from({ length: size }, (_, n) => service(n)), total_count: 10 }),
);

const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  if (url.searchParams.get("endpoint_service_name") === "large") {
    const limit = Number(url.searchParams.get("limit") ?? 10);
    const offset = Number(url.searchParams.get("offset") ?? 0);
    const items = [];
    for (let n = offset; n < Math.min(TOTAL, offset + limit); n++) items.push(service(n));
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ endpoint_services: items, total_count: TOTAL }));
    return;
  }
  const page = smallPages[Math.min(10, Number(url.searchParams.get("limit") ?? 10))] ?? "";
  res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(page) });
  res.end(page);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  parentPort?.postMessage(typeof address === "object" && address ? address.port : 0);
});
