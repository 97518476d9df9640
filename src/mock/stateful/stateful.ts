// The stateful mock: serves a list of services the way the provider does (fuzzy, case-insensitive
// name filter; id and status filters; sorting; limit/offset paging; total_count), behind a gateway
// that checks credentials and throttles, with faults on demand, services that change over time and
// a control API. `handle` (handler.ts, free of Node built-ins) is the request's path through the
// steps, each in its own module, from a plain request to a plain answer; `startStatefulMock` here
// serves it over node:http. Every answer is checked against the document before it is sent (a page's services
// were checked once, when they entered).
import { controlHosts } from "../control/control-hosts.js";
import { createStatefulHandler, type StatefulHandler, type StatefulOptions } from "./handler.js";
import { listen } from "../listen.js";
import { serve } from "../node-http.js";
import type { RunningMock } from "../running.js";

export { createStatefulHandler, type StatefulHandler, type StatefulOptions } from "./handler.js";
export { checkSeed, SeedDataError } from "../state/store.js";

export interface StatefulMock extends RunningMock {
  /** What the gateway checks, for the ready line. */
  description: string;
  /** The control API's typed calls, in process, for the code that started the mock (startMock's methods). */
  api: StatefulHandler["api"];
}

export async function startStatefulMock(options: StatefulOptions): Promise<StatefulMock> {
  const handler = createStatefulHandler(options);
  handler.allowControlHosts([]); // no control call before the port is known
  const server = serve(handler.handle);
  const host = options.host ?? "127.0.0.1";
  const listening = await listen(server, host, options.port ?? 0, options.connections);
  handler.allowControlHosts(controlHosts(host, listening.port));
  return {
    ...listening,
    description: handler.description,
    output: handler.output,
    api: handler.api,
  };
}
