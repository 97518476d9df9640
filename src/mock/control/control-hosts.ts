// The Host values a control call may carry, from the address the mock listens on: node:os is needed
// for a wildcard address, so this stays apart from control-guard.ts, which runs in browsers too.
import { networkInterfaces } from "node:os";

const WILDCARDS = new Set(["0.0.0.0", "::", "[::]", ""]);
const bracketed = (host: string) => (host.includes(":") && !host.startsWith("[") ? `[${host}]` : host);

/**
 * The `Host` values a control call may carry when the mock listens on `host:port`: that address,
 * and localhost, 127.0.0.1 and [::1] with the port (bare when the port is 80). On a wildcard
 * address (0.0.0.0, ::) every address of the machine's interfaces counts as its own.
 */
export function controlHosts(host: string, port: number): Set<string> {
  const names = new Set([bracketed(host.toLowerCase()), "localhost", "127.0.0.1", "[::1]"]);
  if (WILDCARDS.has(host)) {
    for (const addresses of Object.values(networkInterfaces()))
      for (const { address } of addresses ?? []) names.add(bracketed(address.toLowerCase()));
  }
  const hosts = new Set<string>();
  for (const name of names) {
    hosts.add(`${name}:${port}`);
    if (port === 80) hosts.add(name);
  }
  return hosts;
}
