// Prism mocking a document, with --errors: resolves the optional peer @stoplight/prism-cli, starts
// it on a port, waits for its "listening" line, and stops it.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { type ConnectionBounds, urlOf } from "../listen.js";
import type { QueryPolicy } from "../query.js";
import { startQueryFront } from "./query-front.js";
import { TailLog } from "./tail-log.js";
import { probePort, type RunningMock } from "../running.js";

export const PRISM_PACKAGE = "@stoplight/prism-cli";

/** The path of Prism's CLI, or undefined when the optional peer is not installed. */
export function prismBin(): string | undefined {
  const require = createRequire(import.meta.url);
  for (const base of [import.meta.url, path.join(process.cwd(), "package.json")]) {
    try {
      const manifestPath = createRequire(base).resolve(`${PRISM_PACKAGE}/package.json`);
      const manifest = require(manifestPath) as { bin: string | Record<string, string> };
      const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin["prism"];
      if (bin) return path.join(path.dirname(manifestPath), bin);
    } catch {
      // not resolvable from here
    }
  }
  return undefined;
}

/** What is kept of Prism's output: it logs every request (several lines each), so a long run keeps the last part only. */
export const PRISM_LOG_LIMIT = 256 * 1024;

export interface PrismOptions {
  document: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** How long Prism may take to print its "listening" line (default 30 s). */
  timeoutMs?: number;
  /**
   * The query policy of every mock mode: with it, Prism listens on a free loopback port behind a
   * front on `host:port` that ignores (reporting) or refuses (`strict`) unlisted query parameters.
   * Without it, Prism alone, which accepts and ignores them silently.
   */
  query?: QueryPolicy;
  /** Bounds on the front's connections (with `query`; Prism alone is not vpcep-mock's server). */
  connections?: ConnectionBounds;
  /** Stops a Prism that is still starting: it is killed, and the start rejects. */
  signal?: AbortSignal;
}

export async function startPrism(options: PrismOptions): Promise<RunningMock> {
  const { query, host = "127.0.0.1", port = 0 } = options;
  if (query === undefined) return startPrismAlone(options);
  const prism = await startPrismAlone({ ...options, host: "127.0.0.1", port: 0 });
  try {
    const front = await startQueryFront({
      upstream: { host: "127.0.0.1", port: prism.port },
      host,
      port,
      policy: query,
      ...(options.connections === undefined ? {} : { connections: options.connections }),
    });
    return {
      ...prism,
      url: front.url,
      port: front.port,
      stop: async () => {
        await front.stop();
        await prism.stop();
      },
    };
  } catch (error) {
    await prism.stop();
    throw error;
  }
}

async function startPrismAlone({ document, host = "127.0.0.1", port = 0, timeoutMs = 30_000, signal }: PrismOptions): Promise<RunningMock> {
  signal?.throwIfAborted();
  const bin = prismBin();
  if (!bin) throw new Error(`${PRISM_PACKAGE} is not installed: npm install --save-dev ${PRISM_PACKAGE}@5.14`);
  const chosen = port === 0 ? await probePort(host, 0) : port;
  const child = spawn(process.execPath, [bin, "mock", document, "--host", host, "--port", String(chosen), "--errors"], {
    env: { ...process.env, SCARF_ANALYTICS: "false" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const kept = new TailLog(PRISM_LOG_LIMIT);
  const log = () => kept.text();
  const collect = (chunk: Buffer) => kept.add(chunk.toString());
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let stopping = false;
  const stop = async () => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  const ended = exited.then(() =>
    stopping
      ? new Promise<string>(() => {})
      : `Prism stopped by itself (${child.signalCode ?? `exit code ${child.exitCode}`}):\n${log().slice(-2000)}`,
  );
  let aborted = () => {};
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`Prism did not start within ${timeoutMs} ms:\n${log()}`));
    }, timeoutMs);
    // Read until the line comes (it may span two chunks), then never again: the log is long.
    const listening = () => {
      if (!/Prism is listening on/.test(log())) return;
      child.stdout.off("data", listening);
      clearTimeout(timer);
      resolve();
    };
    child.stdout.on("data", listening);
    aborted = () => {
      clearTimeout(timer);
      void stop();
      reject(new Error("stopped before Prism was listening"));
    };
    signal?.addEventListener("abort", aborted, { once: true });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited with code ${code} before listening:\n${log()}`));
    });
  }).finally(() => signal?.removeEventListener("abort", aborted));
  return { url: urlOf(host, chosen), port: chosen, stop, output: log, ended };
}
