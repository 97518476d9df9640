// vitest.config.ts: test: { globalSetup: ["./vitest-global-setup.ts"] }
// One stateful mock for the whole run, on a free port; each test file reads its URL with inject().
import { startMock } from "vpcep-openapi/mock";
import type { TestProject } from "vitest/node";
// Loads vitest's types, so that the augmentation below finds the module (TS2664 under module nodenext).
import type {} from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    vpcepMockUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const mock = await startMock({ stateful: true, token: "test-token", rateLimit: 2 });
  project.provide("vpcepMockUrl", mock.url);
  return () => mock.close();
}
