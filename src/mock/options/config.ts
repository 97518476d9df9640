// vpcep-mock's configuration: flags, environment and files read and checked into one typed value
// before anything listens, so a mistake is reported as itself (exit 2 for the command line, 1 for a
// file) even when the port happens to be taken. The one reader of the mock's options: the bin
// (src/cli/mock.ts) gives it the command line, startMock (../start/start-mock.ts) its options as one.
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { exampleServices } from "../../document/compiled-validators.js";
import { parseUpstream, ProxyConfigError } from "../proxy/proxy.js";
import { checkSeed, type StatefulOptions } from "../stateful/stateful.js";
import { type Flags as ParsedFlags, parseFlags, portFlag, UsageError, wholeNumber } from "../../floor/flags.js";
import { CONNECTION_DEFAULTS, type ConnectionBounds } from "../listen.js";
import { readJsonFile } from "../../floor/json-file.js";
import { credentialsFromFlags, gatherCredentials } from "./credentials.js";
import { MOCK_OPTIONS, NUMERIC_FLAGS, STATEFUL_ONLY } from "./flags.js";
import { CREATING_BECOMES_SAYS, type CreatingBecomes, flagNumber, isCreatingBecomes, RULES } from "./rules.js";

export { MOCK_OPTIONS, NUMERIC_FLAGS };

type Parsed = ParsedFlags<typeof MOCK_OPTIONS, false>;
type Flags = Parsed["values"];

interface Listen {
  host: string;
  port: number;
  /** The bounds of the server vpcep-mock owns (`--max-connections`, `--*-timeout`); the rest from CONNECTION_DEFAULTS. */
  connections: ConnectionBounds;
}

/** The stateful mock's options, with what its ready line says (fault rate, seed). */
export type StatefulConfig = Listen & {
  mode: "stateful";
  options: StatefulOptions & { control: boolean };
  faultRate?: number;
  seed: number;
};
export type ProxyConfig = Listen & { mode: "proxy"; upstream: string; record?: string } & ProxyLimits;
export type PrismConfig = Listen & {
  mode: "prism";
  /** Refuse a query parameter the document does not list (`--strict-query`). */
  strictQuery: boolean;
  /** How long Prism may take to start (`--startup-timeout`). */
  startupTimeoutMs: number;
};
export type MockConfig = { mode: "help" } | { mode: "version" } | { mode: "example-data" } | PrismConfig | StatefulConfig | ProxyConfig;

/** Prism's startup wait when `--startup-timeout` is not given. */
export const DEFAULT_STARTUP_TIMEOUT_MS = 30_000;
const MAX_STARTUP_TIMEOUT_MS = 3_600_000;

export async function readMockConfig(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<MockConfig> {
  const parsed = parseFlags(argv, MOCK_OPTIONS, false, NUMERIC_FLAGS);
  const flags = parsed.values;
  if (flags.help) return { mode: "help" };
  if (flags.version) return { mode: "version" };
  checkCombinations(flags);
  if (flags["example-data"]) return { mode: "example-data" };
  const stateful = flags.stateful ? statefulFlagsOf(parsed) : undefined;
  const listenOn = { host: flags.host ?? "127.0.0.1", port: portFlag(flags.port, 4010), connections: connectionBoundsOf(flags) };
  if (flags.proxy !== undefined) return { mode: "proxy", ...listenOn, ...proxyOf(flags.proxy, flags.record), ...proxyLimitsOf(flags) };
  if (stateful) return { mode: "stateful", ...listenOn, ...(await withFiles(stateful, flags, env)) };
  const startupTimeoutMs = startupTimeoutOf(flags["startup-timeout"]);
  return { mode: "prism", ...listenOn, strictQuery: flags["strict-query"] === true, startupTimeoutMs };
}

function checkCombinations(flags: Flags): void {
  if (flags.stateful && flags.proxy !== undefined) throw new UsageError("--stateful and --proxy exclude each other");
  if (!flags.stateful) {
    const misplaced = STATEFUL_ONLY.find((name) => flags[name] !== undefined);
    if (misplaced) throw new UsageError(`--${misplaced} goes with --stateful`);
  }
  for (const name of ["record", "record-body-limit", "upstream-timeout"] as const)
    if (flags[name] !== undefined && flags.proxy === undefined) throw new UsageError(`--${name} goes with --proxy`);
  if (flags.record !== undefined && !existsSync(dirname(resolve(flags.record))))
    throw new UsageError(`--record ${flags.record}: its folder does not exist`);
  if (flags.seed !== undefined && flags.faults === undefined) throw new UsageError("--seed goes with --faults");
  if (flags["strict-query"] && flags.proxy !== undefined)
    throw new UsageError("--strict-query goes with the Prism or the stateful mock; the proxy forwards every request unchanged");
  if (flags["startup-timeout"] !== undefined && (flags.stateful || flags.proxy !== undefined))
    throw new UsageError("--startup-timeout goes with the Prism mock (the default mode)");
  if (flags["example-data"]) {
    const other = Object.keys(flags).find((name) => name !== "example-data");
    if (other) throw new UsageError(`--example-data prints the seed data and exits; it takes no --${other}`);
  }
}

function proxyOf(upstream: string, record: string | undefined): Omit<ProxyConfig, keyof Listen | "mode"> {
  try {
    parseUpstream(upstream);
  } catch (error) {
    throw error instanceof ProxyConfigError ? new UsageError(error.message) : error;
  }
  return record === undefined ? { upstream } : { upstream, record };
}

/** The proxy's bounds (src/mock/proxy/proxy.ts has the defaults). */
export interface ProxyLimits {
  recordBodyLimit?: number;
  upstreamTimeoutMs?: number;
}

/** The most the proxy keeps of a body: up to 256 MiB, which holds the largest legal page whole. */
export const MAX_RECORD_BODY_LIMIT = 256 * 1024 * 1024;
/** The longest timer Node keeps (about 24.8 days). */
const MAX_TIMEOUT_MS = 2_147_483_647;

function proxyLimitsOf(flags: Flags): ProxyLimits {
  const bounded = (name: string, value: string | undefined, min: number, max: number, unit: string) =>
    wholeNumber(name, value, min, { max, unit });
  const recordBodyLimit = bounded("record-body-limit", flags["record-body-limit"], 0, MAX_RECORD_BODY_LIMIT, "a number of bytes");
  const upstreamTimeoutMs = bounded("upstream-timeout", flags["upstream-timeout"], 1, MAX_TIMEOUT_MS, "a number of milliseconds");
  return {
    ...(recordBodyLimit === undefined ? {} : { recordBodyLimit }),
    ...(upstreamTimeoutMs === undefined ? {} : { upstreamTimeoutMs }),
  };
}

type StatefulFlags = ReturnType<typeof statefulFlagsOf>;

/** The stateful mock's flags, checked in the order they are documented. */
function statefulFlagsOf(parsed: Parsed) {
  const flags = parsed.values;
  const creatingBecomes = creatingBecomesOf(flags["creating-becomes"]);
  const faultRate = flagNumber("faults", flags.faults, RULES.faultRate, usage);
  const rateLimit = flagNumber("rate-limit", flags["rate-limit"], RULES.rateLimit, usage);
  const seed = flagNumber("seed", flags.seed, RULES.seed, usage) ?? 1;
  const creatingMs = flagNumber("creating-ms", flags["creating-ms"], RULES.lifecycleMs, usage);
  const deletingMs = flagNumber("deleting-ms", flags["deleting-ms"], RULES.lifecycleMs, usage);
  const cors = flags.cors === undefined ? undefined : corsOrigin(flags.cors);
  const lifecycle = {
    ...(creatingMs === undefined ? {} : { creatingMs }),
    ...(deletingMs === undefined ? {} : { deletingMs }),
    ...(creatingBecomes === undefined ? {} : { creatingBecomes }),
  };
  return { faultRate, rateLimit, seed, cors, lifecycle, credentials: credentialsFromFlags(parsed) };
}

/** The seed data and the credentials, read from their files and the environment once the flags hold. */
async function withFiles(
  stateful: StatefulFlags,
  flags: Flags,
  env: NodeJS.ProcessEnv,
): Promise<Omit<StatefulConfig, keyof Listen | "mode">> {
  const { faultRate, rateLimit, seed, cors, lifecycle } = stateful;
  const services = typeof flags.data === "string" ? checkSeed(await readJsonFile(flags.data, "--data"), flags.data) : [...exampleServices];
  const credentials = await gatherCredentials(stateful.credentials, flags.credentials, env);
  const options: StatefulConfig["options"] = {
    services,
    credentials,
    control: !flags["no-control"],
    strictQuery: flags["strict-query"] === true,
    ...controlTokenOf(flags, env),
    ...(cors === undefined ? {} : { cors }),
    ...(rateLimit === undefined ? {} : { rateLimit }),
    ...(faultRate === undefined ? {} : { faults: { rate: faultRate, seed } }),
    lifecycle,
  };
  return faultRate === undefined ? { options, seed } : { options, seed, faultRate };
}

/** Prism's startup wait: 1 ms to an hour (a timer cannot wait longer than about 24 days; no start needs to). */
function startupTimeoutOf(value: string | undefined): number {
  const ms = wholeNumber("startup-timeout", value, 1) ?? DEFAULT_STARTUP_TIMEOUT_MS;
  if (ms > MAX_STARTUP_TIMEOUT_MS)
    throw new UsageError(`--startup-timeout must be at most ${MAX_STARTUP_TIMEOUT_MS} (an hour), got ${JSON.stringify(value)}`);
  return ms;
}

/** `--control-token T` or VPCEP_MOCK_CONTROL_TOKEN: the control API's own token (never printed). */
function controlTokenOf(flags: Flags, env: NodeJS.ProcessEnv): { controlToken?: string } {
  const fromFlag = flags["control-token"];
  const token = fromFlag ?? env["VPCEP_MOCK_CONTROL_TOKEN"];
  if (token === undefined) return {};
  const source = fromFlag === undefined ? "VPCEP_MOCK_CONTROL_TOKEN" : "--control-token";
  if (flags["no-control"]) {
    if (fromFlag !== undefined) throw new UsageError("--control-token and --no-control exclude each other");
    return {};
  }
  if (!/^[\x21-\x7e]+$/.test(token))
    throw new UsageError(`${source} must be printable ASCII without spaces (it is sent as Authorization: Bearer <token>)`);
  return { controlToken: token };
}

const usage = (message: string): never => {
  throw new UsageError(message);
};

function creatingBecomesOf(value: string | undefined): CreatingBecomes | undefined {
  if (value === undefined || isCreatingBecomes(value)) return value;
  throw new UsageError(`--creating-becomes must be ${CREATING_BECOMES_SAYS}, got ${JSON.stringify(value)}`);
}

/** `*`, or an origin as browsers send it: scheme, host and port, nothing more. */
function corsOrigin(value: string): string {
  if (value === "*") return value;
  const origin = URL.canParse(value) ? new URL(value).origin : undefined;
  if (origin === undefined || origin === "null" || origin !== value.replace(/\/$/, "")) {
    throw new UsageError(`--cors takes * or an origin such as http://localhost:5173, got ${JSON.stringify(value)}`);
  }
  return origin;
}

// --- Connection bounds (every mode): --max-connections and the header, request and keep-alive timeouts.

/** The most connections `--max-connections` may allow (far beyond what one process serves well). */
const MAX_CONNECTIONS_LIMIT = 1_000_000;

function connectionBoundsOf(flags: Flags): ConnectionBounds {
  const number = (name: "max-connections" | "headers-timeout" | "request-timeout" | "keep-alive-timeout", max: number, unit: string) =>
    wholeNumber(name, flags[name], 1, { max, unit });
  const maxConnections = number("max-connections", MAX_CONNECTIONS_LIMIT, "a number of connections");
  const headersTimeoutMs = number("headers-timeout", MAX_TIMEOUT_MS, "a number of milliseconds");
  const requestTimeoutMs = number("request-timeout", MAX_TIMEOUT_MS, "a number of milliseconds");
  const keepAliveTimeoutMs = number("keep-alive-timeout", MAX_TIMEOUT_MS, "a number of milliseconds");
  const headers = headersTimeoutMs ?? CONNECTION_DEFAULTS.headersTimeoutMs;
  const request = requestTimeoutMs ?? CONNECTION_DEFAULTS.requestTimeoutMs;
  if (headers > request)
    throw new UsageError(
      `--headers-timeout (${headers} ms) must not be longer than --request-timeout (${request} ms): the headers are part of the request`,
    );
  return {
    ...(maxConnections === undefined ? {} : { maxConnections }),
    ...(headersTimeoutMs === undefined ? {} : { headersTimeoutMs }),
    ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
    ...(keepAliveTimeoutMs === undefined ? {} : { keepAliveTimeoutMs }),
  };
}
