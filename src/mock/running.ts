// What every server behind `vpcep-mock` (Prism, the stateful mock, the proxy) gives its caller,
// and the check that a port is free before one starts.
import { createServer } from "node:net";

export interface RunningMock {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** What the mock printed so far. */
  output(): string;
  /** Resolves with what went wrong if the mock ends by itself (a child process that dies), not through stop(). */
  ended?: Promise<string>;
}

/**
 * Listens on `host:port` for a moment and resolves with the port bound (the OS picks one for 0);
 * rejects with EADDRINUSE (or another code) when the port cannot be listened on.
 */
export function probePort(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(port, host, () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
