// Brings dist/ and the reference site up to date (incrementally: nothing runs when their inputs
// did not change), then starts what the test files share for the whole run: one Prism mock of
// the bundled document on a free loopback port, and one Chromium (see browser.ts).
import type { TestProject } from "vitest/node";
import { compileStep, docsStep, runSteps } from "../../scripts/build.js";
import { generatedDir, outputPath, sourceDocument } from "../../scripts/lib/paths.js";
import { startPrism } from "../../src/mock/prism.js";
import { launchSharedChromium } from "./browser.js";

declare module "vitest" {
  export interface ProvidedContext {
    mockUrl: string;
  }
}

export default async function setup(project: TestProject) {
  // The bins and the packed package run the compiled code (dist/), as users do; the browser tests
  // read the reference site. Neither is committed, and both follow src/ and generated/.
  await runSteps([compileStep, docsStep], generatedDir, sourceDocument, { log: () => {} });
  // Only the end-to-end files (`--mode e2e`, see vitest.config.ts) drive a browser.
  const browser = project.vite.config.mode === "e2e" ? launchSharedChromium() : undefined;
  const [prism, chromium] = await Promise.all([startPrism({ document: outputPath(generatedDir, "bundleYaml") }), browser]);
  project.provide("mockUrl", prism.url);
  project.provide("chromiumEndpoint", chromium?.wsEndpoint() ?? "");
  return async () => {
    await Promise.all([prism.stop(), chromium?.close()]);
  };
}
