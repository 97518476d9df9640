// The stateful mock: serves a list of services the way the provider does (fuzzy, case-insensitive
// name filter; id and status filters; sorting; limit/offset paging; total_count), behind a gateway
// that checks credentials and throttles, with faults on demand, services that change over time and
// a control API. Every answer is checked against the document before it is sent (a page's services
// were checked once, when they entered).
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import * as compiled from "../../generated/contract-validators.js";
import { errorBodies, queryParameterLimits } from "../../generated/document-facts.js";
import { validateListEndpointServicesRequest, validateListEndpointServicesResponse } from "../contract/index.js";
import type { EndpointService, ErrorBody } from "../types.js";
import { CONTROL_PREFIX, handleControl } from "./control.js";
import { documentedExamples } from "./examples.js";
import { createRandomFaults, createThrottle, parsePrefer, PreferError, sendWithFault, throttledBody, type Fault } from "./faults.js";
import { bodyReader, createGateway, type GatewayCredentials } from "./gateway.js";
import { Lifecycle, MockClock, type LifecycleOptions } from "./lifecycle.js";
import type { RunningMock } from "./prism.js";
import { ServiceStore, type SortDir, type SortKey } from "./store.js";
import { listen } from "./listen.js";

export { checkSeed, SeedDataError } from "./store.js";

/** The documented 400 code for a refused parameter (`EndPoint.0002` for the others). */
const CODE_BY_PARAMETER: Record<string, ErrorBody> = {
  limit: errorBodies["EndPoint.0006"],
  offset: errorBodies["EndPoint.0010"],
  sort_key: errorBodies["EndPoint.0017"],
  sort_dir: errorBodies["EndPoint.0018"],
  status: errorBodies["EndPoint.0019"],
  endpoint_service_name: errorBodies["EndPoint.1003"],
  project_id: errorBodies["EndPoint.0014"],
};
const SYSTEM_ERROR: ErrorBody = errorBodies["EndPoint.0001"];
const RANDOM_CODE_BODIES: Record<number, ErrorBody> = {
  500: SYSTEM_ERROR,
  504: errorBodies["EndPoint.0013"],
};

export interface StatefulOptions {
  services: EndpointService[];
  host?: string;
  /** 0 picks a free port. */
  port?: number;
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
   * The origin allowed to call the mock from a browser page (`*` for any), answered in CORS headers
   * and to preflight requests; off by default, like the real service's documented behaviour (none).
   */
  cors?: string;
}

export interface StatefulMock extends RunningMock {
  /** What the gateway checks, for the ready line. */
  description: string;
}

export async function startStatefulMock(options: StatefulOptions): Promise<StatefulMock> {
  const { services, host = "127.0.0.1", port = 0, onInvalidAnswer, rateLimit, control = true, cors } = options;
  let log = "";
  const clock = new MockClock();
  const store = new ServiceStore(services);
  const lifecycle = new Lifecycle(store, clock, options.lifecycle);
  lifecycle.scheduleAll(services);
  const gateway = createGateway(options.credentials ?? {}, () => clock.now());
  let throttle = rateLimit === undefined ? undefined : createThrottle(rateLimit);
  const randomFault = options.faults ? createRandomFaults(options.faults.rate, options.faults.seed) : undefined;
  const onPath = new RegExp(`^${compiled.operationPath.replace("{project_id}", "[^/]+")}/?$`);

  function answer(res: ServerResponse, requestId: string, status: number, body: unknown, fault?: Fault, checked = false) {
    const headers: Record<string, string> = { "Content-Type": "application/json", "X-Request-Id": requestId };
    if (!checked) {
      const result = validateListEndpointServicesResponse(status, headers, body);
      if (!result.valid) return refuseInvalid(res, requestId, result.errors.map((e) => `${e.path}: ${e.message}`), fault);
    }
    const text = typeof body === "string" ? body : JSON.stringify(body);
    if (fault) return void sendWithFault(res, fault, status, headers, text).catch(() => res.destroy());
    // A string body goes out with the headers in one write; a Buffer would take a second one.
    res.writeHead(status, { ...headers, "Content-Length": String(Buffer.byteLength(text)) }).end(text);
  }

  function refuseInvalid(res: ServerResponse, requestId: string, problems: string[], fault?: Fault) {
    log += `refused to send an invalid answer: ${problems.join("; ")}\n`;
    onInvalidAnswer?.(problems);
    answer(res, requestId, 500, SYSTEM_ERROR, fault, true);
  }

  /** `Prefer: code=N[, example=name]`: the document's example for that status. */
  function preferredAnswer(code: number, example: string | undefined, requestId: string): { status: number; body: unknown } | undefined {
    const examples = documentedExamples();
    const named = examples.get(code);
    if (!named) throw new PreferError(`Prefer: code=${code}: not a documented status; documented: ${[...examples.keys()].join(", ")}`);
    if (code === 200 && example === undefined) return undefined; // the real page
    const name = example ?? named.keys().next().value;
    if (name === undefined || !named.has(name)) {
      throw new PreferError(`Prefer: example=${example}: no such example for ${code}; known: ${[...named.keys()].join(", ") || "none"}`);
    }
    const body = named.get(name);
    return { status: code, body: body && typeof body === "object" && !Array.isArray(body) && "request_id" in body ? { ...body, request_id: requestId } : body };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    // Joined as text: `new URL("//", base)` would read a target such as `//` as a host and throw.
    const target = `http://mock.local${req.url ?? "/"}`;
    const url = new URL(URL.canParse(target) ? target : "http://mock.local/");
    const requestId = randomUUID().replaceAll("-", "");
    if (cors !== undefined) {
      res.setHeader("Access-Control-Allow-Origin", cors);
      res.setHeader("Access-Control-Expose-Headers", "X-Request-Id");
      if (cors !== "*") res.setHeader("Vary", "Origin");
      if (req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined) {
        res.writeHead(204, {
          "Access-Control-Allow-Methods": "GET",
          "Access-Control-Allow-Headers": req.headers["access-control-request-headers"] ?? "",
          "Access-Control-Max-Age": "600",
        });
        return void res.end();
      }
    }
    if (control && url.pathname.startsWith(CONTROL_PREFIX)) {
      lifecycle.tick();
      return handleControl(req, res, url, controlTarget);
    }
    if (!onPath.test(url.pathname) || req.method !== "GET") {
      return answer(res, requestId, 404, errorBodies["EndPoint.0005"]);
    }
    lifecycle.tick();
    let preference;
    try {
      preference = parsePrefer(req.headers.prefer === undefined ? undefined : String(req.headers.prefer));
    } catch (error) {
      return answer(res, requestId, 400, { ...errorBodies["EndPoint.0002"], error_msg: `${errorBodies["EndPoint.0002"].error_msg} vpcep-mock: ${(error as Error).message}` });
    }
    let fault = preference.fault;
    if (!fault && preference.code === undefined && randomFault) {
      const picked = randomFault();
      if (picked && "fault" in picked) fault = picked.fault;
      else if (picked?.code === 429) return answer(res, requestId, 429, throttledBody(rateLimit ?? 1, requestId));
      else if (picked) return answer(res, requestId, picked.code, RANDOM_CODE_BODIES[picked.code]);
    }
    const verdict = await gateway.check("GET", url, req.headers, bodyReader(req));
    if (!verdict.ok) {
      const body: ErrorBody = verdict.code.startsWith("APIGW.")
        ? { error_code: verdict.code, error_msg: verdict.message, request_id: requestId }
        : { error_code: verdict.code, error_msg: verdict.message };
      return answer(res, requestId, verdict.status, body, fault);
    }
    if (throttle && !throttle(verdict.principal)) return answer(res, requestId, 429, throttledBody(rateLimit!, requestId), fault);
    if (preference.code !== undefined) {
      try {
        const preferred = preferredAnswer(preference.code, preference.example, requestId);
        if (preferred) return answer(res, requestId, preferred.status, preferred.body, fault);
      } catch (error) {
        return answer(res, requestId, 400, { ...errorBodies["EndPoint.0002"], error_msg: `${errorBodies["EndPoint.0002"].error_msg} vpcep-mock: ${(error as Error).message}` });
      }
    }
    const request = validateListEndpointServicesRequest(url);
    if (!request.valid) {
      const parameter = request.errors[0]?.path.split(".").pop() ?? "";
      return answer(res, requestId, 400, CODE_BY_PARAMETER[parameter] ?? errorBodies["EndPoint.0002"], fault);
    }
    const q = url.searchParams;
    const page = store.page({
      id: q.get("id") ?? undefined,
      status: q.get("status") ?? undefined,
      name: q.get("endpoint_service_name")?.toLowerCase(),
      publicBorderGroup: q.get("public_border_group") ?? undefined,
      sortKey: (q.get("sort_key") ?? queryParameterLimits.sort_key.default) as SortKey,
      sortDir: (q.get("sort_dir") ?? queryParameterLimits.sort_dir.default) as SortDir,
      offset: Number(q.get("offset") ?? queryParameterLimits.offset.default),
      limit: Number(q.get("limit") ?? queryParameterLimits.limit.default),
    });
    if (page.problems.length > 0) return refuseInvalid(res, requestId, page.problems, fault);
    answer(res, requestId, 200, `{"endpoint_services":[${page.items.join(",")}],"total_count":${page.total}}`, fault, true);
  }

  const controlTarget = {
    list: () => store.list(),
    get: (id: string) => store.get(id),
    put: (service: EndpointService, transition?: Parameters<Lifecycle["schedule"]>[1]) => {
      store.put(service);
      lifecycle.schedule(service, transition);
    },
    remove: (id: string) => store.remove(id),
    advance: (ms: number) => {
      clock.advance(ms);
      lifecycle.tick();
    },
    reset: () => {
      clock.reset();
      store.load(services);
      lifecycle.clear();
      lifecycle.scheduleAll(services);
      if (rateLimit !== undefined) throttle = createThrottle(rateLimit);
    },
    now: () => clock.now(),
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log += `error: ${error instanceof Error ? error.message : String(error)}\n`;
      if (!res.headersSent) answer(res, randomUUID().replaceAll("-", ""), 500, SYSTEM_ERROR, undefined, true);
      else res.destroy();
    });
  });
  return {
    ...(await listen(server, host, port)),
    description: gateway.description,
    output: () => log,
  };
}
