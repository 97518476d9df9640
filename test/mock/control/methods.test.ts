// The control API as methods in process (what vpcep-openapi/msw and startMock give a test): the
// typed calls the routes make, each refusal the caller's error with the route's message, the
// caller's objects never shared with the mock, changes one after another.
import { describe, expect, it } from "vitest";
import { exampleServices } from "../../../generated/contract-validators.js";
import { bodyOf } from "../../../src/mock/body.js";
import { type ControlMethods, controlMethods } from "../../../src/mock/control/methods.js";
import { createStatefulHandler } from "../../../src/mock/stateful/handler.js";
import type { EndpointService } from "../../../src/document/types.js";

class CallerError extends Error {}

function mockOf(): {
  methods: ControlMethods;
  route: (method: string, path: string, body?: unknown) => Promise<{ status: number; error?: string }>;
} {
  const handler = createStatefulHandler({ services: [...exampleServices] });
  const methods = controlMethods(handler.api, (message) => {
    throw new CallerError(message);
  });
  const route = async (method: string, path: string, body?: unknown) => {
    const bytes = new TextEncoder().encode(body === undefined ? "" : JSON.stringify(body));
    const answer = await handler.handle({
      method,
      target: `/__mock/${path}`,
      headers: { "content-type": "application/json" },
      body: bodyOf(bytes),
    });
    return { status: answer.status, ...(answer.body === "" ? {} : (JSON.parse(answer.body) as { error?: string })) };
  };
  return { methods, route };
}

const refusal = async (call: Promise<unknown>): Promise<string> => {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CallerError);
  return (error as Error).message;
};

const first = exampleServices[0]!;

describe("the control API's methods in process", () => {
  it("refuse with the caller's error and the message the route answers, an existing id pointing at updateService()", async () => {
    const { methods, route } = mockOf();
    const cases: [() => Promise<unknown>, string, string, unknown][] = [
      [
        () => methods.addServices({ service_name: "x", status: "sleeping" } as never),
        "POST",
        "services",
        { service_name: "x", status: "sleeping" },
      ],
      [
        () =>
          methods.addServices([
            { ...first, id: "twice" },
            { ...first, id: "twice" },
          ]),
        "POST",
        "services",
        [
          { ...first, id: "twice" },
          { ...first, id: "twice" },
        ],
      ],
      [() => methods.updateService("no-such-id", {}), "PATCH", "services/no-such-id", {}],
      [() => methods.updateService(first.id, { id: "other" }), "PATCH", `services/${first.id}`, { id: "other" }],
      [() => methods.updateService(first.id, [] as never), "PATCH", `services/${first.id}`, []],
      [() => methods.removeService("no-such-id"), "DELETE", "services/no-such-id", undefined],
      [() => methods.advanceClock(-1), "POST", "clock", { advance_ms: -1 }],
      [() => methods.advanceClock(1.5), "POST", "clock", { advance_ms: 1.5 }],
    ];
    for (const [call, method, path, body] of cases) {
      const answered = await route(method, path, body);
      expect(answered.status).toBeGreaterThanOrEqual(400);
      expect(await refusal(call())).toBe(answered.error);
    }
    expect(await refusal(methods.addServices(first))).toBe(`id ${first.id} exists already; updateService() changes it`);
    expect((await route("POST", "services", first)).error).toBe(
      `id ${first.id} exists already; PATCH /__mock/services/${first.id} changes it`,
    );
  });

  it("read a transition as the query would, naming after_ms and becomes", async () => {
    const { methods } = mockOf();
    const creating = { service_name: "new", service_type: "interface", status: "creating" } as const;
    expect(await refusal(methods.addServices(creating, { afterMs: -5 }))).toBe('after_ms must be a whole number of milliseconds, got "-5"');
    expect(await refusal(methods.addServices(creating, { afterMs: 5, becomes: "gone" as never }))).toBe(
      'becomes must be available or failed, got "gone"',
    );
    const [added] = await methods.addServices(creating, { afterMs: 1000, becomes: "failed" });
    await methods.advanceClock(1000);
    expect((await methods.services()).find((service) => service.id === added!.id)?.status).toBe("failed");
  });

  it("never share an object with the mock: what the caller changes later, given or returned, changes nothing", async () => {
    const { methods } = mockOf();
    const given: EndpointService = { ...first, id: "mine", service_name: "given", tags: [{ key: "k", value: "v" }] } as EndpointService;
    const [added] = await methods.addServices(given);
    given.service_name = "changed after";
    added!.service_name = "changed returned";
    const patch = { service_name: "patched" };
    const updated = await methods.updateService("mine", patch);
    patch.service_name = "changed patch";
    updated.service_name = "changed updated";
    (await methods.services()).forEach((service) => void (service.service_name = "changed listed"));
    expect((await methods.services()).find((service) => service.id === "mine")?.service_name).toBe("patched");
  });

  it("refuse what no JSON body could carry (a circular value, a BigInt) with the caller's error", async () => {
    const { methods } = mockOf();
    const circular: Record<string, unknown> = { ...first, id: "circular" };
    circular["self"] = circular;
    expect(await refusal(methods.addServices(circular as never))).toMatch(/^the body is not JSON: /);
    expect(await refusal(methods.updateService(first.id, { port_id: 1n } as never))).toMatch(/^the body is not JSON: /);
  });

  it("leave out what JSON leaves out (an undefined field), as a body over HTTP would", async () => {
    const { methods } = mockOf();
    const [added] = await methods.addServices({ ...first, id: "with-undefined", description: undefined } as never);
    expect(Object.keys(added!)).not.toContain("description");
  });

  it("run changes one after another: a removal asked during a batch lands after it", async () => {
    const { methods } = mockOf();
    const batch = Array.from({ length: 5_000 }, (_, n) => ({ ...first, id: `batch-${n}` }));
    const adding = methods.addServices(batch);
    const removing = methods.removeService("batch-4999");
    expect(await adding).toHaveLength(5_000);
    await removing;
    const ids = new Set((await methods.services()).map((service) => service.id));
    expect(ids.has("batch-0")).toBe(true);
    expect(ids.has("batch-4999")).toBe(false);
  });
});
