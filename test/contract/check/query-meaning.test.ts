// What `limit=0` and `server_type` mean, checked against loopback servers that answer each way:
// limit=0 passes with 400 EndPoint.0006 or a 200 page of no services with the full total_count and
// fails otherwise (a page of 10, another code, a wrong total); server_type passes when honoured or
// ignored and fails when the page is neither.
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { checkLimitZero, checkServerTypeFilter, limitZeroAnswers, UNLISTED_VALUE } from "../../../src/contract/query-meaning.js";
import { Suite } from "../../../src/contract/suite.js";
import { type Loopback, sendJson, startLoopback } from "../../support/loopback.js";

const services = Array.from({ length: 12 }, (_, i) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  service_name: `svc-${i}`,
  service_type: "interface",
  status: "available",
  server_type: i % 3 === 0 ? "LB" : "VM",
  created_at: `2024-01-${String(i + 1).padStart(2, "0")}T00:00:00Z`,
}));

type Answer = (query: URLSearchParams) => { status: number; body: unknown } | undefined;

/** A correct list server, except where `override` answers. */
function server(override: Answer): Promise<Loopback> {
  return startLoopback((req: IncomingMessage, res: ServerResponse) => {
    const query = new URL(req.url ?? "/", "http://x").searchParams;
    const special = override(query);
    if (special) return sendJson(res, special.status, special.body);
    const limit = Number(query.get("limit") ?? 10);
    const offset = Number(query.get("offset") ?? 0);
    const type = query.get("server_type");
    const matching = type === null ? services : services.filter((s) => s.server_type === type);
    sendJson(res, 200, { endpoint_services: matching.slice(offset, offset + limit), total_count: matching.length });
  });
}

let running: Loopback | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function verdict(override: Answer, check: (suite: Suite) => Promise<void>) {
  running = await server(override);
  const suite = new Suite({ baseUrl: running.url, projectId: "p", timeoutMs: 5_000 });
  await check(suite);
  const [result] = suite.results;
  return { problems: result!.problems, checks: (result!.failures ?? []).map((f) => f.check), name: result!.name };
}

const limitZero = (answer: Answer) => verdict(answer, checkLimitZero);
const zero = (q: URLSearchParams) => q.get("limit") === "0";

describe("limit=0", () => {
  it("reads the two allowed answers from the document's x-limit-zero", () => {
    expect(limitZeroAnswers()).toEqual([
      { status: 400, error_code: "EndPoint.0006" },
      { status: 200, page_size: 0, total_count: "all-matches" },
    ]);
  });

  it("passes a 200 page with no services and the full total_count, and a 400 with EndPoint.0006", async () => {
    const empty = await limitZero((q) => (zero(q) ? { status: 200, body: { endpoint_services: [], total_count: 12 } } : undefined));
    expect(empty.problems).toEqual([]);
    expect(empty.name).toBe(
      "semantics: limit=0 is answered as the document allows (400 with EndPoint.0006, or 200 with 0 services and the full total_count)",
    );
    const refused = await limitZero((q) =>
      zero(q) ? { status: 400, body: { error_code: "EndPoint.0006", error_msg: "Invalid limit." } } : undefined,
    );
    expect(refused.problems).toEqual([]);
  });

  it("fails a page of 10 services (the default page), another code, a wrong total_count and another status", async () => {
    const ten = await limitZero((q) =>
      zero(q) ? { status: 200, body: { endpoint_services: services.slice(0, 10), total_count: 12 } } : undefined,
    );
    expect(ten.problems).toEqual(["endpoint_services: 10 services for limit=0: a page holds at most limit (0) services"]);
    expect(ten.checks).toEqual(["limit-zero"]);
    const code = await limitZero((q) =>
      zero(q) ? { status: 400, body: { error_code: "EndPoint.0002", error_msg: "Parameter error." } } : undefined,
    );
    expect(code.problems).toEqual(["error_code: expected EndPoint.0006 for limit=0, got EndPoint.0002"]);
    const total = await limitZero((q) => (zero(q) ? { status: 200, body: { endpoint_services: [], total_count: 0 } } : undefined));
    expect(total.problems).toEqual(["total_count: 0 for limit=0, but the request without limit counts 12"]);
    const other = await limitZero((q) =>
      zero(q) ? { status: 500, body: { error_code: "EndPoint.0001", error_msg: "System error. Please retry." } } : undefined,
    );
    expect(other.problems).toEqual(["status: expected 400 with EndPoint.0006 or 200 with 0 services and the full total_count, got 500"]);
  });
});

describe("server_type", () => {
  const serverType = (answer: Answer) => verdict(answer, checkServerTypeFilter);

  it("passes a server that honours the filter, and one that ignores it (the unfiltered page)", async () => {
    expect((await serverType(() => undefined)).problems).toEqual([]);
    const ignoring = await serverType((q) => {
      if (!q.has("server_type")) return undefined;
      const limit = Number(q.get("limit"));
      return { status: 200, body: { endpoint_services: services.slice(0, limit), total_count: services.length } };
    });
    expect(ignoring.problems).toEqual([]);
  });

  it("fails a page that is neither: other types, not the unfiltered page; and a refusal of a value no version lists", async () => {
    const half = await serverType((q) =>
      q.get("server_type") === "LB" ? { status: 200, body: { endpoint_services: services.slice(0, 3), total_count: 3 } } : undefined,
    );
    expect(half.checks).toEqual(["filter-server-type"]);
    expect(half.problems[0]).toMatch(
      /^endpoint_services\[1\]\.server_type: "VM" in an answer to server_type=LB, and the page is not the unfiltered one/,
    );
    const refusing = await serverType((q) =>
      q.get("server_type") === UNLISTED_VALUE
        ? { status: 400, body: { error_code: "EndPoint.3021", error_msg: "Invalid serverType." } }
        : undefined,
    );
    expect(refusing.problems).toEqual(["status: expected 200, got 400"]);
  });
});
