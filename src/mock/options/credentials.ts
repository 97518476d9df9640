// vpcep-mock's credentials: from the flags (in order, each --access-key with the --secret-key and
// --security-token after it), a --credentials file and VPCEP_MOCK_*; every value checked to be
// sendable in an HTTP header, and named by its source, never shown.
import type { AkSkCredentials } from "../../auth/sign.js";
import { headerProblem } from "../../floor/header-value.js";
import { unknownNames } from "../../floor/unknown-names.js";
import type { GatewayCredentials } from "../gateway.js";
import { type Flags, UsageError } from "../../floor/flags.js";
import { ConfigFileError, readJsonFile } from "../../floor/json-file.js";
import type { MOCK_OPTIONS } from "./flags.js";

type Parsed = Flags<typeof MOCK_OPTIONS, false>;

/** Tokens and key pairs from the flags, in the order given: each --access-key takes the next --secret-key and --security-token. */
export function credentialsFromFlags(parsed: Parsed): { tokens: string[]; keys: AkSkCredentials[] } {
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
export async function gatherCredentials(
  fromFlags: { tokens: string[]; keys: AkSkCredentials[] },
  file: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<GatewayCredentials> {
  const fromFile = file === undefined ? { tokens: [], keys: [] } : await credentialsFromFile(file);
  const fromEnvironment = credentialsFromEnvironment(env);
  checkSendable("--token", fromFlags.tokens);
  checkSendable(
    "--access-key/--secret-key/--security-token",
    fromFlags.keys.flatMap((k) => Object.values(k)),
  );
  checkSendable(`--credentials ${file}`, valuesOf(fromFile));
  checkSendable("VPCEP_MOCK_*", valuesOf(fromEnvironment));
  return {
    tokens: [...fromFlags.tokens, ...(fromFile.tokens ?? []), ...(fromEnvironment.tokens ?? [])],
    keys: [...fromFlags.keys, ...(fromFile.keys ?? []), ...(fromEnvironment.keys ?? [])],
  };
}

const valuesOf = (credentials: GatewayCredentials) => [
  ...(credentials.tokens ?? []),
  ...(credentials.keys ?? []).flatMap((k) => Object.values(k) as string[]),
];

/** A credential no client could send (HTTP trims or refuses it) would make every request fail: refuse it up front. */
function checkSendable(source: string, values: readonly string[]): void {
  for (const value of values) {
    const problem = headerProblem(value);
    if (problem) throw new UsageError(`a credential from ${source} ${problem}; it must travel unchanged in an HTTP header`);
  }
}

async function credentialsFromFile(file: string): Promise<GatewayCredentials> {
  const data = await readJsonFile(file, "--credentials");
  if (!data || typeof data !== "object" || Array.isArray(data))
    throw new ConfigFileError(`${file}: must be an object with "tokens" and/or "keys"`);
  // A misspelled key ("token") would otherwise turn the credential check off without a word.
  // Named only when it looks like a field name: a value pasted as a key may be a secret.
  const unknown = unknownNames(Object.keys(data), ["tokens", "keys"], (name) =>
    /^[A-Za-z_]{1,24}$/.test(name) ? JSON.stringify(name) : "(a name not shown)",
  );
  if (unknown) throw new ConfigFileError(`${file}: unknown field(s) ${unknown}; it takes "tokens" and "keys"`);
  const { tokens = [], keys = [] } = data as { tokens?: unknown; keys?: unknown };
  if (!Array.isArray(tokens) || !tokens.every((t) => typeof t === "string" && t !== ""))
    throw new ConfigFileError(`${file}: "tokens" must be an array of non-empty strings`);
  if (!Array.isArray(keys)) throw new ConfigFileError(`${file}: "keys" must be an array`);
  if (tokens.length === 0 && keys.length === 0) throw new ConfigFileError(`${file}: holds no credential; give "tokens" or "keys"`);
  return { tokens, keys: keys.map((key: unknown, index) => keyOfFile(file, key, index)) };
}

function keyOfFile(file: string, key: unknown, index: number): AkSkCredentials {
  const { access_key, secret_key, security_token } = (key ?? {}) as Record<string, unknown>;
  if (typeof access_key !== "string" || access_key === "" || typeof secret_key !== "string" || secret_key === "") {
    throw new ConfigFileError(`${file}: keys[${index}] needs non-empty "access_key" and "secret_key"`);
  }
  if (security_token !== undefined && typeof security_token !== "string")
    throw new ConfigFileError(`${file}: keys[${index}].security_token must be a string`);
  return keyPair(access_key, secret_key, security_token);
}

function credentialsFromEnvironment(env: NodeJS.ProcessEnv): GatewayCredentials {
  const tokens = (env["VPCEP_MOCK_TOKENS"] ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  const accessKey = env["VPCEP_MOCK_ACCESS_KEY"];
  const secretKey = env["VPCEP_MOCK_SECRET_KEY"];
  if (!accessKey !== !secretKey) throw new UsageError("VPCEP_MOCK_ACCESS_KEY and VPCEP_MOCK_SECRET_KEY go together");
  const keys = accessKey && secretKey ? [keyPair(accessKey, secretKey, env["VPCEP_MOCK_SECURITY_TOKEN"] || undefined)] : [];
  return { tokens, keys };
}
