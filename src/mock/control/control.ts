// The control API, under a reserved path on the mock's own port, so a test can change the list
// between two pages, or move time forward:
//   GET    /__mock/services                 every service, oldest first
//   POST   /__mock/services                 add one service or an array (id, created_at filled in when absent);
//                                          ?becomes=available|failed&after_ms=N for a `creating` one's own transition;
//                                          `Prefer: return=minimal` (RFC 7240) answers {"count":N}, not the services
//   PATCH  /__mock/services/{id}            merge fields into one service
//   DELETE /__mock/services/{id}            remove one service
//   POST   /__mock/clock {"advance_ms": N}  move the mock's clock forward (transitions, X-Sdk-Date window)
//   POST   /__mock/reset                    the seed data again, the clock back, throttling windows cleared
// Guarded (`guardControl`, control-guard.ts) before it is reached. This module reads and writes HTTP
// (the route, the query, the JSON body) around the typed calls of api.ts, which the methods in
// process (methods.ts) call as well.
import { preferenceOf } from "../prefer.js";
import { CONTROL_PREFIX } from "../route.js";
import { headerText, type MockAnswer, type MockRequest } from "../exchange.js";
import { BODY_LIMITS } from "../body.js";
import { type ControlApi, ControlError, type ControlTarget, createControlApi, transitionOf } from "./api.js";
import { jsonOfBytes, takeJsonOfText, textOfBytes } from "./json-body.js";

export type { ControlTarget };

const readJson = async (request: MockRequest): Promise<unknown> => jsonOfBytes(await request.body(BODY_LIMITS.control));

const transitionOfUrl = (url: URL) => transitionOf(url.searchParams.get("becomes"), url.searchParams.get("after_ms"));

const JSON_TYPE = { "Content-Type": "application/json" };

function send(status: number, body?: unknown): MockAnswer {
  if (body === undefined) return { status, headers: {}, body: "" };
  return { status, headers: JSON_TYPE, body: JSON.stringify(body) };
}

/**
 * Whether a `Prefer` header (RFC 7240) asks for `return=minimal`: preferences are separated by
 * commas, their names compared without case, their values with it (quoted or not), the first of a
 * name the one that counts, and one not understood ignored.
 */
export function returnsMinimal(header: string | undefined): boolean {
  if (!header) return false;
  for (const preference of header.split(",")) {
    // Parameters after a `;` qualify a preference; return= takes none.
    const { name, value } = preferenceOf(preference.split(";")[0]!);
    if (name === "return") return value === "minimal";
  }
  return false;
}

/** The API as the routes call it: an existing id is changed with PATCH. */
const apiOver = (target: ControlTarget): ControlApi =>
  createControlApi(target, { howToChange: (id) => `PATCH ${CONTROL_PREFIX}services/${id}` });

const CHANGES = new Set(["POST", "PATCH", "DELETE"]);

/** Answers a request under /__mock/ (once `guardControl` let it through); a change waits for the ones before it, body included. */
export function handleControl(request: MockRequest, url: URL, target: ControlTarget): Promise<MockAnswer> {
  const api = apiOver(target);
  return CHANGES.has(request.method) ? api.oneAtATime(() => answer(api, request, url)) : answer(api, request, url);
}

async function answer(api: ControlApi, request: MockRequest, url: URL): Promise<MockAnswer> {
  const route = url.pathname.slice(CONTROL_PREFIX.length).replace(/\/$/, "");
  const { method } = request;
  try {
    if (route === "services" && method === "GET") {
      const services = api.services();
      return send(200, { services, count: services.length });
    }
    if (route === "services" && method === "POST") {
      const transition = transitionOfUrl(url);
      const text = textOfBytes(await request.body(BODY_LIMITS.control));
      // An array's items are checked and stored a piece at a time as the body is parsed; another value is one service.
      let single = false;
      const added = await api.addServices(async (take) => {
        const body = await takeJsonOfText(text, take);
        if (!body.array) {
          single = true;
          take([body.value]);
        }
      }, transition);
      if (returnsMinimal(headerText(request.headers["prefer"])))
        return { status: 201, headers: { ...JSON_TYPE, "Preference-Applied": "return=minimal" }, body: `{"count":${added.size}}` };
      // The answer is made of the JSON texts the store keeps: a million services are not serialised twice.
      const texts = added.texts();
      const answer = single ? texts[0]! : `{"services":[${texts.join(",")}],"count":${texts.length}}`;
      return { status: 201, headers: JSON_TYPE, body: answer };
    }
    const one = /^services\/([^/]+)$/.exec(route);
    if (one && (method === "PATCH" || method === "DELETE" || method === "GET")) {
      let id: string;
      try {
        id = decodeURIComponent(one[1]!);
      } catch {
        throw new ControlError(400, `the id in ${route} is not valid percent-encoding`);
      }
      if (method === "GET") return send(200, api.service(id));
      if (method === "DELETE") {
        await api.removeService(id);
        return send(204);
      }
      return send(
        200,
        await api.updateService(
          id,
          () => readJson(request),
          () => transitionOfUrl(url),
        ),
      );
    }
    if (route === "clock" && method === "POST") {
      const body = (await readJson(request)) as { advance_ms?: unknown };
      return send(200, { now: await api.advanceClock(body?.advance_ms) });
    }
    if (route === "reset" && method === "POST") return send(200, { count: await api.reset() });
    throw new ControlError(
      404,
      `${method} ${url.pathname} is not part of the control API (GET|POST /__mock/services, GET|PATCH|DELETE /__mock/services/{id}, POST /__mock/clock, POST /__mock/reset)`,
    );
  } catch (error) {
    const status = error instanceof ControlError ? error.status : 500;
    return send(status, { error: error instanceof Error ? error.message : String(error) });
  }
}
