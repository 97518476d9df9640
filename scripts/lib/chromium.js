// @ts-check
// Debian's Chromium, driven by playwright-core, offline. Shared by the browser tests and the bench.
import { accessSync, constants } from "node:fs";
import path from "node:path";

/** The first of `names` that is an executable on PATH. @param {readonly string[]} names */
export function findOnPath(names) {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export const findChromium = () => findOnPath(["chromium", "chromium-browser"]);

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** @param {string} executablePath */
export async function launchChromium(executablePath) {
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath, args: ARGS });
}

/** The same browser as a server other processes connect to (on a free loopback port). @param {string} executablePath */
export async function launchChromiumServer(executablePath) {
  const { chromium } = await import("playwright-core");
  return chromium.launchServer({ executablePath, args: ARGS, host: "127.0.0.1", port: 0 });
}

/** Whether a URL stays on this machine: the page file itself, inline data, or loopback. @param {string} url */
export const isLocal = (url) => /^(file:|data:|blob:|about:|http:\/\/127\.0\.0\.1[:/])/.test(url);
