// The second page of test/msw/browser.test.ts: the testing guide's browser snippet (examples/msw/browser.ts)
// as is, then our client signing with the snippet's key pair, through the worker it started.
import { createVpcepClient } from "../../src/index.js";
import { vpcep } from "../../examples/msw/browser.js";

async function run() {
  const client = createVpcepClient({ projectId: "my-project", region: "eu-de", auth: { accessKey: "AK", secretKey: "SK" }, retry: false });
  const wrong = createVpcepClient({
    projectId: "my-project",
    region: "eu-de",
    auth: { accessKey: "AK", secretKey: "not-SK" },
    retry: false,
  });
  const ids = (await client.listAllEndpointServices()).map((s) => s.id);
  const refused = await wrong.listEndpointServices().then(
    () => "no error",
    (error: { status?: number; errorCode?: string }) => `${error.status} ${error.errorCode}`,
  );
  return { ids, refused, held: (await vpcep.services()).length };
}

(globalThis as { runExample?: typeof run }).runExample = run;
