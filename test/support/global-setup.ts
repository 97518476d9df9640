// Compiles dist/, builds the reference site when it is missing, and starts one Prism mock of the
// bundled document for the whole run, on a free loopback port.
import { existsSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { compileRuntime, distDirFor } from "../../scripts/compile.js";
import { writeDocs } from "../../scripts/docs.js";
import { generatedDir, outputPath } from "../../scripts/lib/paths.js";
import { startPrism } from "../../src/mock/prism.js";

declare module "vitest" {
  export interface ProvidedContext {
    mockUrl: string;
  }
}

export default async function setup(project: TestProject) {
  // The reference site is a build artifact (not committed); the browser tests need it.
  if (!existsSync(outputPath(generatedDir, "docs"))) await writeDocs(generatedDir);
  // The bins and the packed package run the compiled code (dist/), as users do: always fresh.
  await compileRuntime(distDirFor(generatedDir));
  const prism = await startPrism({ document: outputPath(generatedDir, "bundleYaml") });
  project.provide("mockUrl", prism.url);
  return async () => {
    await prism.stop();
  };
}
