// @ts-check
// The bench's floor for the mock: a bare Node HTTP server answering one fixed 10-item page, in its
// own process like the mock, printing its port.
import { createServer } from "node:http";

/** @param {number} n */
const service = (n) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  port_id: "4189d3c2-8882-4871-a3c2-d380272eed88",
  vpc_id: "4189d3c2-8882-4871-a3c2-d380272eed80",
  status: "available",
  approval_enabled: false,
  service_name: `svc-${n}`,
  server_type: "VM",
  service_type: "interface",
  ports: [{ client_port: 8080, server_port: 90, protocol: "TCP" }],
  project_id: "6e9dfd51d1124e8d8498dce894923a0d",
  created_at: "2024-01-01T00:00:00Z",
  updated_at: "2024-01-01T00:00:00Z",
});
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
