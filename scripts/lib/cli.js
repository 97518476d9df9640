// @ts-check
// Lets each step module run on its own (`node scripts/lint.js`) as well as inside `npm run build`.
import { pathToFileURL } from "node:url";

/** @param {string} moduleUrl */
export const isMain = (moduleUrl) =>
  process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href;

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

/** Reads `--name value` from argv. @param {string} name @param {string[]} [argv] */
export function flag(name, argv = process.argv.slice(2)) {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : undefined;
}
