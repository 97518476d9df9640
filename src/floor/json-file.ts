// A JSON file a flag names (seed data, credentials): read and parsed, or an error naming the flag,
// the file and where it breaks, never the content (it may hold secrets).
import { readFile } from "node:fs/promises";
import { whereJsonBreaks } from "./json-position.js";

/** A file a flag names that cannot be used (exit 1). */
export class ConfigFileError extends Error {
  override name = "ConfigFileError";
}

export async function readJsonFile(file: string, flag: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new ConfigFileError(`${flag} ${file}: ${readProblem(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigFileError(`${flag} ${file} is not valid JSON${whereJsonBreaks(text)}`);
  }
}

/** Why a file cannot be read, in words (`no such file`), the platform's code for the rare rest. */
export function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "is a folder, not a file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return `cannot be read (${code ?? (error as Error).message})`;
}
