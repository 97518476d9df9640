// vpcep-mock's configuration: flags, environment and files read and checked into one typed value
// before anything listens, so a mistake is reported as itself (exit 2 for the command line, 1 for a
// file) even when the port happens to be taken.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { exampleServices } from "../../generated/contract-validators.js";
import type { AkSkCredentials } from "../auth/sign.js";
import { headerProblem } from "../header-value.js";
import type { GatewayCredentials } from "../mock/gateway.js";
import { parseUpstream, ProxyConfigError } from "../mock/proxy.js";
import { checkSeed, type StatefulOptions } from "../mock/stateful.js";
import { type Flags as ParsedFlags, parseFlags, portFlag, UsageError, wholeNumber } from "./args.js";

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
  cors: { type: "string" },
  proxy: { type: "string" },
  record: { type: "string" },
} as const;

const STATEFUL_ONLY = ["data", "token", "access-key", "secret-key", "security-token", "credentials", "rate-limit", "faults", "seed", "creating-ms", "creating-becomes", "deleting-ms", "no-control", "cors"] as const;

type Parsed = ParsedFlags<typeof MOCK_OPTIONS, false>;
type Flags = Parsed["values"];

interface Listen {
  host: string;
  port: number;
}

/** The stateful mock's options, with what its ready line says (fault rate, seed). */
export type StatefulConfig = Listen & { mode: "stateful"; options: StatefulOptions & { control: boolean }; faultRate?: number; seed: number };
export type ProxyConfig = Listen & { mode: "proxy"; upstream: string; record?: string };
export type PrismConfig = Listen & { mode: "prism" };
export type MockConfig = { mode: "help" } | { mode: "version" } | PrismConfig | StatefulConfig | ProxyConfig;

/** A file a flag names that cannot be used; the message names the flag and the file, never the content (it may hold secrets). Exit 1. */
export class ConfigFileError extends Error {
  override name = "ConfigFileError";
}

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
  if (flags.record !== undefined && !existsSync(dirname(resolve(flags.record)))) throw new UsageError(`--record ${flags.record}: its folder does not exist`);
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
async function withFiles(stateful: StatefulFlags, flags: Flags, env: NodeJS.ProcessEnv): Promise<Omit<StatefulConfig, keyof Listen | "mode">> {
  const { faultRate, rateLimit, seed, cors, lifecycle } = stateful;
  const services = typeof flags.data === "string" ? checkSeed(await readJsonFile(flags.data, "--data"), flags.data) : [...exampleServices];
  const credentials = await gatherCredentials(stateful.credentials, flags.credentials, env);
  const options: StatefulConfig["options"] = {
    services,
    credentials,
    control: !flags["no-control"],
    ...(cors === undefined ? {} : { cors }),
    ...(rateLimit === undefined ? {} : { rateLimit }),
    ...(faultRate === undefined ? {} : { faults: { rate: faultRate, seed } }),
    lifecycle,
  };
  return faultRate === undefined ? { options, seed } : { options, seed, faultRate };
}

function creatingBecomesOf(value: string | undefined): "available" | "failed" | undefined {
  if (value === undefined || value === "available" || value === "failed") return value;
  throw new UsageError(`--creating-becomes must be available or failed, got ${JSON.stringify(value)}`);
}

function faultRateOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const rate = Number(value);
  if (value.trim() === "" || !Number.isFinite(rate) || rate < 0 || rate > 1) throw new UsageError(`--faults must be a rate from 0 to 1, got ${JSON.stringify(value)}`);
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

/** Tokens and key pairs from the flags, in the order given: each --access-key takes the next --secret-key and --security-token. */
function credentialsFromFlags(parsed: Parsed): { tokens: string[]; keys: AkSkCredentials[] } {
  const tokens = parsed.values.token ?? [];
  if (tokens.some((t) => t === "")) throw new UsageError("--token must not be empty");
  const pairs: { accessKey: string; secretKey?: string; securityToken?: string }[] = [];
  for (const token of parsed.tokens) {
    if (token.kind !== "option") continue;
    const current = pairs.at(-1);
    if (token.name === "access-key") pairs.push({ accessKey: token.value ?? "" });
    else if (token.name === "secret-key" || token.name === "security-token") {
      const field = token.name === "secret-key" ? "secretKey" : "securityToken";
      if (!current || current[field] !== undefined) throw new UsageError(`--${token.name} must follow its --access-key`);
      current[field] = token.value ?? "";
    }
  }
  const keys = pairs.map(({ accessKey, secretKey, securityToken }) => {
    if (accessKey === "") throw new UsageError("--access-key must not be empty");
    if (!secretKey) throw new UsageError("each --access-key needs a non-empty --secret-key after it");
    return keyPair(accessKey, secretKey, securityToken);
  });
  return { tokens, keys };
}

const keyPair = (accessKey: string, secretKey: string, securityToken: string | undefined): AkSkCredentials =>
  securityToken === undefined ? { accessKey, secretKey } : { accessKey, secretKey, securityToken };

/** Flags, then the --credentials file, then VPCEP_MOCK_*; every value checked to be sendable, naming where it came from. */
async function gatherCredentials(fromFlags: { tokens: string[]; keys: AkSkCredentials[] }, file: string | undefined, env: NodeJS.ProcessEnv): Promise<GatewayCredentials> {
  const fromFile = file === undefined ? { tokens: [], keys: [] } : await credentialsFromFile(file);
  const fromEnvironment = credentialsFromEnvironment(env);
  checkSendable("--token", fromFlags.tokens);
  checkSendable("--access-key/--secret-key/--security-token", fromFlags.keys.flatMap((k) => Object.values(k)));
  checkSendable(`--credentials ${file}`, valuesOf(fromFile));
  checkSendable("VPCEP_MOCK_*", valuesOf(fromEnvironment));
  return {
    tokens: [...fromFlags.tokens, ...(fromFile.tokens ?? []), ...(fromEnvironment.tokens ?? [])],
    keys: [...fromFlags.keys, ...(fromFile.keys ?? []), ...(fromEnvironment.keys ?? [])],
  };
}

const valuesOf = (credentials: GatewayCredentials) => [...(credentials.tokens ?? []), ...(credentials.keys ?? []).flatMap((k) => Object.values(k) as string[])];

/** A credential no client could send (HTTP trims or refuses it) would make every request fail: refuse it up front. */
function checkSendable(source: string, values: readonly string[]): void {
  for (const value of values) {
    const problem = headerProblem(value);
    if (problem) throw new UsageError(`a credential from ${source} ${problem}; it must travel unchanged in an HTTP header`);
  }
}

/** A JSON file given by a flag. */
async function readJsonFile(file: string, flag: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new ConfigFileError(`${flag} ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigFileError(`${flag} ${file} is not valid JSON`);
  }
}

async function credentialsFromFile(file: string): Promise<GatewayCredentials> {
  const data = await readJsonFile(file, "--credentials");
  const { tokens = [], keys = [] } = (data ?? {}) as { tokens?: unknown; keys?: unknown };
  if (!Array.isArray(tokens) || !tokens.every((t) => typeof t === "string" && t !== "")) throw new ConfigFileError(`${file}: "tokens" must be an array of non-empty strings`);
  if (!Array.isArray(keys)) throw new ConfigFileError(`${file}: "keys" must be an array`);
  return { tokens, keys: keys.map((key: unknown, index) => keyOfFile(file, key, index)) };
}

function keyOfFile(file: string, key: unknown, index: number): AkSkCredentials {
  const { access_key, secret_key, security_token } = (key ?? {}) as Record<string, unknown>;
  if (typeof access_key !== "string" || access_key === "" || typeof secret_key !== "string" || secret_key === "") {
    throw new ConfigFileError(`${file}: keys[${index}] needs non-empty "access_key" and "secret_key"`);
  }
  if (security_token !== undefined && typeof security_token !== "string") throw new ConfigFileError(`${file}: keys[${index}].security_token must be a string`);
  return keyPair(access_key, secret_key, security_token);
}

function credentialsFromEnvironment(env: NodeJS.ProcessEnv): GatewayCredentials {
  const tokens = (env["VPCEP_MOCK_TOKENS"] ?? "").split(",").map((t) => t.trim()).filter(Boolean);
  const accessKey = env["VPCEP_MOCK_ACCESS_KEY"];
  const secretKey = env["VPCEP_MOCK_SECRET_KEY"];
  if (!accessKey !== !secretKey) throw new UsageError("VPCEP_MOCK_ACCESS_KEY and VPCEP_MOCK_SECRET_KEY go together");
  const keys = accessKey && secretKey ? [keyPair(accessKey, secretKey, env["VPCEP_MOCK_SECURITY_TOKEN"] || undefined)] : [];
  return { tokens, keys };
}
