// The stateful mock without a server: its state (store, clock, lifecycle, gateway) and the steps a
// request goes through, from a plain request to a plain answer. Nothing here loads a Node built-in,
// so the same steps serve node:http (stateful.ts), a fetch handler (fetch.ts) and MSW (../msw.ts),
// in Node and in a browser.
import type { EndpointService } from "../../document/types.js";
import { createAdmission } from "../admission.js";
import { type ControlApi, type ControlTarget, createControlApi } from "../control/api.js";
import { handleControl } from "../control/control.js";
import { createControlGuard } from "../control/control-guard.js";
import { isPreflight, preflight, withCors } from "../cors.js";
import { headerText, type MockAnswer, type MockRequest } from "../exchange.js";
import { askedFault, createChaos } from "../faults.js";
import { createGateway, type GatewayCredentials } from "../gateway.js";
import { Lifecycle, MockClock, type LifecycleOptions } from "../state/lifecycle.js";
import type { ConnectionBounds } from "../listen.js";
import { choosePreferred, readPreference } from "../prefer.js";
import { type QueryPolicy, readQuery } from "../query.js";
import { NOT_FOUND, SYSTEM_ERROR } from "../../document/refusals.js";
import { createResponder } from "../respond.js";
import { isControl, isOperation, targetUrl } from "../route.js";
import { ServiceStore } from "../state/store.js";
import { createUnlistedReporter } from "../unlisted.js";

export interface StatefulOptions {
  services: EndpointService[];
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Bounds on the server's connections (startStatefulMock; the fetch and MSW handlers have no server). */
  connections?: ConnectionBounds;
  /** Called with the violations of an answer the mock refused to send (it sends a 500 instead). */
  onInvalidAnswer?: (problems: string[]) => void;
  /** Tokens and key pairs the gateway accepts; none: any credential is accepted (presence only). */
  credentials?: GatewayCredentials;
  /** Requests per second per credential beyond which the gateway answers 429 APIGW.0308. */
  rateLimit?: number;
  /** Faults injected at random into `rate` (0 to 1) of the requests, reproducibly from `seed`. */
  faults?: { rate: number; seed: number };
  lifecycle?: LifecycleOptions;
  /** The control API under /__mock/; on by default. */
  control?: boolean;
  /**
   * A token for the control API alone (`Authorization: Bearer <token>`). The control API needs it,
   * or a credential the gateway accepts, whenever either is configured (see control-guard.ts).
   */
  controlToken?: string;
  /**
   * The origin allowed to call the mock from a browser page (`*` for any), answered in CORS headers
   * and to preflight requests; off by default, like the real service's documented behaviour (none).
   */
  cors?: string;
  /** Refuse a query parameter the document does not list (400 `EndPoint.0002`); by default it is ignored, as by the service. */
  strictQuery?: boolean;
  /** Called with each line of warning the mock notes (an ignored query parameter, once per name). */
  onWarning?: (line: string) => void;
}

export interface StatefulHandler {
  /** Answers one request; never throws (a failure is a 500 `EndPoint.0001`, noted in `output`). */
  handle(request: MockRequest): Promise<MockAnswer>;
  /** What the gateway checks, for the ready line. */
  description: string;
  /** What the mock noted so far: answers it refused to send, failures. */
  output(): string;
  /**
   * The `Host` values control calls may carry (see `controlHosts`); until called, Host is not
   * checked (a fetch handler runs in-process). An empty list refuses every control call.
   */
  allowControlHosts(hosts: Iterable<string>): void;
  /** The control API called in process by the code that owns the mock (no Host, content-type or credential check). */
  control(request: MockRequest): Promise<MockAnswer>;
  /** The control API's typed calls, in process (what `vpcep-openapi/msw` and startMock's methods call). */
  api: ControlApi;
}

const newRequestId = () => crypto.randomUUID().replaceAll("-", "");

/** The mock without a server: its state, and the steps a request goes through. */
export function createStatefulHandler(options: StatefulOptions): StatefulHandler {
  const { services, onInvalidAnswer, rateLimit, control = true, cors } = options;
  let log = "";
  const clock = new MockClock();
  const store = new ServiceStore(services);
  const lifecycle = new Lifecycle(store, clock, options.lifecycle);
  lifecycle.scheduleAll(services);
  const gateway = createGateway(options.credentials ?? {}, () => clock.now());
  const guardControl = createControlGuard({
    ...(gateway.configured ? { gateway } : {}),
    ...(options.controlToken === undefined ? {} : { controlToken: options.controlToken }),
  });
  let hosts: ReadonlySet<string> | undefined;
  const admission = createAdmission(gateway, rateLimit);
  const chaos = options.faults ? createChaos(options.faults.rate, options.faults.seed, rateLimit) : askedFault;
  const { respond, refuse } = createResponder((problems) => {
    log += `refused to send an invalid answer: ${problems.join("; ")}\n`;
    onInvalidAnswer?.(problems);
  });
  const queryPolicy: QueryPolicy = {
    strict: options.strictQuery === true,
    onUnlisted: createUnlistedReporter((line) => {
      log += `${line}\n`;
      options.onWarning?.(line);
    }),
  };
  const controlTarget = controlTargetOf(store, clock, lifecycle, () => {
    store.load(services);
    lifecycle.scheduleAll(services);
    admission.reset();
  });

  // The steps, in order; the first that stops the request answers it.
  async function steps(request: MockRequest, requestId: string, url: URL): Promise<MockAnswer> {
    if (cors !== undefined && isPreflight(request)) return preflight(request);
    if (!isOperation(request.method, url)) return respond(requestId, { status: 404, body: NOT_FOUND });
    lifecycle.tick();
    const preference = readPreference(headerText(request.headers["prefer"]));
    if (!preference.ok) return respond(requestId, preference.reply);
    const chosen = chaos(preference.value, requestId);
    if (!chosen.ok) return respond(requestId, chosen.reply);
    const fault = chosen.value;
    const admitted = await admission.admit(request, url, requestId);
    if (!admitted.ok) return respond(requestId, admitted.reply, fault);
    const preferred = choosePreferred(preference.value, requestId);
    if (!preferred.ok) return respond(requestId, preferred.reply);
    if (preferred.value) return respond(requestId, preferred.value, fault);
    const query = readQuery(url, queryPolicy);
    if (!query.ok) return respond(requestId, query.reply, fault);
    const page = store.page(query.value);
    if (page.problems.length > 0) return refuse(requestId, page.problems, fault);
    return respond(
      requestId,
      { status: 200, body: `{"endpoint_services":[${page.items.join(",")}],"total_count":${page.total}}` },
      fault,
      true,
    );
  }

  async function handle(request: MockRequest): Promise<MockAnswer> {
    const requestId = newRequestId();
    const url = targetUrl(request.target);
    // The control API comes first, and its answers carry no CORS headers: no page may call it.
    if (control && isControl(url)) {
      try {
        const refused = await guardControl(request, url, hosts);
        if (refused) return refused;
        lifecycle.tick();
        return await handleControl(request, url, controlTarget);
      } catch (error) {
        log += `control API: ${error instanceof Error ? error.message : String(error)}\n`;
        return { status: 400, headers: { "Content-Type": "application/json" }, body: '{"error":"the request could not be read"}' };
      }
    }
    let answer: MockAnswer;
    try {
      answer = await steps(request, requestId, url);
    } catch (error) {
      log += `error: ${error instanceof Error ? error.message : String(error)}\n`;
      answer = respond(requestId, { status: 500, body: SYSTEM_ERROR }, undefined, true);
    }
    return cors === undefined ? answer : withCors(answer, cors);
  }

  /** A control call from the code that owns the mock (in process): trusted, so not guarded. */
  async function controlInProcess(request: MockRequest): Promise<MockAnswer> {
    lifecycle.tick();
    return handleControl(request, targetUrl(request.target), controlTarget);
  }

  const api = createControlApi(controlTarget, { howToChange: () => "updateService()", beforeCall: () => lifecycle.tick() });

  return {
    handle,
    control: controlInProcess,
    api,
    description: gateway.description,
    output: () => log,
    allowControlHosts: (list) => void (hosts = new Set([...list].map((host) => host.toLowerCase()))),
  };
}

/** What the control API may change: the store and the clock, with the lifecycle kept in step. */
function controlTargetOf(store: ServiceStore, clock: MockClock, lifecycle: Lifecycle, reseed: () => void): ControlTarget {
  return {
    list: () => store.list(),
    get: (id) => store.get(id),
    has: (id) => store.has(id),
    put: (service, transition) => {
      store.put(service);
      lifecycle.schedule(service, transition);
    },
    addMany: async (services, transition) => {
      await store.addMany(services);
      for (const service of services) lifecycle.schedule(service, transition);
    },
    remove: (id) => store.remove(id),
    advance: (ms) => {
      clock.advance(ms);
      lifecycle.tick();
    },
    reset: () => {
      clock.reset();
      lifecycle.clear();
      reseed();
    },
    now: () => clock.now(),
  };
}
