// Brings dist/ and the reference site up to date (incrementally: nothing runs when their inputs
// did not change), then starts what the test files share for the whole run: one Prism mock of
// the bundled document on a free loopback port, and one Chromium (see browser.ts).
//
// Prism takes seconds of CPU to start (much longer on a busy machine) and most files never call
// it, so the setup does not wait for it: it picks the port, hands the URL to the files and starts
// Prism alongside them. The files that call the mock wait for it in `beforeAll(mockReady)`
// (support/mock.ts), bounded by TIMEOUTS.prismStart.
import type { TestProject } from "vitest/node";
import { compileStep, docsStep, guidesStep, runSteps } from "../../scripts/build.js";
import { generatedDir, outputPath, sourceDocument } from "../../scripts/lib/paths.js";
import { startPrism } from "../../src/mock/prism/prism.js";
import { launchSharedChromium } from "./browser.js";
import { TIMEOUTS } from "./timeouts.js";
import { freePort } from "./loopback.js";

declare module "vitest" {
  export interface ProvidedContext {
    mockUrl: string;
  }
}

export default async function setup(project: TestProject) {
  // The bins and the packed package run the compiled code (dist/), as users do; the browser tests
  // read the site (the reference and the guides). Neither is committed, and both follow src/ and generated/.
  await runSteps([compileStep, docsStep, guidesStep], generatedDir, sourceDocument, { log: () => {} });
  const port = await freePort();
  const prism = startPrism({ document: outputPath(generatedDir, "bundleYaml"), port, timeoutMs: TIMEOUTS.prismStart });
  // The files waiting in mockReady() fail with their own message; this says why.
  prism.catch((error: unknown) => console.error(`global setup: ${error instanceof Error ? error.message : String(error)}`));
  project.provide("mockUrl", `http://127.0.0.1:${port}`);
  // Only the end-to-end files (`--mode e2e`, see vitest.config.ts) drive a browser.
  const chromium = project.vite.config.mode === "e2e" ? await launchSharedChromium() : undefined;
  project.provide("chromiumEndpoint", chromium?.wsEndpoint() ?? "");
  return async () => {
    await Promise.all([
      prism.then(
        (running) => running.stop(),
        () => {},
      ),
      chromium?.close(),
    ]);
  };
}
