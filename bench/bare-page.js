// @ts-check
// The bench's floor for the mock: a bare Node HTTP server answering one fixed 10-item page, in its
// own process like the mock, printing its port.
import { createServer } from "node:http";
import { service } from "./services.js";

const page = JSON.stringify({ endpoint_services: Array.from({ length: 10 }, (_, n) => service(n)), total_count: 100_000 });
const server = createServer((_req, res) => {
  res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(page) });
  res.end(page);
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`ready at http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`);
});
process.once("SIGTERM", () => process.exit(0));
