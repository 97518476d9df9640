// Starts one Prism mock of the bundled document for the whole run, on a free loopback port.
import type { TestProject } from "vitest/node";
import { generatedDir, outputPath } from "../../scripts/lib/paths.js";
import { startPrism } from "../../scripts/lib/prism.js";

declare module "vitest" {
  export interface ProvidedContext {
    mockUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const prism = await startPrism({ document: outputPath(generatedDir, "bundleYaml") });
  project.provide("mockUrl", prism.url);
  return async () => {
    await prism.stop();
  };
}
