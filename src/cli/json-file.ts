// A JSON file a flag names (seed data, credentials): read and parsed, or an error naming the flag
// and the file, never the content (it may hold secrets).
import { readFile } from "node:fs/promises";

/** A file a flag names that cannot be used (exit 1). */
export class ConfigFileError extends Error {
  override name = "ConfigFileError";
}

export async function readJsonFile(file: string, flag: string): Promise<unknown> {
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
