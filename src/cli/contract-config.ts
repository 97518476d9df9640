// vpcep-contract's configuration: the command, its flags and the environment (credentials, project)
// read and checked into one typed value, or a UsageError naming what is wrong (exit 2).
import type { CheckOptions } from "../contract/check.js";
import { CHECK_NAMES } from "../contract/checks.js";
import { unknownNames } from "../floor/unknown-names.js";
import { JUDGES, type Judge } from "../contract/exchanges.js";
import { REPORTERS, type Reporter } from "../contract/report.js";
import { baseUrlProblem } from "../floor/base-url.js";
import { headerProblem } from "../floor/header-value.js";
import type { Auth } from "../auth/credentials.js";
import { type Flags, numberFlag, parseFlags, UsageError } from "../floor/flags.js";

const EXAMPLE_PROJECT = "6e9dfd51d1124e8d8498dce894923a0d";

export const CONTRACT_OPTIONS = {
  help: { type: "boolean" },
  version: { type: "boolean" },
  "project-id": { type: "string" },
  token: { type: "string" },
  "access-key": { type: "string" },
  "secret-key": { type: "string" },
  "security-token": { type: "string" },
  timeout: { type: "string" },
  wait: { type: "string" },
  reporter: { type: "string" },
  junit: { type: "string" },
  coverage: { type: "boolean" },
  stateless: { type: "boolean" },
  stateful: { type: "boolean" },
  open: { type: "boolean" },
  checks: { type: "string" },
  "exclude-checks": { type: "string" },
  "list-checks": { type: "boolean" },
  deadline: { type: "string" },
  fuzz: { type: "string" },
  seed: { type: "string" },
  "report-novelty": { type: "string" },
  "fail-on-novelty": { type: "boolean" },
  judge: { type: "string" },
} as const;

type Values = Flags<typeof CONTRACT_OPTIONS, true>["values"];

/** Where the report goes: the reporter on stdout, a JUnit file, coverage, the novelty report. */
export interface Publishing {
  reporter: Reporter;
  junit?: string;
  coverage: boolean;
  /** `--report-novelty FILE`: the Markdown novelty report (an empty file when there is none). */
  reportNovelty?: string;
  /** `--fail-on-novelty`: a novelty makes a run that holds exit 1. */
  failOnNovelty: boolean;
}

export type CheckConfig = Publishing & {
  command: "check";
  /** Seconds to wait for the server to answer at all; 0: no wait. */
  wait: number;
  options: CheckOptions;
};
export type ValidateConfig = Publishing & { command: "validate"; file: string; judge: Judge };
export type ContractConfig = { command: "help" } | { command: "version" } | { command: "list-checks" } | CheckConfig | ValidateConfig;

export function readContractConfig(argv: readonly string[], env: NodeJS.ProcessEnv): ContractConfig {
  const { values, positionals } = parseFlags(argv, CONTRACT_OPTIONS, true, ["timeout", "wait", "deadline", "fuzz", "seed"]);
  const [command, target, ...rest] = positionals;
  if (values.version) return { command: "version" };
  if (values.help) return { command: "help" };
  if (values["list-checks"]) {
    if (command !== "check") throw new UsageError("--list-checks goes with check: vpcep-contract check --list-checks");
    return { command: "list-checks" };
  }
  if (command === undefined) throw new UsageError("a command is needed: check or validate");
  if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
  if (values["report-novelty"] === "") throw new UsageError("--report-novelty needs a file name");
  const publishing: Publishing = {
    reporter: reporterOf(values.reporter),
    coverage: values.coverage === true,
    failOnNovelty: values["fail-on-novelty"] === true,
    ...(values.junit ? { junit: values.junit } : {}),
    ...(values["report-novelty"] !== undefined ? { reportNovelty: values["report-novelty"] } : {}),
  };
  if (command === "check") {
    if (values.judge !== undefined) throw new UsageError("--judge goes with validate (check always judges the server)");
    return { command, ...publishing, ...checkOf(target, values, env) };
  }
  if (command === "validate") return { command, ...publishing, file: validateOf(target, values), judge: judgeOf(values.judge) };
  throw new UsageError(`unknown command ${JSON.stringify(command)}`);
}

function judgeOf(value: string | undefined): Judge {
  const judge = value ?? "server";
  if (!JUDGES.includes(judge as Judge)) throw new UsageError(`--judge must be one of ${JUDGES.join(", ")}, got ${JSON.stringify(judge)}`);
  return judge as Judge;
}

function reporterOf(value: string | undefined): Reporter {
  const reporter = value ?? "table";
  if (!REPORTERS.includes(reporter as Reporter))
    throw new UsageError(`--reporter must be one of ${REPORTERS.join(", ")}, got ${JSON.stringify(reporter)}`);
  return reporter as Reporter;
}

function checkOf(target: string | undefined, values: Values, env: NodeJS.ProcessEnv): Pick<CheckConfig, "wait" | "options"> {
  const baseUrl = baseUrlOf(target);
  const timeoutMs = numberFlag("timeout", values.timeout, 10_000, { min: 1 });
  const wait = numberFlag("wait", values.wait, 0, { min: 0 });
  const deadline = values.deadline === undefined ? undefined : numberFlag("deadline", values.deadline, 0, { min: 0.001 });
  if (values.stateless && values.stateful) throw new UsageError("--stateless and --stateful exclude each other");
  if (values.seed !== undefined && values.fuzz === undefined) throw new UsageError("--seed goes with --fuzz");
  const fuzz =
    values.fuzz === undefined
      ? undefined
      : {
          runs: numberFlag("fuzz", values.fuzz, 0, { min: 1, integer: true }),
          seed: numberFlag("seed", values.seed, Date.now() % 2 ** 31, { min: -(2 ** 31), integer: true }),
        };
  const projectId = projectIdOf(values["project-id"], env["OS_PROJECT_ID"]);
  const options: CheckOptions = {
    baseUrl,
    projectId,
    timeoutMs,
    ...authOf(values, env),
    state: values.stateless ? "stateless" : "stateful",
    ...(values.open ? { open: true } : {}),
    ...checksOf(values),
    ...(deadline === undefined ? {} : { deadlineSeconds: deadline }),
    ...(fuzz ? { fuzz } : {}),
  };
  return { wait, options };
}

/** `--checks a,b` and `--exclude-checks c`: names of checks (`--list-checks`), comma-separated. */
function checksOf(values: Values): Pick<CheckOptions, "checks" | "excludeChecks"> {
  const names = (flag: "checks" | "exclude-checks") => {
    const value = values[flag];
    if (value === undefined) return undefined;
    const list = value
      .split(",")
      .map((n) => n.trim())
      .filter((n) => n !== "");
    if (list.length === 0) throw new UsageError(`--${flag} needs the names of checks, comma-separated (see --list-checks)`);
    const unknown = unknownNames(list, CHECK_NAMES, (n) => JSON.stringify(n));
    if (unknown) throw new UsageError(`--${flag}: no check named ${unknown} (see --list-checks)`);
    return list;
  };
  const checks = names("checks");
  const excludeChecks = names("exclude-checks");
  return { ...(checks ? { checks } : {}), ...(excludeChecks ? { excludeChecks } : {}) };
}

function validateOf(target: string | undefined, values: Values): string {
  if (!target) throw new UsageError("validate needs a HAR or JSON-lines file");
  if (
    values.stateless ||
    values.stateful ||
    values.fuzz ||
    values.seed ||
    values.wait ||
    values.timeout ||
    values.open ||
    values.checks !== undefined ||
    values["exclude-checks"] !== undefined ||
    values.deadline !== undefined
  )
    throw new UsageError("validate takes only --reporter, --junit, --coverage, --judge, --report-novelty and --fail-on-novelty");
  return target;
}

function baseUrlOf(target: string | undefined): string {
  if (!target) throw new UsageError("check needs the server's base URL, e.g. http://127.0.0.1:4010");
  const problem = baseUrlProblem(target);
  if (problem) throw new UsageError(`the base URL ${problem}`);
  return target;
}

/** Credentials from the flags, else from OS_*; `authSource` names where they came from, never their value. */
/**
 * The project of the path: `--project-id`, else `OS_PROJECT_ID` (an empty variable counts as unset,
 * as CI sets one from a repository variable that may not exist), else the document's example. It
 * is one path segment: a value that would change the path is refused, never sent.
 */
function projectIdOf(fromFlag: string | undefined, fromEnv: string | undefined): string {
  if (fromFlag === "") throw new UsageError("--project-id must not be empty");
  const [value, source] =
    fromFlag !== undefined ? [fromFlag, "--project-id"] : fromEnv ? [fromEnv, "OS_PROJECT_ID"] : [EXAMPLE_PROJECT, ""];
  if (!/^[A-Za-z0-9._~-]{1,64}$/.test(value) || value === "." || value === "..")
    throw new UsageError(`${source} must be a project ID of 1 to 64 letters, digits, '-', '_', '.' or '~' (one segment of the path)`);
  return value;
}

function authOf(values: Values, env: NodeJS.ProcessEnv): { auth?: Auth; authSource?: string } {
  const pick = (flag: "token" | "access-key" | "secret-key" | "security-token", variable: string, source: NodeJS.ProcessEnv) => {
    const fromFlag = values[flag];
    if (fromFlag === "") throw new UsageError(`--${flag} must not be empty`);
    const fromEnv = source[variable];
    const picked =
      fromFlag !== undefined ? { value: fromFlag, source: `--${flag}` } : fromEnv ? { value: fromEnv, source: variable } : undefined;
    const problem = picked && headerProblem(picked.value);
    if (problem) throw new UsageError(`${picked.source} ${problem}; a credential must travel unchanged in an HTTP header`);
    return picked;
  };
  // A token and a key pair exclude each other: the flags are taken over the environment, and two
  // kinds given at the same level are a usage error, never one picked without a word.
  const keyFlags = (["access-key", "secret-key", "security-token"] as const).some((flag) => values[flag] !== undefined);
  if (values.token !== undefined && keyFlags) throw new UsageError("give --token or --access-key and --secret-key, not both");
  const fromFlags = values.token !== undefined || keyFlags;
  const envKeys = ["OS_ACCESS_KEY", "OS_SECRET_KEY", "OS_SECURITY_TOKEN"].some((name) => env[name]);
  if (!fromFlags && env["OS_TOKEN"] && envKeys)
    throw new UsageError("OS_TOKEN and OS_ACCESS_KEY/OS_SECRET_KEY are both set: unset one, or pass --token or the key flags");
  const fromEnv = fromFlags ? {} : env;
  const token = pick("token", "OS_TOKEN", fromEnv);
  const accessKey = pick("access-key", "OS_ACCESS_KEY", fromEnv);
  const secretKey = pick("secret-key", "OS_SECRET_KEY", fromEnv);
  const securityToken = pick("security-token", "OS_SECURITY_TOKEN", fromEnv);
  if (accessKey || secretKey) {
    if (!accessKey || !secretKey)
      throw new UsageError("AK/SK needs both --access-key and --secret-key (or OS_ACCESS_KEY and OS_SECRET_KEY)");
    return {
      auth: { accessKey: accessKey.value, secretKey: secretKey.value, ...(securityToken ? { securityToken: securityToken.value } : {}) },
      authSource: `${accessKey.source} and ${secretKey.source}`,
    };
  }
  return token ? { auth: { token: token.value }, authSource: token.source } : {};
}
