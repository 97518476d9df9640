// A small HTTP server on 127.0.0.1 for what a mock cannot do: changing lists, throttling,
// broken bodies, hanging answers, signature checks.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type AddressInfo, createServer as createNetServer } from "node:net";

export interface Loopback {
  url: string;
  /** Every request the server received, in order. */
  received: IncomingMessage[];
  close(): Promise<void>;
}

export async function startLoopback(handler: (req: IncomingMessage, res: ServerResponse, index: number) => void): Promise<Loopback> {
  const received: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    received.push(req);
    handler(req, res, received.length - 1);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** A fake list of services that serves pages like the provider: newest first by default. */
export function serviceList(count: number) {
  const services = Array.from({ length: count }, (_, i) => service(i));
  let created = count;
  return {
    services,
    /** Adds `n` services at the front (newest), shifting every later page. */
    insertNewest(n: number) {
      for (let i = 0; i < n; i++) services.unshift(service(created++));
    },
    page(url: URL) {
      const limit = Number(url.searchParams.get("limit") ?? 10);
      const offset = Number(url.searchParams.get("offset") ?? 0);
      return { endpoint_services: services.slice(offset, offset + limit), total_count: services.length };
    },
  };
}

function service(n: number) {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    service_name: `svc-${n}`,
    service_type: "interface",
    status: "available",
    created_at: new Date(Date.UTC(2024, 0, 1) + n * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
}

/** A port free on 127.0.0.1 a moment ago (the OS picked it, then it was closed): connecting to it is refused. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
