// A test file of the run vitest-global-setup.ts starts the mock for.
import { afterEach, expect, inject, it } from "vitest";
import { createVpcepClient } from "vpcep-openapi";

const url = inject("vpcepMockUrl");
const client = createVpcepClient({ baseUrl: url, projectId: "my-project", auth: { token: "test-token" } });

// The seed data back after each test: a plain POST (the control API takes the mock's token).
afterEach(async () => {
  const reset = await fetch(`${url}/__mock/reset`, { method: "POST", headers: { "X-Auth-Token": "test-token" } });
  expect(reset.status).toBe(200);
});

it("lists the seed services", async () => {
  const page = await client.listEndpointServices({ limit: 10 });
  expect(page.total_count).toBeGreaterThan(0);
});

it("rides through the rate limit with the client's default retries", async () => {
  const pages = await Promise.all(Array.from({ length: 6 }, () => client.listEndpointServices({ limit: 1 })));
  expect(pages).toHaveLength(6);
});
