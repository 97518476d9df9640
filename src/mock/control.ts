// The control API, under a reserved path on the mock's own port, so a test can change the list
// between two pages, or move time forward:
//   GET    /__mock/services                 every service, oldest first
//   POST   /__mock/services                 add one service or an array (id, created_at filled in when absent);
//                                          ?becomes=available|failed&after_ms=N for a `creating` one's own transition
//   PATCH  /__mock/services/{id}            merge fields into one service
//   DELETE /__mock/services/{id}            remove one service
//   POST   /__mock/clock {"advance_ms": N}  move the mock's clock forward (transitions, X-Sdk-Date window)
//   POST   /__mock/reset                    the seed data again, the clock back, throttling windows cleared
import type { EndpointService } from "../types.js";
import { BODY_LIMITS } from "./body.js";
import type { MockAnswer, MockRequest } from "./exchange.js";
import { providerTime, type Transition } from "./lifecycle.js";
import { serviceProblems } from "./store.js";

export const CONTROL_PREFIX = "/__mock/";

export interface ControlTarget {
  list(): EndpointService[];
  get(id: string): EndpointService | undefined;
  /** Adds or replaces services after they were checked. */
  put(service: EndpointService, transition?: Transition): void;
  remove(id: string): boolean;
  advance(ms: number): void;
  reset(): void;
  now(): number;
}

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(request: MockRequest): Promise<unknown> {
  const bytes = await request.body(BODY_LIMITS.control);
  // The rest of a body over the limit is read and dropped, so the 413 reaches the caller.
  if (bytes === undefined) throw new ControlError(413, `the body is larger than ${BODY_LIMITS.control} bytes`);
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  if (text.trim() === "") throw new ControlError(400, "the body is empty; send JSON");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ControlError(400, `the body is not JSON: ${(error as Error).message}`);
  }
}

function checked(candidate: unknown, where: string): EndpointService {
  const problems = serviceProblems(candidate);
  if (problems.length > 0) throw new ControlError(400, `${where} is not a valid EndpointService: ${problems.join("; ")}`);
  return candidate as EndpointService;
}

function transitionOf(url: URL): Transition | undefined {
  const becomes = url.searchParams.get("becomes");
  const after = url.searchParams.get("after_ms");
  if (becomes === null && after === null) return undefined;
  if (becomes !== null && becomes !== "available" && becomes !== "failed")
    throw new ControlError(400, `becomes must be available or failed, got ${JSON.stringify(becomes)}`);
  if (after === null || !/^\d+$/.test(after))
    throw new ControlError(400, `after_ms must be a whole number of milliseconds, got ${JSON.stringify(after)}`);
  return becomes === null ? { afterMs: Number(after) } : { afterMs: Number(after), becomes };
}

function send(status: number, body?: unknown): MockAnswer {
  if (body === undefined) return { status, headers: {}, body: "" };
  return { status, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
}

/** Answers a request under /__mock/. */
export async function handleControl(request: MockRequest, url: URL, target: ControlTarget): Promise<MockAnswer> {
  const route = url.pathname.slice(CONTROL_PREFIX.length).replace(/\/$/, "");
  const { method } = request;
  try {
    if (route === "services" && method === "GET") {
      const services = target.list();
      return send(200, { services, count: services.length });
    }
    if (route === "services" && method === "POST") {
      const body = await readJson(request);
      const many = Array.isArray(body);
      const now = providerTime(target.now());
      const candidates = (many ? body : [body]).map((item, index) => {
        if (!item || typeof item !== "object" || Array.isArray(item)) throw new ControlError(400, `service ${index} is not an object`);
        return checked({ id: crypto.randomUUID(), created_at: now, ...item }, `service ${index}`);
      });
      const ids = new Set<string>();
      for (const service of candidates) {
        if (ids.has(service.id) || target.get(service.id))
          throw new ControlError(409, `id ${service.id} exists already; PATCH /__mock/services/${service.id} changes it`);
        ids.add(service.id);
      }
      const transition = transitionOf(url);
      for (const service of candidates) target.put(service, transition);
      return send(201, many ? { services: candidates, count: candidates.length } : candidates[0]);
    }
    const one = /^services\/([^/]+)$/.exec(route);
    if (one && (method === "PATCH" || method === "DELETE" || method === "GET")) {
      let id: string;
      try {
        id = decodeURIComponent(one[1]!);
      } catch {
        throw new ControlError(400, `the id in ${route} is not valid percent-encoding`);
      }
      const current = target.get(id);
      if (!current) throw new ControlError(404, `no service with id ${id}`);
      if (method === "GET") return send(200, current);
      if (method === "DELETE") {
        target.remove(id);
        return send(204);
      }
      const patch = await readJson(request);
      if (!patch || typeof patch !== "object" || Array.isArray(patch))
        throw new ControlError(400, "the body must be an object of the fields to change");
      if ("id" in patch && (patch as { id: unknown }).id !== id) throw new ControlError(400, "the id cannot change");
      const changed = checked({ ...current, ...patch }, `service ${id} after the change`);
      target.put(changed, transitionOf(url));
      return send(200, changed);
    }
    if (route === "clock" && method === "POST") {
      const body = (await readJson(request)) as { advance_ms?: unknown };
      const ms = body?.advance_ms;
      if (typeof ms !== "number" || !Number.isInteger(ms) || ms < 0)
        throw new ControlError(400, 'send {"advance_ms": N} with N a whole number of milliseconds >= 0');
      target.advance(ms);
      return send(200, { now: new Date(target.now()).toISOString() });
    }
    if (route === "reset" && method === "POST") {
      target.reset();
      return send(200, { count: target.list().length });
    }
    throw new ControlError(
      404,
      `${method} ${url.pathname} is not part of the control API (GET|POST /__mock/services, GET|PATCH|DELETE /__mock/services/{id}, POST /__mock/clock, POST /__mock/reset)`,
    );
  } catch (error) {
    const status = error instanceof ControlError ? error.status : 500;
    return send(status, { error: error instanceof Error ? error.message : String(error) });
  }
}
