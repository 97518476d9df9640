export default {
  globalSetup: "./jest-global-setup.mjs",
  globalTeardown: "./jest-global-teardown.mjs",
  testMatch: ["**/services.jest.test.mjs"],
  transform: {},
};
