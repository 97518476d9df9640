// vpcep-contract: `check <baseUrl>` runs the contract suite against a live server; `validate
// <file>` checks recorded exchanges offline. Exit code 0 only when everything holds.
import { readFile } from "node:fs/promises";
import { runCheck, type CheckOptions } from "../contract/check.js";
import { parseRecording, validateExchanges } from "../contract/exchanges.js";
import { REPORTERS, renderReport, type Reporter } from "../contract/report.js";
import { parseArgs, UsageError } from "./args.js";

const USAGE = `usage: vpcep-contract check <baseUrl> [--project-id ID] [--token T | --access-key AK --secret-key SK [--security-token ST]]
                              [--timeout MS] [--reporter table|json|junit]
       vpcep-contract validate <file.har|file.jsonl> [--reporter table|json|junit]

Credentials may come from the environment instead: OS_TOKEN, or OS_ACCESS_KEY and OS_SECRET_KEY
(OS_SECURITY_TOKEN); the project from OS_PROJECT_ID. They are never printed.`;

const EXAMPLE_PROJECT = "6e9dfd51d1124e8d8498dce894923a0d";

function reporterOf(value: string | true | undefined): Reporter {
  const reporter = value === undefined ? "table" : value;
  if (reporter === true || !REPORTERS.includes(reporter as Reporter)) throw new UsageError(`--reporter must be one of ${REPORTERS.join(", ")}`);
  return reporter as Reporter;
}

function authOf(flags: Map<string, string | true>, env: NodeJS.ProcessEnv): CheckOptions["auth"] {
  const text = (name: string, variable: string) => {
    const value = flags.get(name) ?? env[variable];
    if (value === true) throw new UsageError(`--${name} needs a value`);
    return value || undefined;
  };
  const token = text("token", "OS_TOKEN");
  const accessKey = text("access-key", "OS_ACCESS_KEY");
  const secretKey = text("secret-key", "OS_SECRET_KEY");
  const securityToken = text("security-token", "OS_SECURITY_TOKEN");
  if (accessKey || secretKey) {
    if (!accessKey || !secretKey) throw new UsageError("AK/SK needs both --access-key and --secret-key (or OS_ACCESS_KEY and OS_SECRET_KEY)");
    return { accessKey, secretKey, ...(securityToken ? { securityToken } : {}) };
  }
  return token ? { token } : undefined;
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, print = console.log): Promise<number> {
  try {
    const { positional, flags } = parseArgs(argv, ["help"], ["project-id", "token", "access-key", "secret-key", "security-token", "timeout", "reporter"]);
    const [command, target, ...rest] = positional;
    if (flags.has("help") || command === undefined) {
      print(USAGE);
      return command === undefined && !flags.has("help") ? 2 : 0;
    }
    if (rest.length > 0) throw new UsageError(`unexpected argument ${rest[0]}`);
    const reporter = reporterOf(flags.get("reporter"));
    if (command === "check") {
      if (!target) throw new UsageError("check needs the server's base URL, e.g. http://127.0.0.1:4010");
      try {
        if (!/^https?:$/.test(new URL(target).protocol)) throw new Error();
      } catch {
        throw new UsageError(`${JSON.stringify(target)} is not an http(s) URL`);
      }
      const timeout = Number(flags.get("timeout") ?? 10_000);
      if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError("--timeout must be a positive number of milliseconds");
      const projectId = String(flags.get("project-id") ?? env["OS_PROJECT_ID"] ?? EXAMPLE_PROJECT);
      const auth = authOf(flags, env);
      const results = await runCheck({ baseUrl: target, projectId, timeoutMs: timeout, ...(auth ? { auth } : {}) });
      const notes = auth ? [] : ["note: no credentials given (OS_TOKEN or OS_ACCESS_KEY/OS_SECRET_KEY): a server that requires them answers 401"];
      print(renderReport(results, reporter, "vpcep-contract check", notes));
      return results.every((r) => r.problems.length === 0) && results.length > 0 ? 0 : 1;
    }
    if (command === "validate") {
      if (!target) throw new UsageError("validate needs a HAR or JSON-lines file");
      const results = validateExchanges(parseRecording(await readFile(target, "utf8")));
      const notes = results.length === 0 ? [`note: ${target} holds no exchange of GET /v1/{project_id}/vpc-endpoint-services`] : [];
      print(renderReport(results, reporter, "vpcep-contract validate", notes));
      return results.length > 0 && results.every((r) => r.problems.length === 0) ? 0 : 1;
    }
    throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`vpcep-contract: ${error.message}\n${USAGE}`);
      return 2;
    }
    console.error(`vpcep-contract: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
