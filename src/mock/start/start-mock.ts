// `vpcep-openapi/mock` (the door src/start-mock.ts): vpcep-mock started from code (a test runner's
// global setup), with the bin's flags as options in camelCase (`--rate-limit 2` is `rateLimit: 2`).
// Not a second reader: the options become the command line, read by the mock's one reader
// (../options/config.ts) and started by the bin's own `start` (start.ts), so every check, default
// and message is the bin's, naming the option. Node only.
import type { EndpointService } from "../../document/types.js";
import { VpcepConfigError, VpcepError } from "../../floor/error-base.js";
import { UsageError } from "../../floor/flags.js";
import { type ControlMethods, controlMethods } from "../control/methods.js";
import { readMockConfig } from "../options/config.js";
import { camelCase, MOCK_OPTIONS, NUMERIC_FLAGS } from "../options/flags.js";
import { kindOf } from "../options/rules.js";
import { refuseUnknownOptions } from "../options/unknown-options.js";
import { checkSeed } from "../state/store.js";
import { portProblem, start } from "./start.js";

type Flag = keyof typeof MOCK_OPTIONS;
/** The bin's flags that do not start a mock. */
type NotStarting = "help" | "version" | "example-data";
type CamelOf<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelOf<Tail>>}` : S;
type ValueOf<F extends Flag, O = (typeof MOCK_OPTIONS)[F]> = O extends { type: "boolean" }
  ? boolean
  : O extends { multiple: true }
    ? string | readonly string[]
    : F extends (typeof NUMERIC_FLAGS)[number]
      ? number
      : string;

/**
 * vpcep-mock's flags in camelCase (`stateful`, `token`, `rateLimit`, `faults`, `seed`, `creatingMs`,
 * `controlToken`, `cors`, `proxy`, `strictQuery`, …): a boolean flag takes `true`, a repeatable one
 * a string or an array, a numeric one (`port`, `rateLimit`, `faults`, …) a number, the others a
 * string. `data` also takes the services themselves.
 * `port` defaults to 0 (a free port); the environment (VPCEP_MOCK_*) is not read.
 */
export type StartMockOptions = {
  [F in Exclude<Flag, NotStarting | "data"> as CamelOf<F>]?: ValueOf<F>;
} & {
  /** Seed data: a file (as `--data`), or the services, or a page `{ endpoint_services: [...] }`. */
  data?: string | readonly EndpointService[] | { endpoint_services: readonly EndpointService[] };
};

export interface StartedMock extends ControlMethods {
  /** `http://127.0.0.1:<port>`: the base URL to give the client (`baseUrl`). */
  url: string;
  port: number;
  /** Which mock runs: Prism (the default), the stateful mock or the proxy. */
  mode: "prism" | "stateful" | "proxy";
  /** What the mock noted so far (its warnings, answers it refused to send). */
  output(): string;
  /** Stops the mock and closes its connections; calling it again does nothing. */
  close(): Promise<void>;
}

const NOT_STARTING = new Set<string>(["help", "version", "example-data"]);
/** Option name → flag, for every flag that starts a mock. */
const FLAGS = new Map(
  (Object.keys(MOCK_OPTIONS) as Flag[]).filter((flag) => !NOT_STARTING.has(flag)).map((flag) => [camelCase(flag), flag] as const),
);
/** Each key pair's three flags go in order (--access-key, its --secret-key, its --security-token). */
const KEY_FLAGS = ["access-key", "secret-key", "security-token"] as const;

const fail = (message: string): never => {
  throw new VpcepConfigError(`vpcep-openapi/mock: ${message}`);
};

/** A message of the bin's reader with each `--flag` named as its option (`--rate-limit` → `rateLimit`). */
const inOptionNames = (message: string) =>
  message.replace(/--([a-z][a-z-]*)/g, (whole, flag: string) => {
    const name = camelCase(flag);
    if (!FLAGS.has(name)) return whole;
    return (MOCK_OPTIONS as Record<string, { type: string }>)[flag]?.type === "boolean" ? `${name}: true` : name;
  });

/** The options as the command line the bin reads; `data` apart when it holds services. Never quotes a value (it may be a secret). */
function commandLineOf(options: StartMockOptions): { argv: string[]; data?: unknown } {
  if (options === null || typeof options !== "object" || Array.isArray(options))
    fail('pass an options object such as { stateful: true, token: "t" }');
  const given = Object.entries(options).filter(([, value]) => value !== undefined);
  refuseUnknownOptions(
    given.map(([name]) => name),
    FLAGS.keys(),
    fail,
  );
  const argv: string[] = [];
  const keyValues: Record<(typeof KEY_FLAGS)[number], string[]> = { "access-key": [], "secret-key": [], "security-token": [] };
  let data: unknown;
  for (const [name, value] of given) {
    const flag = FLAGS.get(name)!;
    const spec = MOCK_OPTIONS[flag] as { type: string; multiple?: boolean };
    if (flag === "data" && typeof value !== "string") {
      data = value;
      continue;
    }
    if (spec.type === "boolean") {
      if (typeof value !== "boolean") fail(`${name} must be true or false`);
      if (value) argv.push(`--${flag}`);
      continue;
    }
    const values: unknown[] = spec.multiple && Array.isArray(value) ? value : [value];
    const numeric = (NUMERIC_FLAGS as readonly string[]).includes(flag);
    for (const one of values) {
      if (typeof one !== (numeric ? "number" : "string"))
        fail(
          `${name} must be ${spec.multiple ? "a string or an array of strings" : numeric ? "a number" : "a string"}, got ${kindOf(one)}`,
        );
      if ((KEY_FLAGS as readonly string[]).includes(flag)) keyValues[flag as (typeof KEY_FLAGS)[number]].push(String(one));
      else argv.push(`--${flag}=${String(one)}`);
    }
  }
  // Key pairs by position: accessKey[i] with secretKey[i] and securityToken[i].
  const pairs = Math.max(...KEY_FLAGS.map((flag) => keyValues[flag].length));
  for (let i = 0; i < pairs; i++)
    for (const flag of KEY_FLAGS) if (keyValues[flag][i] !== undefined) argv.push(`--${flag}=${keyValues[flag][i]}`);
  if (options.port === undefined) argv.push("--port=0");
  return data === undefined ? { argv } : { argv, data };
}

/** What a value is, for a message that must not quote it (it may be a secret). */
const notStateful = (method: string) => async (): Promise<never> =>
  fail(`${method}() needs the stateful mock: start it with { stateful: true }`);

/**
 * Starts vpcep-mock in this process: `await startMock({ stateful: true, token: "t" })`. Resolves once
 * it listens; rejects with a VpcepConfigError naming the option at fault before anything listens.
 */
export async function startMock(options: StartMockOptions = {}): Promise<StartedMock> {
  const { argv, data } = commandLineOf(options);
  let config: Awaited<ReturnType<typeof readMockConfig>>;
  try {
    config = await readMockConfig(argv, {});
    if (data !== undefined) {
      if (config.mode !== "stateful") fail("data goes with stateful: true");
      else config.options.services = checkSeed(data, "data");
    }
  } catch (error) {
    if (error instanceof VpcepError) throw error;
    return fail(inOptionNames((error as Error).message));
  }
  if (config.mode === "help" || config.mode === "version" || config.mode === "example-data") return fail("no mock to start");
  const busy = await portProblem(config);
  if (busy) fail(inOptionNames(busy));
  const printed: string[] = [];
  const running = await start(config, {
    print: (line) => printed.push(line),
    printError: (line) => process.stderr.write(`${line}\n`),
  }).catch((error: unknown) => {
    const message = inOptionNames(error instanceof Error ? error.message : String(error));
    throw error instanceof UsageError
      ? new VpcepConfigError(`vpcep-openapi/mock: ${message}`)
      : new VpcepError(`vpcep-openapi/mock: ${message}`);
  });
  let closed: Promise<void> | undefined;
  const methods: ControlMethods =
    "api" in running
      ? controlMethods(running.api, fail)
      : {
          services: notStateful("services"),
          addServices: notStateful("addServices"),
          updateService: notStateful("updateService"),
          removeService: notStateful("removeService"),
          advanceClock: notStateful("advanceClock"),
          reset: notStateful("reset"),
        };
  return {
    url: running.url,
    port: running.port,
    mode: config.mode,
    ...methods,
    output: () => [...printed, running.output()].filter((text) => text !== "").join("\n"),
    close: () => (closed ??= running.stop()),
  };
}

export type { ControlMethods, EndpointService };
/** The stateful mock without a server, for a fetch handler in process: `fetchHandler(createStatefulHandler({ services }).handle)`. */
export { createStatefulHandler, type StatefulHandler, type StatefulOptions } from "../stateful/handler.js";
export { fetchHandler } from "../fetch.js";
