// @ts-check
// A file generated from the code (docs/architecture.md, docs/checks.md): written, or with `--check`
// compared, failing (exit 1) with the command that rewrites it.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { repoRoot } from "./paths.js";

/**
 * @param {{ file: string, wanted: string, check: boolean, label: string, differs: string, fix: string }} options
 *   `label` prefixes every line (`module-graph`); `differs` says what the file does not match; `fix` is the command to run.
 */
export async function writeOrCheck({ file, wanted, check, label, differs, fix }) {
  const shownPath = path.relative(repoRoot, file);
  if (!check) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, wanted);
    console.log(`${label}: wrote ${shownPath}`);
    return;
  }
  const current = await readFile(file, "utf8").catch(() => null);
  if (current === wanted) return void console.log(`${label}: ${shownPath} is up to date`);
  console.error(`${label}: ${shownPath} ${current === null ? "is missing" : differs}. Run \`${fix}\` and commit.`);
  process.exitCode = 1;
}
