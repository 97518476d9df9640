// @ts-check
// Lets each step module run on its own (`node scripts/lint.js`) as well as inside `npm run build`,
// and reads every script's flags with node:util's parseArgs: an unknown flag, a flag without its
// value or a stray argument stops the script with its usage (exit code 2).
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";

/** @param {string} moduleUrl */
export const isMain = (moduleUrl) => process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href;

/** Runs `task`, printing its result line, and exits non-zero with the tool's message on failure.
 * @param {() => Promise<string>} task */
export async function runAlone(task) {
  try {
    console.log(await task());
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}

/** A command-line mistake: the message names what is wrong, the usage follows it. */
export class UsageError extends Error {}

/**
 * @typedef {{ type: "string" | "boolean", description: string, value?: string, required?: boolean }} FlagSpec
 * @typedef {Record<string, FlagSpec>} FlagSpecs
 */

/** The usage text of a script. @param {string} command @param {FlagSpecs} specs */
export function usage(command, specs) {
  /** @type {FlagSpecs} */
  const all = { ...specs, help: { type: "boolean", description: "print this help and exit" } };
  const rows = Object.entries(all).map(([name, spec]) => [
    `--${name}${spec.type === "string" ? ` <${spec.value ?? "value"}>` : ""}`,
    spec.description,
  ]);
  const width = Math.max(...rows.map(([left]) => left?.length ?? 0));
  return `usage: ${command} [options]\n${rows.map(([left, right]) => `  ${left?.padEnd(width)}  ${right}`).join("\n")}`;
}

/**
 * Parses `argv` strictly against `specs`; throws a UsageError naming the bad flag.
 * @template {FlagSpecs} S
 * @param {S} specs @param {string[]} [argv]
 * A flag marked `required` must be given (unless `--help` is), so its value is typed as present.
 * @returns {{ [K in keyof S as S[K] extends { required: true } ? never : K]?: S[K]["type"] extends "boolean" ? boolean : string } & { [K in keyof S as S[K] extends { required: true } ? K : never]: string } & { help?: boolean }}
 */
export function parseFlags(specs, argv = process.argv.slice(2)) {
  /** @type {Record<string, { type: "string" | "boolean" }>} */
  const options = { help: { type: "boolean" } };
  for (const [name, spec] of Object.entries(specs)) options[name] = { type: spec.type };
  try {
    const { values, tokens } = parseArgs({ args: argv, options, strict: true, allowPositionals: false, tokens: true });
    const seen = new Set();
    for (const token of tokens) {
      if (token.kind !== "option") continue;
      if (seen.has(token.name)) throw new UsageError(`--${token.name} is given more than once`);
      seen.add(token.name);
    }
    for (const [name, value] of Object.entries(values)) {
      if (typeof value === "string" && value.trim() === "") throw new UsageError(`--${name} needs a non-empty value`);
    }
    if (!values.help) {
      for (const [name, spec] of Object.entries(specs)) {
        if (spec.required && values[name] === undefined) throw new UsageError(`--${name} <${spec.value ?? "value"}> is required`);
      }
    }
    return /** @type {any} */ (values);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = /** @type {{ code?: string }} */ (error).code ?? "";
    if (code.startsWith("ERR_PARSE_ARGS")) throw new UsageError(/** @type {Error} */ (error).message);
    throw error;
  }
}

/**
 * The flags of a script run from the command line. Prints the usage and exits: 0 for `--help`,
 * 2 (with the mistake first) for a bad command line.
 * @template {FlagSpecs} S
 * @param {string} command @param {S} specs @param {string[]} [argv]
 */
export function commandLine(command, specs, argv = process.argv.slice(2)) {
  try {
    const values = parseFlags(specs, argv);
    if (values.help) {
      console.log(usage(command, specs));
      process.exit(0);
    }
    return values;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${command.replace(/ --$/, "")}: ${error.message}\n${usage(command, specs)}`);
    process.exit(2);
  }
}

/** The flags most steps take. @satisfies {FlagSpecs} */
export const OUT_FLAG = { out: { type: "string", value: "dir", description: "write into <dir> instead of generated/" } };
/** @satisfies {FlagSpecs} */
export const SOURCE_FLAG = {
  source: { type: "string", value: "root.yaml", description: "the root file of the document (default openapi/openapi.yaml)" },
};
