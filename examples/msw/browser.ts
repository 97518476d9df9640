import { setupWorker } from "msw/browser"; // serve msw's worker script: npx msw init public/ --save
import { createVpcepMsw } from "vpcep-openapi/msw";
import { services } from "./services.js"; // your seed data: EndpointService[]

// The same handlers in a service worker: the page's fetch calls to the region are answered in the browser.
export const vpcep = createVpcepMsw({ services, region: "eu-de", accessKey: "AK", secretKey: "SK" });
export const worker = setupWorker(...vpcep.handlers);
// msw 2 reads onUnhandledRequest, msw 3 onUnhandledFrame (each ignores the other): this object suits both.
const passThrough = { onUnhandledRequest: "bypass", onUnhandledFrame: "bypass" } as const;
await worker.start(passThrough);
