// The control API, from plain requests: what it changes, and what it refuses.
import { describe, expect, it } from "vitest";
import { exampleServices } from "../../../generated/contract-validators.js";
import { bodyOf, NO_BODY } from "../../../src/mock/body.js";
import { type ControlTarget, handleControl } from "../../../src/mock/control/control.js";
import type { EndpointService } from "../../../src/document/types.js";

function targetOf(initial: EndpointService[]) {
  const services = new Map(initial.map((s) => [s.id, s]));
  let now = Date.UTC(2024, 0, 1);
  const transitions: unknown[] = [];
  const target: ControlTarget = {
    list: () => [...services.values()],
    get: (id) => services.get(id),
    has: (id) => services.has(id),
    put: (service, transition) => {
      services.set(service.id, service);
      transitions.push(transition);
    },
    addMany: async (added, transition) => {
      for (const text of added.texts()) target.put(JSON.parse(text) as EndpointService, transition);
    },
    remove: (id) => services.delete(id),
    advance: (ms) => void (now += ms),
    reset: () => services.clear(),
    now: () => now,
  };
  return { target, services, transitions };
}

const call = (target: ControlTarget, method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
  handleControl(
    { method, target: path, headers, body: body === undefined ? NO_BODY : bodyOf(new TextEncoder().encode(body)) },
    new URL(`http://mock.local${path}`),
    target,
  );

describe("handleControl", () => {
  it("lists, adds (filling id and created_at), patches and deletes services", async () => {
    const { target, services, transitions } = targetOf([exampleServices[0]!]);
    expect(JSON.parse((await call(target, "GET", "/__mock/services")).body).count).toBe(1);
    const { id: _id, created_at: _created, ...rest } = exampleServices[1]!;
    const added = await call(target, "POST", "/__mock/services?becomes=failed&after_ms=5", JSON.stringify({ ...rest, status: "creating" }));
    expect(added.status).toBe(201);
    const created = JSON.parse(added.body) as EndpointService;
    expect(created.created_at).toBe("2024-01-01T00:00:00Z");
    expect(transitions).toEqual([{ afterMs: 5, becomes: "failed" }]);
    const patched = await call(target, "PATCH", `/__mock/services/${created.id}`, '{"status":"available"}');
    expect(JSON.parse(patched.body).status).toBe("available");
    expect((await call(target, "DELETE", `/__mock/services/${created.id}`)).status).toBe(204);
    expect(services.has(created.id)).toBe(false);
  });

  it("refuses invalid services, duplicate ids, bad bodies and unknown routes with the reason", async () => {
    const { target } = targetOf([exampleServices[0]!]);
    const cases: [string, string, string | undefined, number, RegExp][] = [
      ["POST", "/__mock/services", '{"status":"sleeping"}', 400, /not a valid EndpointService/],
      ["POST", "/__mock/services", JSON.stringify(exampleServices[0]), 409, /exists already/],
      ["POST", "/__mock/services", "", 400, /empty/],
      ["POST", "/__mock/services", "{", 400, /not JSON/],
      ["PATCH", `/__mock/services/${exampleServices[0]!.id}`, '{"id":"other"}', 400, /cannot change/],
      ["GET", "/__mock/services/%E0", undefined, 400, /percent-encoding/],
      ["GET", "/__mock/services/none", undefined, 404, /no service with id none/],
      ["POST", "/__mock/clock", '{"advance_ms":-1}', 400, /advance_ms/],
      ["PUT", "/__mock/services", "{}", 404, /not part of the control API/],
    ];
    for (const [method, path, body, status, message] of cases) {
      const answer = await call(target, method, path, body);
      expect([method, path, answer.status]).toEqual([method, path, status]);
      expect(JSON.parse(answer.body).error).toMatch(message);
    }
  });

  it("answers 413 for a body over its limit, without reading it", async () => {
    const { target } = targetOf([]);
    const answer = await handleControl(
      { method: "POST", target: "/__mock/services", headers: {}, body: async () => undefined },
      new URL("http://mock.local/__mock/services"),
      target,
    );
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error).toMatch(/larger than 67108864 bytes/);
  });

  it("moves the clock and resets", async () => {
    const { target } = targetOf([exampleServices[0]!]);
    expect(JSON.parse((await call(target, "POST", "/__mock/clock", '{"advance_ms":60000}')).body).now).toBe("2024-01-01T00:01:00.000Z");
    expect(JSON.parse((await call(target, "POST", "/__mock/reset")).body)).toEqual({ count: 0 });
  });

  describe("POST /__mock/services with Prefer: return=minimal (RFC 7240)", () => {
    const two = () => exampleServices.slice(0, 2).map((service, n) => ({ ...service, id: `svc-prefer-${n}` }));

    it("answers the count alone, says the preference was applied, and adds the services as without it", async () => {
      for (const [prefer, body] of [
        ["return=minimal", JSON.stringify(two())],
        ["RETURN=minimal", JSON.stringify(two())],
        ['return="minimal"', JSON.stringify(two())],
        ["respond-async, wait=10, return=minimal; ignored=1", JSON.stringify(two())],
        ["return=minimal", JSON.stringify(two()[0])],
      ] as const) {
        const { target, services } = targetOf([]);
        const answer = await call(target, "POST", "/__mock/services", body, { prefer });
        expect([prefer, answer.status, answer.headers["Preference-Applied"]]).toEqual([prefer, 201, "return=minimal"]);
        const added = body.startsWith("[") ? two() : [two()[0]!];
        expect(JSON.parse(answer.body)).toEqual({ count: added.length });
        expect([...services.values()]).toEqual(added);
      }
    });

    it("without it, or with a value it does not know, answers every service as before and applies nothing", async () => {
      const { target } = targetOf([]);
      const plain = await call(target, "POST", "/__mock/services", JSON.stringify(two()));
      expect(plain.status).toBe(201);
      expect(plain.body).toBe(JSON.stringify({ services: two(), count: 2 }));
      expect(plain.headers["Preference-Applied"]).toBeUndefined();
      // Values are compared with case (RFC 7240); the first of a name counts; the rest is not understood.
      for (const prefer of [
        "return=representation",
        "return=Minimal",
        "return=minimalist",
        "return",
        "returns=minimal",
        "return=representation, return=minimal",
        "=minimal",
        ";;,,=",
        "",
      ]) {
        const { target: fresh } = targetOf([]);
        const answer = await call(fresh, "POST", "/__mock/services", JSON.stringify(two()), { prefer });
        expect([prefer, answer.status, answer.headers["Preference-Applied"]]).toEqual([prefer, 201, undefined]);
        expect(answer.body).toBe(plain.body);
      }
    });

    it("changes nothing of a refusal", async () => {
      const { target } = targetOf([]);
      const answer = await call(target, "POST", "/__mock/services", '{"status":"sleeping"}', { prefer: "return=minimal" });
      expect(answer.status).toBe(400);
      expect(answer.headers["Preference-Applied"]).toBeUndefined();
      expect(JSON.parse(answer.body).error).toMatch(/service 0 is not a valid EndpointService/);
    });
  });
});
