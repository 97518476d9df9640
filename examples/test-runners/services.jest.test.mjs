// Run with: node --experimental-vm-modules node_modules/jest/bin/jest.js (vpcep-openapi is ESM only).
import { afterEach, expect, it } from "@jest/globals";
import { createVpcepClient } from "vpcep-openapi";

const url = process.env.VPCEP_MOCK_URL;
const client = createVpcepClient({ baseUrl: url, projectId: "my-project", auth: { token: "test-token" } });

afterEach(async () => {
  const reset = await fetch(`${url}/__mock/reset`, { method: "POST", headers: { "X-Auth-Token": "test-token" } });
  expect(reset.status).toBe(200);
});

it("lists the seed services", async () => {
  const page = await client.listEndpointServices({ limit: 10 });
  expect(page.total_count).toBeGreaterThan(0);
});
