// @ts-check
// Starts Prism mocking a document, waits until it listens, and stops it. Shared by `npm run mock`
// and the test suite's global setup.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { prismBin } from "./tools.js";

/** Asks the OS for a free TCP port on `host`. @param {string} host @returns {Promise<number>} */
export function freePort(host) {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * @typedef {{ url: string, port: number, stop: () => Promise<void>, output: () => string }} RunningPrism
 * @param {{ document: string, host?: string, port?: number, timeoutMs?: number, echo?: boolean }} options
 *   `port` 0 (the default) picks a free port.
 * @returns {Promise<RunningPrism>}
 */
export async function startPrism({ document, host = "127.0.0.1", port = 0, timeoutMs = 30_000, echo = false }) {
  const chosen = port === 0 ? await freePort(host) : port;
  const child = spawn(
    process.execPath,
    [prismBin(), "mock", document, "--host", host, "--port", String(chosen), "--errors"],
    { env: { ...process.env, SCARF_ANALYTICS: "false" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  const collect = (/** @type {Buffer} */ chunk) => {
    log += chunk.toString();
    if (echo) process.stdout.write(chunk);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise((resolve) => child.once("exit", resolve));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };

  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`Prism did not start within ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    const onData = () => {
      if (/Prism is listening on/.test(log)) {
        clearTimeout(timer);
        resolve(undefined);
      }
    };
    child.stdout.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited with code ${code} before listening:\n${log}`));
    });
  });
  return { url: `http://${host}:${chosen}`, port: chosen, stop, output: () => log };
}
