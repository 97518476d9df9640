// @ts-check
// npm installs that may need the registry, made to fail fast and say why: first from npm's cache
// alone (`--offline`); only when something is not cached, a quick probe of the registry; and
// when the registry does not answer, a RegistryUnavailableError naming what needed it, within
// seconds, instead of npm's minutes of retries.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const exec = promisify(execFile);

/** The registry npm uses here (as npm passes it to scripts), or npm's default. */
export const registryUrl = () => process.env.npm_config_registry || "https://registry.npmjs.org/";

/** How long the registry probe waits for an answer, by default. */
export const PROBE_TIMEOUT_MS = 10_000;

export class RegistryUnavailableError extends Error {
  /** @param {string} what what needed the registry @param {string} registry @param {string} reason */
  constructor(what, registry, reason) {
    super(
      `needs the npm registry (${registry}) to install ${what}, and it cannot be reached: ${reason}. Run once with network access; the result is cached.`,
    );
    this.name = "RegistryUnavailableError";
  }
}

/**
 * Resolves when the registry answers its ping within `timeoutMs`; rejects with the reason otherwise.
 * @param {string} registry @param {number} timeoutMs
 */
export async function probeRegistry(registry = registryUrl(), timeoutMs = PROBE_TIMEOUT_MS) {
  const url = new URL("-/ping", registry.endsWith("/") ? registry : `${registry}/`);
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    if (response.status >= 500) throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    const failure = /** @type {Error & { cause?: { code?: string, message?: string } }} */ (error);
    if (failure.name === "TimeoutError") throw new Error(`no answer within ${timeoutMs / 1000} s`);
    throw new Error(failure.cause?.code ?? failure.cause?.message ?? failure.message);
  }
}

/**
 * @typedef {object} InstallOptions
 * @property {string} cwd where npm runs
 * @property {string} what what the install is for, as the error should name it
 * @property {string} [registry] default: registryUrl()
 * @property {number} [probeTimeoutMs] default: PROBE_TIMEOUT_MS
 * @property {NodeJS.ProcessEnv} [env]
 */

/**
 * `npm install <args>`, from the cache when it can, from the registry when it must and can.
 * @param {string[]} args @param {InstallOptions} options
 */
export async function npmInstall(args, { cwd, what, registry = registryUrl(), probeTimeoutMs = PROBE_TIMEOUT_MS, env = process.env }) {
  const common = ["install", ...args, "--no-audit", "--no-fund", "--loglevel=error", `--registry=${registry}`];
  const run = (/** @type {string[]} */ extra, /** @type {number} */ timeout) =>
    exec("npm", [...common, ...extra], {
      cwd,
      timeout,
      killSignal: "SIGKILL",
      env: { ...env, npm_config_update_notifier: "false" },
      maxBuffer: 16 * 1024 * 1024,
    });
  try {
    return await run(["--offline"], 120_000);
  } catch (error) {
    const output = `${/** @type {{ stderr?: string }} */ (error).stderr ?? ""}`;
    // Anything but "not in the cache" is a real failure of the install itself.
    if (!/ENOTCACHED|offline mode/i.test(output)) throw error;
  }
  try {
    await probeRegistry(registry, probeTimeoutMs);
  } catch (error) {
    throw new RegistryUnavailableError(what, registry, /** @type {Error} */ (error).message);
  }
  return run(["--prefer-offline", "--fetch-timeout=20000", "--fetch-retries=1"], 300_000);
}
