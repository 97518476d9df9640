// What the Node tests run under Node 22 (msw 3 needs Node 22.12 or newer): each scenario sets up
// MSW's `setupServer` with the package's handlers, does what a user's test would, and returns what
// it saw as JSON for the vitest file (under Node 20) to check. Bundled by rolldown (bundle.ts).
import { setupServer } from "msw/node";
import { exampleServices } from "../../generated/contract-validators.js";
import { createVpcepClient } from "../../src/index.js";
import { createVpcepMsw, type VpcepMswOptions, vpcepHandlers } from "../../src/msw.js";
import { type Case, KEY, send, TOKEN } from "./cases.js";

const services = [...exampleServices];
const LIST = "/v1/p/vpc-endpoint-services";

async function withServer<T>(handlers: Parameters<typeof setupServer>, run: () => Promise<T>): Promise<T> {
  const server = setupServer(...handlers);
  server.listen({ onUnhandledFrame: "error" });
  try {
    return await run();
  } finally {
    server.close();
  }
}

export const scenarios: Record<string, (input: unknown) => Promise<unknown>> = {
  /** The differential side: every case in order against the handlers of one region. */
  async differential(input) {
    const { cases, origin } = input as { cases: Case[]; origin: string };
    const handlers = vpcepHandlers({ services, region: "eu-de", token: TOKEN, keys: [KEY] });
    return withServer(handlers, async () => {
      const seen = [];
      for (const c of cases) seen.push(await send(origin, c));
      return seen;
    });
  },

  /** Which origins the handlers answer, per way of choosing them. */
  async origins(input) {
    const { options, urls } = input as { options: Omit<VpcepMswOptions, "services">; urls: string[] };
    return withServer(vpcepHandlers({ services, token: TOKEN, ...options }), async () => {
      const seen: Record<string, number | "unhandled"> = {};
      for (const url of urls) {
        seen[url] = await fetch(url, { headers: { "X-Auth-Token": TOKEN } }).then(
          (response) => response.status,
          () => "unhandled" as const,
        );
      }
      return seen;
    });
  },

  /** Which requests msw reports unhandled (its `request:unhandled` event), the handlers' status for the others. */
  async unhandled(input) {
    const { options, urls } = input as { options: Omit<VpcepMswOptions, "services">; urls: string[] };
    const server = setupServer(...vpcepHandlers({ services, token: TOKEN, ...options }));
    const unhandled: string[] = [];
    server.events.on("request:unhandled", ({ request }) => void unhandled.push(request.url));
    server.listen({ onUnhandledRequest: "bypass", onUnhandledFrame: "bypass" } as Parameters<typeof server.listen>[0]);
    try {
      const statuses: Record<string, number | "failed"> = {};
      for (const url of urls)
        statuses[url] = await fetch(url, { headers: { "X-Auth-Token": TOKEN }, signal: AbortSignal.timeout(5_000) }).then(
          (response) => response.status,
          () => "failed" as const,
        );
      return { unhandled, statuses };
    } finally {
      server.close();
    }
  },

  /** Our client, signing with AK/SK, paging through the handlers; then the control surface. */
  async client() {
    const vpcep = createVpcepMsw({ services, region: "eu-nl", keys: [KEY] });
    return withServer(vpcep.handlers, async () => {
      const client = createVpcepClient({ projectId: "p1", region: "eu-nl", auth: KEY, retry: false });
      const all = await client.listAllEndpointServices();
      const [added] = await vpcep.addServices({ ...services[0]!, id: "added-in-process", service_name: "added" } as never);
      const afterAdd = (await client.listAllEndpointServices()).map((s) => s.id);
      await vpcep.removeService(services[0]!.id!);
      const afterRemove = (await vpcep.services()).map((s) => s.id);
      await vpcep.reset();
      const afterReset = (await client.listAllEndpointServices()).map((s) => s.id);
      const refusal = await client.listEndpointServices({ status: "nonsense" as never }).then(
        () => "no error",
        (error: { status?: number; errorCode?: string }) => ({ status: error.status, code: error.errorCode }),
      );
      const wrong = createVpcepClient({ projectId: "p1", region: "eu-nl", auth: { ...KEY, secretKey: "wrong" }, retry: false });
      const unsigned = await wrong.listEndpointServices().then(
        () => "no error",
        (error: { status?: number; errorCode?: string }) => ({ status: error.status, code: error.errorCode }),
      );
      return { ids: all.map((s) => s.id), added: added?.id, afterAdd, afterRemove, afterReset, refusal, unsigned };
    });
  },

  /** A query parameter the document does not list: ignored with one warning by default, refused with `strictQuery`. */
  async unlisted() {
    const url = `https://vpcep.eu-de.otc.t-systems.com${LIST}?limit=1&futureFilter=1`;
    const statusOf = async (options: Partial<VpcepMswOptions>) => {
      const warnings: string[] = [];
      const vpcep = createVpcepMsw({ services, region: "eu-de", onWarning: (line) => warnings.push(line), ...options });
      return withServer(vpcep.handlers, async () => {
        const answers = [];
        for (let i = 0; i < 2; i++) {
          const response = await fetch(url, { headers: { "X-Auth-Token": TOKEN } });
          answers.push({ status: response.status, body: (await response.json()) as { error_code?: string } });
        }
        return { statuses: answers.map((a) => a.status), code: answers[0]?.body.error_code, warnings };
      });
    };
    return { lenient: await statusOf({}), strict: await statusOf({ strictQuery: true }) };
  },

  /** Bad options: each refused with a VpcepConfigError whose message is returned (or "accepted"). */
  async options(input) {
    const seen: string[] = [];
    for (const options of input as unknown[]) {
      try {
        createVpcepMsw(options as VpcepMswOptions);
        seen.push("accepted");
      } catch (error) {
        seen.push(`${(error as Error).name}: ${(error as Error).message}`);
      }
    }
    return seen;
  },

  /** Faults in process: which play, which become a network error. */
  async faults() {
    return withServer(vpcepHandlers({ services, baseUrl: "http://vpcep.test/api" }), async () => {
      const seen: Record<string, unknown> = {};
      for (const prefer of ["fault=reset", "fault=truncate", "fault=html-502", "fault=delay=50", "fault=slow-body=100", "code=429"]) {
        const answer = await send("http://vpcep.test/api", { target: LIST, credential: "token", prefer });
        seen[prefer] = { status: answer.status, contentType: answer.contentType, length: answer.body?.length };
      }
      return seen;
    });
  },
};

// stdin: the runs, [{ name, input }, ...]; stdout: each run's { value } or { error }, in order. One
// process runs every scenario a test file needs; a scenario that throws fails only its own run.
const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const runs = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { name: string; input?: unknown }[];
const results: ({ value: unknown } | { error: string })[] = [];
for (const { name, input } of runs) {
  const scenario = scenarios[name];
  try {
    if (!scenario) throw new Error(`no scenario ${name}`);
    results.push({ value: await scenario(input) });
  } catch (error) {
    results.push({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}
process.stdout.write(JSON.stringify(results));
