// One Chromium for the whole run: the global setup launches Debian's Chromium as a Playwright
// browser server (when it is on PATH), and every test file that drives a browser connects to it
// here instead of starting its own. Each file still gets its own pages and contexts; closing the
// connection leaves the browser running for the other files.
import type { Browser, BrowserServer } from "playwright-core";
import { inject } from "vitest";
import { findChromium, launchChromiumServer } from "../../scripts/lib/chromium.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The shared Chromium's websocket endpoint; empty when Chromium is not on PATH. */
    chromiumEndpoint: string;
  }
}

/** Whether the browser tests can run: Chromium is on PATH. Use it with describe.skipIf. */
export const chromiumAvailable = findChromium() !== undefined;

/** A connection to the run's shared Chromium; close it in afterAll. */
export async function connectChromium(): Promise<Browser> {
  const endpoint = inject("chromiumEndpoint");
  if (!endpoint) throw new Error("no shared Chromium: it is not on PATH (apt-get install -y chromium)");
  const { chromium } = await import("playwright-core");
  return chromium.connect(endpoint);
}

/** For the global setup: launches the shared Chromium, or returns undefined without one on PATH. */
export async function launchSharedChromium(): Promise<BrowserServer | undefined> {
  const executable = findChromium();
  return executable ? launchChromiumServer(executable) : undefined;
}
