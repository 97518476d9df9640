// The page script of test/msw/browser.test.ts, bundled by rolldown for the browser: the package's
// handlers under msw's setupWorker (a service worker), with our client calling through it. It
// exposes `runVpcepMsw()` for the test to call with page.evaluate; the result is plain JSON.
import { setupWorker } from "msw/browser";
import { exampleServices } from "../../generated/contract-validators.js";
import { createVpcepClient, type EndpointService } from "../../src/index.js";
import { createVpcepMsw, vpcepHandlers } from "../../src/msw.js";
import { KEY, TOKEN } from "./cases.js";

const services = [...exampleServices];
const region = "eu-de";

const failure = (error: { status?: number; errorCode?: string; name?: string }) => ({
  name: error.name,
  status: error.status,
  code: error.errorCode,
});

async function run() {
  const vpcep = createVpcepMsw({ services, region, token: TOKEN, keys: [KEY] });
  // A second set of handlers, the one-liner, for another region: every credential accepted.
  const worker = setupWorker(...vpcep.handlers, ...vpcepHandlers({ services, region: "eu-nl" }));
  await worker.start({ quiet: true, onUnhandledFrame: "error", serviceWorker: { url: "/mockServiceWorker.js" } });
  try {
    const withToken = createVpcepClient({ projectId: "p1", region, auth: { token: TOKEN }, retry: false });
    const withKeys = createVpcepClient({ projectId: "p1", region, auth: KEY, retry: false });
    const wrongSecret = createVpcepClient({ projectId: "p1", region, auth: { ...KEY, secretKey: "wrong" }, retry: false });
    const anyToken = createVpcepClient({ projectId: "p1", region: "eu-nl", auth: { token: "anything" }, retry: false });
    const ids = (list: readonly EndpointService[]) => list.map((s) => s.id);

    const token = ids(await withToken.listAllEndpointServices());
    const keys = ids(await withKeys.listAllEndpointServices());
    const otherRegion = ids(await anyToken.listAllEndpointServices());
    const unsigned = await wrongSecret.listEndpointServices().then(() => "no error", failure);
    const refused = await withToken.listEndpointServices({ status: "nonsense" as never }).then(() => "no error", failure);

    const pages: { total: number; ids: (string | undefined)[] }[] = [];
    for (let offset = 0; offset < 100; offset += 2) {
      const page = await withKeys.listEndpointServices({ limit: 2, offset, sort_key: "create_at", sort_dir: "asc" });
      pages.push({ total: page.total_count, ids: ids(page.endpoint_services) });
      if (page.endpoint_services.length < 2) break;
    }

    const [added] = await vpcep.addServices({ ...services[0]!, id: "added-in-the-browser", service_name: "added" } as never);
    const afterAdd = ids(await withToken.listAllEndpointServices());
    const named = await withToken.listEndpointServices({ endpoint_service_name: "added" });
    await vpcep.reset();
    const afterReset = ids(await withToken.listAllEndpointServices());
    // What the page's own fetch sees: the service worker answers, with the mock's headers.
    const raw = await fetch(`https://vpcep.${region}.otc.t-systems.com/v1/p1/vpc-endpoint-services?limit=5000`, {
      headers: { "X-Auth-Token": TOKEN },
    });
    const rawAnswer = { status: raw.status, contentType: raw.headers.get("content-type"), body: await raw.json() };
    const controlled = navigator.serviceWorker.controller?.scriptURL ?? "";
    return {
      token,
      keys,
      otherRegion,
      unsigned,
      refused,
      pages,
      added: added?.id,
      afterAdd,
      named: { total: named.total_count, ids: ids(named.endpoint_services) },
      afterReset,
      rawAnswer,
      controlled,
    };
  } finally {
    worker.stop();
  }
}

(globalThis as { runVpcepMsw?: typeof run }).runVpcepMsw = run;
