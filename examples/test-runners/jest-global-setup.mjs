// jest.config.mjs: { globalSetup: "./jest-global-setup.mjs", globalTeardown: "./jest-global-teardown.mjs" }
// Jest runs both in its own process, the tests in workers: the URL goes to them in the environment.
import { startMock } from "vpcep-openapi/mock";

export default async function globalSetup() {
  const mock = await startMock({ stateful: true, token: "test-token" });
  globalThis.vpcepMock = mock;
  process.env.VPCEP_MOCK_URL = mock.url;
}
