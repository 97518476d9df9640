// Starting and stopping the mock's HTTP servers (stateful, proxy, the query front before Prism) the
// same way, each with bounds on its connections: how many at once, and how long a caller may take
// to send its headers, its whole request, or nothing between two requests on one connection.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Listening {
  url: string;
  port: number;
  /** Closes the server and its open keep-alive connections, so that stopping never waits on a client. */
  stop(): Promise<void>;
}

export interface ConnectionBounds {
  /** Connections open at once; one more is closed as soon as it is accepted. */
  maxConnections?: number;
  /** How long a caller may take to send a request's headers (a connection that sends nothing included); then 408 and closed. */
  headersTimeoutMs?: number;
  /** How long a caller may take to send a whole request, body included; then 408 and closed. */
  requestTimeoutMs?: number;
  /** How long a keep-alive connection may stay idle between two requests; then closed. */
  keepAliveTimeoutMs?: number;
}

/** The bounds of every server vpcep-mock owns, unless its flags or options say otherwise. */
export const CONNECTION_DEFAULTS: Required<ConnectionBounds> = {
  maxConnections: 1000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
};

/** Node checks the header and request timeouts on a timer (30 s unless told); at most this often, so a timeout is late by at most this much. */
const MAX_CHECK_INTERVAL_MS = 1_000;

/** Applies `bounds` (the rest from CONNECTION_DEFAULTS) to a server that is not listening yet. */
export function boundConnections(server: Server, bounds: ConnectionBounds = {}): void {
  const { maxConnections, headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs } = { ...CONNECTION_DEFAULTS, ...bounds };
  server.maxConnections = maxConnections;
  server.headersTimeout = headersTimeoutMs;
  server.requestTimeout = Math.max(requestTimeoutMs, headersTimeoutMs);
  server.keepAliveTimeout = keepAliveTimeoutMs;
  // Read when the server starts listening (not a documented option after construction, but a plain property).
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(
    1,
    Math.min(MAX_CHECK_INTERVAL_MS, Math.floor(headersTimeoutMs / 4)),
  );
}

/** `http://host:port`, with an IPv6 address in brackets. */
export const urlOf = (host: string, port: number) => `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

/** Listens on `host:port` (0 for a free port), with its connections bounded, and says where. */
export async function listen(server: Server, host: string, port: number, bounds: ConnectionBounds = {}): Promise<Listening> {
  boundConnections(server, bounds);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: urlOf(host, bound),
    port: bound,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
