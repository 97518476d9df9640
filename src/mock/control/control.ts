// The control API, under a reserved path on the mock's own port, so a test can change the list
// between two pages, or move time forward:
//   GET    /__mock/services                 every service, oldest first
//   POST   /__mock/services                 add one service or an array (id, created_at filled in when absent);
//                                          ?becomes=available|failed&after_ms=N for a `creating` one's own transition
//   PATCH  /__mock/services/{id}            merge fields into one service
//   DELETE /__mock/services/{id}            remove one service
//   POST   /__mock/clock {"advance_ms": N}  move the mock's clock forward (transitions, X-Sdk-Date window)
//   POST   /__mock/reset                    the seed data again, the clock back, throttling windows cleared
// Guarded (`guardControl`, control-guard.ts) before it is reached. A large batch is parsed, validated
// and inserted in chunks that yield to the event loop, so the mock keeps answering meanwhile.
import type { EndpointService } from "../../document/types.js";
import { BODY_LIMITS } from "../body.js";
import type { MockAnswer, MockRequest } from "../exchange.js";
import { providerTime, type Transition } from "../state/lifecycle.js";
import { isValidService, serviceProblems } from "../state/store.js";
import { nextTurn } from "../turn.js";
import { type ParsedJson, parseJsonInTurns } from "./batch.js";

export const CONTROL_PREFIX = "/__mock/";

export interface ControlTarget {
  list(): EndpointService[];
  get(id: string): EndpointService | undefined;
  has(id: string): boolean;
  /** Adds or replaces services after they were checked. */
  put(service: EndpointService, transition?: Transition): void;
  /**
   * Adds new services (ids checked unique and absent) after they were checked, in linear time,
   * yielding to the event loop while it prepares them; resolves with each service's JSON text.
   */
  addMany(services: readonly EndpointService[], transition?: Transition): Promise<string[]>;
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

/** Services validated between two turns of the event loop. */
const CHUNK = 2_000;

/** The deepest nesting of arrays and objects a control body may have (a service nests 4 levels). */
export const MAX_DEPTH = 64;

async function readJson(request: MockRequest): Promise<unknown> {
  const bytes = await request.body(BODY_LIMITS.control);
  // The rest of a body over the limit is read and dropped, so the 413 reaches the caller.
  if (bytes === undefined) throw new ControlError(413, `the body is larger than ${BODY_LIMITS.control} bytes`);
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  if (text.trim() === "") throw new ControlError(400, "the body is empty; send JSON");
  // A large batch is parsed in pieces between turns (batch.ts); the same value or refusal as JSON.parse.
  let parsed: ParsedJson;
  try {
    parsed = await parseJsonInTurns(text);
  } catch (error) {
    throw new ControlError(400, `the body is not JSON: ${(error as Error).message}`);
  }
  if (parsed.depth > MAX_DEPTH)
    throw new ControlError(400, `the body nests arrays or objects deeper than ${MAX_DEPTH} levels; a service needs 4`);
  return parsed.value;
}

/** The problems a 400 answer lists; past them, one clause counts the rest. */
const MAX_LISTED_PROBLEMS = 20;

function checked(candidate: unknown, where: string): EndpointService {
  if (isValidService(candidate)) return candidate as EndpointService;
  const problems = serviceProblems(candidate);
  const shown = problems.slice(0, MAX_LISTED_PROBLEMS).join("; ");
  const rest = problems.length > MAX_LISTED_PROBLEMS ? ` (and ${problems.length - MAX_LISTED_PROBLEMS} more)` : "";
  throw new ControlError(400, `${where} is not a valid EndpointService: ${shown}${rest}`);
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

/** The services of a POST, each checked, in chunks between which other requests are answered. */
async function candidatesOf(items: readonly unknown[], now: string, target: ControlTarget): Promise<EndpointService[]> {
  const candidates: EndpointService[] = [];
  const ids = new Set<string>();
  for (let index = 0; index < items.length; index++) {
    if (index > 0 && index % CHUNK === 0) await nextTurn();
    const item = items[index];
    if (!item || typeof item !== "object" || Array.isArray(item)) throw new ControlError(400, `service ${index} is not an object`);
    // The item's own id and created_at, if any, win; an item with both is taken as it is (no copy of a million).
    const complete = "id" in item && "created_at" in item;
    const service = checked(complete ? item : { id: crypto.randomUUID(), created_at: now, ...item }, `service ${index}`);
    if (ids.has(service.id)) throw new ControlError(409, `id ${service.id} appears twice in the body`);
    ids.add(service.id);
    candidates.push(service);
  }
  // Checked again after the last turn: a request answered meanwhile may have added one of them.
  for (const service of candidates)
    if (target.has(service.id))
      throw new ControlError(409, `id ${service.id} exists already; PATCH /__mock/services/${service.id} changes it`);
  return candidates;
}

/** Control calls that change the list run one after another, so a batch never interleaves with another change. */
const queues = new WeakMap<ControlTarget, Promise<unknown>>();
function serially<T>(target: ControlTarget, work: () => Promise<T>): Promise<T> {
  const run = (queues.get(target) ?? Promise.resolve()).then(work, work);
  queues.set(
    target,
    run.catch(() => undefined),
  );
  return run;
}

const CHANGES = new Set(["POST", "PATCH", "DELETE"]);

/** Answers a request under /__mock/ (once `guardControl` let it through). */
export function handleControl(request: MockRequest, url: URL, target: ControlTarget): Promise<MockAnswer> {
  return CHANGES.has(request.method) ? serially(target, () => answerControl(request, url, target)) : answerControl(request, url, target);
}

async function answerControl(request: MockRequest, url: URL, target: ControlTarget): Promise<MockAnswer> {
  const route = url.pathname.slice(CONTROL_PREFIX.length).replace(/\/$/, "");
  const { method } = request;
  try {
    if (route === "services" && method === "GET") {
      const services = target.list();
      return send(200, { services, count: services.length });
    }
    if (route === "services" && method === "POST") {
      const transition = transitionOf(url);
      const body = await readJson(request);
      const many = Array.isArray(body);
      const candidates = await candidatesOf(many ? body : [body], providerTime(target.now()), target);
      const texts = await target.addMany(candidates, transition);
      // The answer is made of the JSON texts the store keeps: a million services are not serialised twice.
      const answer = many ? `{"services":[${texts.join(",")}],"count":${texts.length}}` : texts[0]!;
      return { status: 201, headers: { "Content-Type": "application/json" }, body: answer };
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
