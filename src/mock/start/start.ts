// Starting a configured mock (Prism, the stateful mock or the proxy) and printing its ready line:
// what the bin (src/cli/mock.ts) and startMock (start-mock.ts) both run once the options are read
// (../options/config.ts). Node only.
import { bundledDocumentPath, packageVersion } from "../../floor/package-files.js";
import type { PrismConfig, ProxyConfig, StatefulConfig } from "../options/config.js";
import { startPrism } from "../prism/prism.js";
import { startProxy } from "../proxy/proxy.js";
import { probePort, type RunningMock } from "../running.js";
import { type StatefulMock, startStatefulMock } from "../stateful/stateful.js";
import { createUnlistedReporter } from "../unlisted.js";

export type ServerConfig = PrismConfig | StatefulConfig | ProxyConfig;

/** Where the mock's lines go: the ready line, and its warnings and refusals. */
export interface StartIo {
  print: (line: string) => void;
  printError: (line: string) => void;
}

/** Why the host and port cannot be listened on, or undefined (port 0 probes the host alone). */
export async function portProblem({ host, port }: ServerConfig): Promise<string | undefined> {
  try {
    await probePort(host, port);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    if (code === "EADDRINUSE") return `port ${port} on ${host} is already in use; choose another with --port`;
    if (code === "EACCES") return `port ${port} on ${host} needs privileges this process lacks (EACCES); choose another with --port`;
    const why =
      code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME"
        ? "no such host"
        : code === "EADDRNOTAVAIL"
          ? "not an address of this machine"
          : "the system refused it";
    return `--host ${JSON.stringify(host)} cannot be listened on: ${why} (${code}); give an address of this machine such as 127.0.0.1`;
  }
}

/** Starts the server and prints its ready line; `signal` stops a Prism still booting (the start then rejects). */
export async function start(
  config: ServerConfig,
  { print, printError }: StartIo,
  signal?: AbortSignal,
): Promise<RunningMock | StatefulMock> {
  const { host, port, connections } = config;
  if (config.mode === "stateful") {
    const onInvalidAnswer = (problems: string[]) => printError(`vpcep-mock: refused an invalid answer: ${problems.join("; ")}`);
    const onWarning = (line: string) => printError(`vpcep-mock: ${line}`);
    const mock = await startStatefulMock({ ...config.options, host, port, connections, onInvalidAnswer, onWarning });
    print(
      `vpcep-mock: ready at ${mock.url} (stateful, ${config.options.services.length} service${config.options.services.length === 1 ? "" : "s"}; ${statefulExtras(config, mock).join("; ")})`,
    );
    return mock;
  }
  if (config.mode === "proxy") {
    const record = config.record === undefined ? {} : { record: config.record };
    const limits = {
      ...(config.recordBodyLimit === undefined ? {} : { recordBodyLimit: config.recordBodyLimit }),
      ...(config.upstreamTimeoutMs === undefined ? {} : { upstreamTimeoutMs: config.upstreamTimeoutMs }),
    };
    const proxy = await startProxy({
      upstream: config.upstream,
      host,
      port,
      connections,
      version: packageVersion(),
      ...record,
      ...limits,
      onViolation: printError,
    });
    print(`vpcep-mock: ready at ${proxy.url} (${proxy.description})`);
    return proxy;
  }
  const query = { strict: config.strictQuery, onUnlisted: createUnlistedReporter((line) => printError(`vpcep-mock: ${line}`)) };
  const prism = await startPrism({
    document: bundledDocumentPath("yaml"),
    host,
    port,
    connections,
    timeoutMs: config.startupTimeoutMs,
    query,
    ...(signal === undefined ? {} : { signal }),
  });
  print(`vpcep-mock: ready at ${prism.url} (Prism, --errors${config.strictQuery ? ", --strict-query" : ""})`);
  return prism;
}

function statefulExtras({ options, faultRate, seed }: StatefulConfig, mock: { url: string; description: string }): string[] {
  return [
    mock.description,
    options.rateLimit === undefined ? undefined : `rate limit ${options.rateLimit}/s per credential`,
    faultRate === undefined ? undefined : `faults in ${faultRate} of requests, seed ${seed}`,
    options.control ? `control API at ${mock.url}/__mock/${controlGuardOf(options)}` : "control API off",
    options.cors === undefined ? undefined : `CORS for ${options.cors}`,
    options.strictQuery ? "--strict-query" : undefined,
  ].filter((extra): extra is string => extra !== undefined);
}

/** How the ready line describes the control API's guard (never a credential). */
function controlGuardOf({ credentials, controlToken }: StatefulConfig["options"]): string {
  const configured = (credentials?.tokens?.length ?? 0) + (credentials?.keys?.length ?? 0) > 0;
  if (controlToken !== undefined) return configured ? " (needs a credential or the control token)" : " (needs the control token)";
  return configured ? " (needs a credential)" : " (open: no credentials configured)";
}
