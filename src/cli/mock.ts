// vpcep-mock: the contract's mock server. By default Prism serving the bundled document with
// --errors; with --stateful, the stateful mock (credentials, throttling, faults, time, control API);
// with --proxy, a recording, validating proxy to a real endpoint. `main` reads the configuration
// (src/mock/options/config.ts), then runs it: checks the port, starts the server (src/mock/start/start.ts,
// which startMock runs too), waits for a signal.
import { PRISM_PACKAGE } from "../mock/prism/prism.js";
import type { RunningMock } from "../mock/running.js";
import { CONNECTION_DEFAULTS } from "../mock/listen.js";
import { DEFAULT_STARTUP_TIMEOUT_MS, type MockConfig, readMockConfig } from "../mock/options/config.js";
import { portProblem, type ServerConfig, start } from "../mock/start/start.js";
import { exampleServices } from "../document/compiled-validators.js";
import { UsageError } from "../floor/flags.js";
import { type CliIo, ioOf, type Printer } from "./io.js";
import { packageVersion } from "../floor/package-files.js";

export { MOCK_OPTIONS } from "../mock/options/flags.js";

const USAGE = `usage: vpcep-mock [--host 127.0.0.1] [--port 4010] [--strict-query] [--stateful [options] | --proxy URL [--record FILE] [options]]
       vpcep-mock --example-data > services.json

  (default)                 Prism serving the contract, with --errors (needs ${PRISM_PACKAGE})
    --startup-timeout MS    how long Prism may take to start (default ${DEFAULT_STARTUP_TIMEOUT_MS}); beyond it, exit 1
  --host HOST               address to listen on (default 127.0.0.1)
  --port N                  port to listen on, 0 for any free one (default 4010)
  --strict-query            refuse a query parameter the document does not list with 400 EndPoint.0002
                            (Prism and stateful modes); by default it is ignored, as by the service, and
                            named once on stderr (its value never)
  --example-data            print a valid seed file for --data (the document's example services) and exit
  --help                    this text
  --version                 the package version

  --stateful                filters, sorts and pages seed data like the provider; every answer is validated
    --data FILE             seed data: a JSON array of services, or a page { "endpoint_services": [...] };
                            default: the services of the document's examples
    --token T               accept this X-Auth-Token (repeatable)
    --access-key AK         accept requests signed with this key pair (repeatable, each followed by
    --secret-key SK           its --secret-key and, for temporary keys, --security-token)
    --security-token ST
    --credentials FILE      JSON { "tokens": [...], "keys": [{ "access_key", "secret_key", "security_token"? }] }
                            Environment: VPCEP_MOCK_TOKENS (comma-separated), VPCEP_MOCK_ACCESS_KEY,
                            VPCEP_MOCK_SECRET_KEY, VPCEP_MOCK_SECURITY_TOKEN.
                            With any credential, requests are checked like the gateway (401 APIGW.0301,
                            APIGW.0303 beyond 15 minutes of clock skew); without, any credential passes.
    --rate-limit N          requests per second per credential; beyond: 429 APIGW.0308
    --faults RATE           inject faults into RATE (0 to 1) of the requests: reset, truncate, html-502,
                            delay, slow-body, 429, 500, 504
    --seed N                the seed of --faults (default 1): the same seed, the same faults
    --creating-ms MS        a "creating" service becomes available after MS
    --creating-becomes S    what it becomes: available (default) or failed
    --deleting-ms MS        a "deleting" service disappears after MS
    --no-control            turn off the control API (/__mock/services, /__mock/clock, /__mock/reset)
    --control-token T       a token for the control API alone: Authorization: Bearer T
                            (environment: VPCEP_MOCK_CONTROL_TOKEN). The control API is guarded: with
                            --token/--access-key/--credentials or --control-token, a control call needs
                            one of them (401 otherwise); without any, it is open. Always: Host must be
                            the mock's address or localhost/127.0.0.1/[::1] with its port (421
                            otherwise), no call from a page on another origin (Sec-Fetch-Site,
                            Origin: 403), a POST or PATCH body is application/json (415; a POST
                            without a body needs no Content-Type), no preflight is answered (405), a body over 64 MiB gets 413, nesting deeper
                            than 64 levels 400.
    --cors ORIGIN           answer browsers from ORIGIN (\`*\` for any) with CORS headers and preflights (off by default)
                            Per request: Prefer: code=<status>[, example=<name>] | fault=reset|truncate|
                            html-502|delay=<ms>|slow-body[=<ms>]; code= takes every documented status,
                            those of the default response (405-409, 501-503) included

  --proxy URL               forward every request to URL unchanged, report contract violations on stderr
    --record FILE           record the exchanges as HAR 1.2, secrets masked (the caller's credentials in
                            every form, also where the upstream echoes them); written through a new
                            temporary file renamed over FILE at most once a second and on stop
    --record-body-limit N   keep at most N bytes of each body, 0 to 268435456 (default 1048576): bodies
                            stream through whole, the HAR notes a truncation, and an answer larger than
                            N is not validated (said on stderr)
    --upstream-timeout MS   fail an exchange when the upstream sends nothing for MS (default 60000):
                            504 vpcep-mock.upstream-timeout, or the answer cut if it had begun

  Connections (every mode; the server vpcep-mock owns: the stateful mock, the proxy, the front before Prism)
  --max-connections N       connections open at once (default ${CONNECTION_DEFAULTS.maxConnections}); one more is closed at once
  --headers-timeout MS      time to send a request's headers, silence included (default ${CONNECTION_DEFAULTS.headersTimeoutMs}); then 408, closed
  --request-timeout MS      time to send a whole request, body included (default ${CONNECTION_DEFAULTS.requestTimeoutMs}); then 408, closed
  --keep-alive-timeout MS   idle time between two requests on one connection (default ${CONNECTION_DEFAULTS.keepAliveTimeoutMs}); then closed`;

export async function main(
  argv: readonly string[],
  env = process.env,
  print: Printer = console.log,
  printError: Printer = console.error,
): Promise<number> {
  const io = ioOf(env, print, printError);
  let config: MockConfig;
  try {
    config = await readMockConfig(argv, io.env);
  } catch (error) {
    return failed(io, error);
  }
  if (config.mode === "help" || config.mode === "version") {
    print(config.mode === "help" ? USAGE : packageVersion());
    return 0;
  }
  if (config.mode === "example-data") {
    print(JSON.stringify(exampleServices, null, 2));
    return 0;
  }
  return run(config, io);
}

/** Exit 2 with the usage for a usage error; 1 with the message for anything else. */
function failed({ printError }: CliIo, error: unknown): number {
  if (error instanceof UsageError) {
    printError(`vpcep-mock: ${error.message}\n${USAGE}`);
    return 2;
  }
  printError(`vpcep-mock: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
}

async function run(config: ServerConfig, io: CliIo): Promise<number> {
  const busy = await portProblem(config);
  if (busy) {
    io.printError(`vpcep-mock: ${busy}`);
    return 1;
  }
  // Listened for before anything starts: a signal while Prism boots (seconds) stops that Prism too,
  // instead of ending this process and leaving it running.
  const signalled = stopSignals();
  try {
    let running: RunningMock;
    try {
      running = await start(config, io, signalled.signal);
    } catch (error) {
      if (!signalled.signal.aborted) return failed(io, error);
      io.print("vpcep-mock: stopped");
      return 0;
    }
    const failure = await Promise.race([signalled.stopped, running.ended ?? new Promise<never>(() => {})]);
    if (failure !== undefined) {
      io.printError(`vpcep-mock: ${failure}`);
      // What is left of it (the front before a Prism that died) would keep the process alive.
      await running.stop();
      return 1;
    }
    await running.stop();
    io.print("vpcep-mock: stopped");
    return 0;
  } finally {
    signalled.dispose();
  }
}

/** SIGINT and SIGTERM as an abort signal and a promise (resolved with undefined); `dispose` stops listening. */
function stopSignals(): { signal: AbortSignal; stopped: Promise<undefined>; dispose: () => void } {
  const controller = new AbortController();
  let stop: () => void = () => {};
  const stopped = new Promise<undefined>((resolve) => {
    stop = () => {
      controller.abort();
      resolve(undefined);
    };
  });
  const signals = ["SIGINT", "SIGTERM"] as const;
  for (const signal of signals) process.once(signal, stop);
  return { signal: controller.signal, stopped, dispose: () => signals.forEach((signal) => process.off(signal, stop)) };
}
