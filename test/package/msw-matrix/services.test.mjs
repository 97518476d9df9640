// Runs inside each scratch project of the MSW matrix (msw-matrix.test.ts): vpcep-openapi/msw with
// the project's own msw, vitest and Node, as a user's test file would use them.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { createVpcepClient } from "vpcep-openapi";
import { createVpcepMsw } from "vpcep-openapi/msw";

const services = [
  { id: "svc-1", service_name: "one", service_type: "interface", status: "available", created_at: "2024-01-01T00:00:00Z" },
  { id: "svc-2", service_name: "two", service_type: "interface", status: "available", created_at: "2024-01-02T00:00:00Z" },
];
const mock = createVpcepMsw({ services, region: "eu-de", token: "t" });
const server = setupServer(...mock.handlers);
const client = createVpcepClient({ region: "eu-de", projectId: "p", auth: { token: "t" }, retry: false });

// What msw itself calls unhandled (a failed fetch alone could be the network's doing): msw 2 tells
// its onUnhandledRequest, msw 3 (which ignores that name) its request:unhandled event.
const unhandled = new Set();
server.events.on("request:unhandled", ({ request }) => void unhandled.add(request.url));

beforeAll(() =>
  server.listen({
    onUnhandledRequest(request, print) {
      unhandled.add(request.url);
      print.error();
    },
  }),
);
afterEach(() => mock.reset());
afterAll(() => server.close());

it("serves pages, filters and the gateway's 401", async () => {
  // Newest first, the provider's default order.
  const page = await client.listEndpointServices({ limit: 1 });
  expect(page).toMatchObject({ total_count: 2, endpoint_services: [{ id: "svc-2" }] });
  expect((await client.listEndpointServices({ endpoint_service_name: "TWO" })).endpoint_services.map((s) => s.id)).toEqual(["svc-2"]);
  const refused = await fetch("https://vpcep.eu-de.otc.t-systems.com/v1/p/vpc-endpoint-services", { headers: { "X-Auth-Token": "no" } });
  expect(refused.status).toBe(401);
});

it("is driven in process: services added, the clock moved", async () => {
  const [added] = await mock.addServices({ service_name: "new", service_type: "interface", status: "creating" }, { afterMs: 5000 });
  await mock.advanceClock(5000);
  expect((await mock.services()).find((s) => s.id === added.id)?.status).toBe("available");
});

it("answers Prefer: fault=reset as a network error, and leaves other origins to msw's onUnhandledRequest", async () => {
  await expect(
    fetch("https://vpcep.eu-de.otc.t-systems.com/v1/p/vpc-endpoint-services", { headers: { "X-Auth-Token": "t", Prefer: "fault=reset" } }),
  ).rejects.toThrow();
  await expect(fetch("https://unrelated.example/")).rejects.toThrow();
  await expect(fetch("https://vpcep.eu-nl.otc.t-systems.com/v1/p/vpc-endpoint-services")).rejects.toThrow();
  expect([...unhandled]).toEqual(["https://unrelated.example/", "https://vpcep.eu-nl.otc.t-systems.com/v1/p/vpc-endpoint-services"]);
});
