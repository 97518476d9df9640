import { setupServer } from "msw/node";
import { createVpcepClient } from "vpcep-openapi";
import { createVpcepMsw } from "vpcep-openapi/msw";
import { services } from "./services.js"; // your seed data: EndpointService[]

// One region, a token checked like the gateway (or accessKey/secretKey: signatures verified).
// The one-liner `setupServer(...vpcepHandlers({ services }))` serves every documented endpoint, any credential.
const vpcep = createVpcepMsw({ services, region: "eu-de", token: "t" });
const server = setupServer(...vpcep.handlers);
// msw 2 reads onUnhandledRequest, msw 3 onUnhandledFrame (each ignores the other): this object suits both.
const strict = { onUnhandledRequest: "error", onUnhandledFrame: "error" } as const;
server.listen(strict); // in beforeAll

// The code under test: our client here; any fetch gets the same answers.
const client = createVpcepClient({ projectId: "my-project", region: "eu-de", auth: { token: "t" } });
console.log((await client.listAllEndpointServices()).length); // every seed service

// Drive the state between calls: a service created now is available five seconds later.
await vpcep.addServices({ service_name: "new", service_type: "interface", status: "creating" }, { afterMs: 5000, becomes: "available" });
await vpcep.advanceClock(5000);
const { endpoint_services } = await client.listEndpointServices({ endpoint_service_name: "new" });
console.log(endpoint_services[0]?.status); // "available"

await vpcep.reset(); // in afterEach: the seed again, the clock back, throttling forgotten
server.close(); // in afterAll
