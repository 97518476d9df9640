// vpcep-mock's configuration: flags, environment and files read and checked into one typed value
// before anything listens, so a mistake is reported as itself (exit 2 for the command line, 1 for a
// file) even when the port happens to be taken.
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { exampleServices } from "../../generated/contract-validators.js";
import { parseUpstream, ProxyConfigError } from "../mock/proxy.js";
import { checkSeed, type StatefulOptions } from "../mock/stateful.js";
import { type Flags as ParsedFlags, parseFlags, portFlag, UsageError, wholeNumber } from "./args.js";
import { readJsonFile } from "./json-file.js";
import { credentialsFromFlags, gatherCredentials } from "./mock-credentials.js";

export const MOCK_OPTIONS = {
  host: { type: "string" },
  port: { type: "string" },
  help: { type: "boolean" },
  version: { type: "boolean" },
  stateful: { type: "boolean" },
  data: { type: "string" },
  token: { type: "string", multiple: true },
  "access-key": { type: "string", multiple: true },
  "secret-key": { type: "string", multiple: true },
  "security-token": { type: "string", multiple: true },
  credentials: { type: "string" },
  "rate-limit": { type: "string" },
  faults: { type: "string" },
  seed: { type: "string" },
  "creating-ms": { type: "string" },
  "creating-becomes": { type: "string" },
  "deleting-ms": { type: "string" },
  "no-control": { type: "boolean" },
  "control-token": { type: "string" },
  cors: { type: "string" },
  proxy: { type: "string" },
  record: { type: "string" },
} as const;

const STATEFUL_ONLY = [
  "data",
  "token",
  "access-key",
  "secret-key",
  "security-token",
  "credentials",
  "rate-limit",
  "faults",
  "seed",
  "creating-ms",
  "creating-becomes",
  "deleting-ms",
  "no-control",
  "control-token",
  "cors",
] as const;

type Parsed = ParsedFlags<typeof MOCK_OPTIONS, false>;
type Flags = Parsed["values"];

interface Listen {
  host: string;
  port: number;
}

/** The stateful mock's options, with what its ready line says (fault rate, seed). */
export type StatefulConfig = Listen & {
  mode: "stateful";
  options: StatefulOptions & { control: boolean };
  faultRate?: number;
  seed: number;
};
export type ProxyConfig = Listen & { mode: "proxy"; upstream: string; record?: string };
export type PrismConfig = Listen & { mode: "prism" };
export type MockConfig = { mode: "help" } | { mode: "version" } | PrismConfig | StatefulConfig | ProxyConfig;

export async function readMockConfig(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<MockConfig> {
  const parsed = parseFlags(argv, MOCK_OPTIONS, false);
  const flags = parsed.values;
  if (flags.help) return { mode: "help" };
  if (flags.version) return { mode: "version" };
  checkCombinations(flags);
  const stateful = flags.stateful ? statefulFlagsOf(parsed) : undefined;
  const listenOn = { host: flags.host ?? "127.0.0.1", port: portFlag(flags.port, 4010) };
  if (flags.proxy !== undefined) return { mode: "proxy", ...listenOn, ...proxyOf(flags.proxy, flags.record) };
  if (stateful) return { mode: "stateful", ...listenOn, ...(await withFiles(stateful, flags, env)) };
  return { mode: "prism", ...listenOn };
}

function checkCombinations(flags: Flags): void {
  if (flags.stateful && flags.proxy !== undefined) throw new UsageError("--stateful and --proxy exclude each other");
  if (!flags.stateful) {
    const misplaced = STATEFUL_ONLY.find((name) => flags[name] !== undefined);
    if (misplaced) throw new UsageError(`--${misplaced} goes with --stateful`);
  }
  if (flags.record !== undefined && flags.proxy === undefined) throw new UsageError("--record goes with --proxy");
  if (flags.record !== undefined && !existsSync(dirname(resolve(flags.record))))
    throw new UsageError(`--record ${flags.record}: its folder does not exist`);
  if (flags.seed !== undefined && flags.faults === undefined) throw new UsageError("--seed goes with --faults");
}

function proxyOf(upstream: string, record: string | undefined): Omit<ProxyConfig, keyof Listen | "mode"> {
  try {
    parseUpstream(upstream);
  } catch (error) {
    throw error instanceof ProxyConfigError ? new UsageError(error.message) : error;
  }
  return record === undefined ? { upstream } : { upstream, record };
}

type StatefulFlags = ReturnType<typeof statefulFlagsOf>;

/** The stateful mock's flags, checked in the order they are documented. */
function statefulFlagsOf(parsed: Parsed) {
  const flags = parsed.values;
  const creatingBecomes = creatingBecomesOf(flags["creating-becomes"]);
  const faultRate = faultRateOf(flags.faults);
  const rateLimit = wholeNumber("rate-limit", flags["rate-limit"], 1);
  const seed = wholeNumber("seed", flags.seed, 0) ?? 1;
  const creatingMs = wholeNumber("creating-ms", flags["creating-ms"], 0);
  const deletingMs = wholeNumber("deleting-ms", flags["deleting-ms"], 0);
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
    ...controlTokenOf(flags, env),
    ...(cors === undefined ? {} : { cors }),
    ...(rateLimit === undefined ? {} : { rateLimit }),
    ...(faultRate === undefined ? {} : { faults: { rate: faultRate, seed } }),
    lifecycle,
  };
  return faultRate === undefined ? { options, seed } : { options, seed, faultRate };
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

function creatingBecomesOf(value: string | undefined): "available" | "failed" | undefined {
  if (value === undefined || value === "available" || value === "failed") return value;
  throw new UsageError(`--creating-becomes must be available or failed, got ${JSON.stringify(value)}`);
}

function faultRateOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const rate = Number(value);
  if (value.trim() === "" || !Number.isFinite(rate) || rate < 0 || rate > 1)
    throw new UsageError(`--faults must be a rate from 0 to 1, got ${JSON.stringify(value)}`);
  return rate;
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
