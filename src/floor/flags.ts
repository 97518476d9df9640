// The bins' flags (and startMock's options, read as vpcep-mock's flags), on node:util parseArgs:
// one usage error, one way to parse, the checks of the values both bins take (ports, numbers).
import { parseArgs, type ParseArgsConfig } from "node:util";

/** A mistake in the command line or the environment: the bin prints it with its usage and exits 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

type Options = NonNullable<ParseArgsConfig["options"]>;
/** The values, positionals and tokens of a strict parse with `options`. */
export type Flags<O extends Options, P extends boolean> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: P; strict: true; tokens: true }>
>;

/**
 * Strict parsing: an unknown option, a missing value or (unless allowed) a positional is a UsageError naming it.
 * A `numeric` flag takes a negative number as its value (`--timeout -5`), so that its own range check
 * names it; parseArgs alone would call `-5` an ambiguous option.
 */
export function parseFlags<const O extends Options, const P extends boolean>(
  argv: readonly string[],
  options: O,
  allowPositionals: P,
  numeric: readonly (keyof O & string)[] = [],
): Flags<O, P> {
  let parsed: Flags<O, P>;
  try {
    parsed = parseArgs({ args: withNegativeNumbers(argv, numeric), options, allowPositionals, strict: true, tokens: true });
  } catch (error) {
    // node:util names the option in its message ("Unknown option '--verbose'", "Option '--token <value>' argument missing").
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ""));
  }
  refuseRepeats(parsed.tokens, options);
  return parsed;
}

/** parseArgs keeps the last of a repeated single-value flag without a word: a repeat is a usage error. */
function refuseRepeats(tokens: Flags<Options, boolean>["tokens"], options: Options): void {
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const option = options[token.name];
    if (option?.type !== "string" || option.multiple) continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} is given more than once; it takes one value`);
    seen.add(token.name);
  }
}

/** `--flag -5` as `--flag=-5` for a numeric flag (before a `--`, which ends the options). */
function withNegativeNumbers(argv: readonly string[], numeric: readonly string[]): string[] {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") return [...args, ...argv.slice(i)];
    const next = argv[i + 1];
    if (next !== undefined && /^-\.?\d/.test(next) && arg.startsWith("--") && numeric.includes(arg.slice(2))) {
      args.push(`${arg}=${next}`);
      i++;
    } else args.push(arg);
  }
  return args;
}

export function portFlag(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be an integer from 0 to 65535, got ${JSON.stringify(value)}`);
  }
  return port;
}

/** `--name` as digits only, at least `min` (and at most `upTo.max`, a number of `upTo.unit`); undefined when not given. */
export function wholeNumber(
  name: string,
  value: string | undefined,
  min: number,
  upTo?: { max: number; unit: string },
): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value) && Number(value) >= min && (upTo === undefined || Number(value) <= upTo.max)) return Number(value);
  const range = upTo === undefined ? `a whole number >= ${min}` : `${upTo.unit} from ${min} to ${upTo.max}`;
  throw new UsageError(`--${name} must be ${range}, got ${JSON.stringify(value)}`);
}

/** `--name` as any number (or an integer) of at least `min`; `fallback` when not given. */
export function numberFlag(
  name: string,
  value: string | undefined,
  fallback: number,
  { min, integer }: { min: number; integer?: boolean },
): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || number < min || (integer && !Number.isInteger(number))) {
    throw new UsageError(`--${name} must be ${integer ? "an integer" : "a number"} of at least ${min}, got ${JSON.stringify(value)}`);
  }
  return number;
}
