// Shared by the composite actions' scripts: their inputs (INPUT_* environment variables set by
// action.yml), their outputs ($GITHUB_OUTPUT), and where the package's bins are.
import { appendFileSync, existsSync } from "node:fs";
import path from "node:path";

/** An input as action.yml passes it (`INPUT_DATA_FILE` for `data-file`); "" when not given. */
export const input = (name) => (process.env[`INPUT_${name.replace(/-/g, "_").toUpperCase()}`] ?? "").trim();

export function setOutput(name, value) {
  const file = process.env.GITHUB_OUTPUT;
  if (file) appendFileSync(file, `${name}=${value}\n`);
}

/** The action failed before it could do its work: say why (GitHub shows it as an annotation) and exit. */
export function fail(title, message, code = 1) {
  console.error(message);
  console.error(`::error title=${title}::${message.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A")}`);
  process.exit(code);
}

/** Splits the free-form `args` input on whitespace (no quoting: pass one flag and value per word). */
export const words = (text) => (text ? text.split(/\s+/).filter(Boolean) : []);

/**
 * How to run one of the package's bins: the workspace's own install (node_modules/.bin) when it has
 * one, so the version in its lockfile is used; otherwise `npx` with the `version` input.
 */
export function binCommand(bin, extraPackages = []) {
  const local = path.join(process.cwd(), "node_modules", ".bin", bin);
  if (existsSync(local)) return { command: local, args: [] };
  const version = input("version") || "latest";
  const packages = [`vpcep-openapi@${version}`, ...extraPackages].flatMap((p) => ["--package", p]);
  return { command: "npx", args: ["--yes", ...packages, "--", bin] };
}
