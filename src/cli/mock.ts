// vpcep-mock: the contract's mock server. By default Prism serving the bundled document with
// --errors; with --stateful, the stateful mock (credentials, throttling, faults, time, control API);
// with --proxy, a recording, validating proxy to a real endpoint.
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { exampleServices } from "../../generated/contract-validators.js";
import type { AkSkCredentials } from "../auth/sign.js";
import { headerProblem } from "../header-value.js";
import type { GatewayCredentials } from "../mock/gateway.js";
import { PRISM_PACKAGE, startPrism } from "../mock/prism.js";
import { probePort, type RunningMock } from "../mock/running.js";
import { parseUpstream, ProxyConfigError, startProxy } from "../mock/proxy.js";
import { checkSeed, startStatefulMock } from "../mock/stateful.js";
import { portFlag, UsageError } from "./args.js";

const USAGE = `usage: vpcep-mock [--host 127.0.0.1] [--port 4010] [--stateful [options] | --proxy URL [--record FILE]]

  (default)                 Prism serving the contract, with --errors (needs ${PRISM_PACKAGE})
  --host HOST               address to listen on (default 127.0.0.1)
  --port N                  port to listen on, 0 for any free one (default 4010)
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
    --cors ORIGIN           answer browsers from ORIGIN (\`*\` for any) with CORS headers and preflights (off by default)
                            Per request: Prefer: code=<status>[, example=<name>] | fault=reset|truncate|
                            html-502|delay=<ms>|slow-body[=<ms>]

  --proxy URL               forward every request to URL unchanged, report contract violations on stderr
    --record FILE           record the exchanges as HAR 1.2, secrets masked`;

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

const packageRoot = (name: string) => fileURLToPath(new URL(`../../../${name}`, import.meta.url));

function packageVersion(): string {
  return (JSON.parse(readFileSync(packageRoot("package.json"), "utf8")) as { version: string }).version;
}

type Parsed = ReturnType<typeof parse>;
function parse(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: MOCK_OPTIONS, strict: true, allowPositionals: false, tokens: true });
  } catch (error) {
    // parseArgs names the flag at fault; its codes say unknown option, missing value or positional.
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ""));
  }
}

function wholeNumber(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`--${name} must be a whole number >= ${min}, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** Key pairs in the order given: each --access-key takes the next --secret-key and --security-token. */
function keyPairsFromFlags(parsed: Parsed): AkSkCredentials[] {
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
  return pairs.map((pair) => {
    if (pair.accessKey === "") throw new UsageError("--access-key must not be empty");
    if (!pair.secretKey) throw new UsageError("each --access-key needs a non-empty --secret-key after it");
    return pair.securityToken === undefined ? { accessKey: pair.accessKey, secretKey: pair.secretKey } : { accessKey: pair.accessKey, secretKey: pair.secretKey, securityToken: pair.securityToken };
  });
}

/** `*`, or an origin as browsers send it: scheme, host and port, nothing more. */
function corsOrigin(value: string): string {
  if (value === "*") return value;
  let origin: string | undefined;
  try {
    origin = new URL(value).origin;
  } catch {
    origin = undefined;
  }
  if (origin === undefined || origin === "null" || origin !== value.replace(/\/$/, "")) {
    throw new UsageError(`--cors takes * or an origin such as http://localhost:5173, got ${JSON.stringify(value)}`);
  }
  return origin;
}

/** A credential no client could send (HTTP trims or refuses it) would make every request fail: refuse it up front. */
function checkSendable(source: string, values: readonly string[]): void {
  for (const value of values) {
    const problem = headerProblem(value);
    if (problem) throw new UsageError(`a credential from ${source} ${problem}; it must travel unchanged in an HTTP header`);
  }
}

class CredentialsFileError extends Error {}

/** A JSON file given by a flag; the message names the flag and the file, never the content (it may hold secrets). */
async function readJsonFile(file: string, flag: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new CredentialsFileError(`${flag} ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new CredentialsFileError(`${flag} ${file} is not valid JSON`);
  }
}

async function credentialsFromFile(file: string): Promise<GatewayCredentials> {
  const data = await readJsonFile(file, "--credentials");
  const { tokens = [], keys = [] } = (data ?? {}) as { tokens?: unknown; keys?: unknown };
  if (!Array.isArray(tokens) || !tokens.every((t) => typeof t === "string" && t !== "")) throw new CredentialsFileError(`${file}: "tokens" must be an array of non-empty strings`);
  if (!Array.isArray(keys)) throw new CredentialsFileError(`${file}: "keys" must be an array`);
  return {
    tokens,
    keys: keys.map((key: unknown, index) => {
      const { access_key, secret_key, security_token } = (key ?? {}) as Record<string, unknown>;
      if (typeof access_key !== "string" || access_key === "" || typeof secret_key !== "string" || secret_key === "") {
        throw new CredentialsFileError(`${file}: keys[${index}] needs non-empty "access_key" and "secret_key"`);
      }
      if (security_token !== undefined && typeof security_token !== "string") throw new CredentialsFileError(`${file}: keys[${index}].security_token must be a string`);
      return security_token === undefined ? { accessKey: access_key, secretKey: secret_key } : { accessKey: access_key, secretKey: secret_key, securityToken: security_token };
    }),
  };
}

function credentialsFromEnvironment(env: NodeJS.ProcessEnv): GatewayCredentials {
  const tokens = (env["VPCEP_MOCK_TOKENS"] ?? "").split(",").map((t) => t.trim()).filter(Boolean);
  const accessKey = env["VPCEP_MOCK_ACCESS_KEY"];
  const secretKey = env["VPCEP_MOCK_SECRET_KEY"];
  const securityToken = env["VPCEP_MOCK_SECURITY_TOKEN"];
  if (!accessKey !== !secretKey) throw new UsageError("VPCEP_MOCK_ACCESS_KEY and VPCEP_MOCK_SECRET_KEY go together");
  const keys = accessKey && secretKey ? [securityToken ? { accessKey, secretKey, securityToken } : { accessKey, secretKey }] : [];
  return { tokens, keys };
}

export async function main(argv: readonly string[]): Promise<number> {
  let running: RunningMock;
  try {
    const parsed = parse(argv);
    const flags = parsed.values;
    if (flags.help) {
      console.log(USAGE);
      return 0;
    }
    if (flags.version) {
      console.log(packageVersion());
      return 0;
    }
    if (flags.stateful && flags.proxy !== undefined) throw new UsageError("--stateful and --proxy exclude each other");
    if (!flags.stateful) {
      const misplaced = STATEFUL_ONLY.find((name) => flags[name] !== undefined);
      if (misplaced) throw new UsageError(`--${misplaced} goes with --stateful`);
    }
    if (flags.record !== undefined && flags.proxy === undefined) throw new UsageError("--record goes with --proxy");
    if (flags.record !== undefined && !existsSync(dirname(resolve(flags.record)))) throw new UsageError(`--record ${flags.record}: its folder does not exist`);
    if (flags.seed !== undefined && flags.faults === undefined) throw new UsageError("--seed goes with --faults");
    if (flags["creating-becomes"] !== undefined && !["available", "failed"].includes(flags["creating-becomes"])) {
      throw new UsageError(`--creating-becomes must be available or failed, got ${JSON.stringify(flags["creating-becomes"])}`);
    }
    const faultRate = flags.faults === undefined ? undefined : Number(flags.faults);
    if (faultRate !== undefined && (flags.faults!.trim() === "" || !Number.isFinite(faultRate) || faultRate < 0 || faultRate > 1)) {
      throw new UsageError(`--faults must be a rate from 0 to 1, got ${JSON.stringify(flags.faults)}`);
    }
    const rateLimit = wholeNumber("rate-limit", flags["rate-limit"], 1);
    const seed = wholeNumber("seed", flags.seed, 0) ?? 1;
    const creatingMs = wholeNumber("creating-ms", flags["creating-ms"], 0);
    const deletingMs = wholeNumber("deleting-ms", flags["deleting-ms"], 0);
    const cors = flags.cors === undefined ? undefined : corsOrigin(flags.cors);
    const tokens = flags.token ?? [];
    if (tokens.some((t) => t === "")) throw new UsageError("--token must not be empty");
    const flagKeys = keyPairsFromFlags(parsed);

    const host = flags.host ?? "127.0.0.1";
    const port = portFlag(flags.port, 4010);
    if (flags.proxy !== undefined) parseUpstream(flags.proxy);
    // Every input is read and checked before the port, so a mistake is reported as itself even when
    // the default port happens to be taken.
    const services = !flags.stateful ? [] : typeof flags.data === "string" ? checkSeed(await readJsonFile(flags.data, "--data"), flags.data) : [...exampleServices];
    const fromFile = flags.credentials === undefined ? { tokens: [], keys: [] } : await credentialsFromFile(flags.credentials);
    const fromEnvironment = flags.stateful ? credentialsFromEnvironment(process.env) : { tokens: [], keys: [] };
    const credentials: GatewayCredentials = {
      tokens: [...tokens, ...(fromFile.tokens ?? []), ...(fromEnvironment.tokens ?? [])],
      keys: [...flagKeys, ...(fromFile.keys ?? []), ...(fromEnvironment.keys ?? [])],
    };
    checkSendable("--token", tokens);
    checkSendable("--access-key/--secret-key/--security-token", flagKeys.flatMap((k) => Object.values(k)));
    checkSendable(`--credentials ${flags.credentials}`, [...(fromFile.tokens ?? []), ...(fromFile.keys ?? []).flatMap((k) => Object.values(k))]);
    checkSendable("VPCEP_MOCK_*", [...(fromEnvironment.tokens ?? []), ...(fromEnvironment.keys ?? []).flatMap((k) => Object.values(k))]);
    if (port !== 0) {
      try {
        await probePort(host, port);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        console.error(code === "EADDRINUSE" ? `vpcep-mock: port ${port} on ${host} is already in use; choose another with --port` : `vpcep-mock: cannot listen on ${host}:${port}: ${(error as Error).message}`);
        return 1;
      }
    }
    if (flags.stateful) {
      const mock = await startStatefulMock({
        services,
        host,
        port,
        credentials,
        control: !flags["no-control"],
        ...(cors === undefined ? {} : { cors }),
        ...(rateLimit === undefined ? {} : { rateLimit }),
        ...(faultRate === undefined ? {} : { faults: { rate: faultRate, seed } }),
        lifecycle: {
          ...(creatingMs === undefined ? {} : { creatingMs }),
          ...(deletingMs === undefined ? {} : { deletingMs }),
          ...(flags["creating-becomes"] === undefined ? {} : { creatingBecomes: flags["creating-becomes"] as "available" | "failed" }),
        },
        onInvalidAnswer: (problems) => console.error(`vpcep-mock: refused an invalid answer: ${problems.join("; ")}`),
      });
      running = mock;
      const extras = [
        mock.description,
        rateLimit === undefined ? undefined : `rate limit ${rateLimit}/s per credential`,
        faultRate === undefined ? undefined : `faults in ${faultRate} of requests, seed ${seed}`,
        flags["no-control"] ? "control API off" : `control API at ${mock.url}/__mock/`,
        cors === undefined ? undefined : `CORS for ${cors}`,
      ].filter(Boolean);
      console.log(`vpcep-mock: ready at ${mock.url} (stateful, ${services.length} services; ${extras.join("; ")})`);
    } else if (flags.proxy !== undefined) {
      const proxy = await startProxy({
        upstream: flags.proxy,
        host,
        port,
        version: packageVersion(),
        ...(flags.record === undefined ? {} : { record: flags.record }),
        onViolation: (line) => console.error(line),
      });
      running = proxy;
      console.log(`vpcep-mock: ready at ${proxy.url} (${proxy.description})`);
    } else {
      running = await startPrism({ document: packageRoot("generated/openapi.yaml"), host, port });
      console.log(`vpcep-mock: ready at ${running.url} (Prism, --errors)`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ProxyConfigError) console.error(`vpcep-mock: ${error.message}\n${USAGE}`);
    else console.error(`vpcep-mock: ${error instanceof Error ? error.message : String(error)}`);
    return error instanceof UsageError || error instanceof ProxyConfigError ? 2 : 1;
  }
  const failure = await new Promise<string | undefined>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve(undefined));
    void running.ended?.then(resolve);
  });
  if (failure !== undefined) {
    console.error(`vpcep-mock: ${failure}`);
    return 1;
  }
  await running.stop();
  console.log("vpcep-mock: stopped");
  return 0;
}
