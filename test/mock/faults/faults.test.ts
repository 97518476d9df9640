// Faults: reproducible at random, the chaos step, the throttle, and how each is sent over node:http.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  askedFault,
  createChaos,
  createRandomFaults,
  createThrottle,
  seededRandom,
  sendWithFault,
  type Fault,
} from "../../../src/mock/faults.js";

describe("random faults", () => {
  it("are the same for the same seed, and none at rate 0", () => {
    const a = createRandomFaults(0.5, 7);
    const b = createRandomFaults(0.5, 7);
    const picks = Array.from({ length: 50 }, () => a());
    expect(Array.from({ length: 50 }, () => b())).toEqual(picks);
    expect(picks.filter(Boolean).length).toBeGreaterThan(10);
    const none = createRandomFaults(0, 7);
    expect(Array.from({ length: 50 }, () => none()).every((pick) => pick === undefined)).toBe(true);
    expect(seededRandom(1)()).toBe(seededRandom(1)());
  });

  it("the chaos step leaves a request that asks for a fault or a code alone, else answers or picks a fault", () => {
    const chaos = createChaos(1, 3, 5);
    expect(chaos({ fault: { kind: "reset" } }, "r")).toEqual({ ok: true, value: { kind: "reset" } });
    expect(chaos({ code: 200 }, "r")).toEqual({ ok: true, value: undefined });
    const outcomes = Array.from({ length: 40 }, () => chaos({}, "r"));
    expect(outcomes.some((o) => o.ok && o.value !== undefined)).toBe(true);
    const answered = outcomes.filter((o) => !o.ok).map((o) => (!o.ok ? o.reply.status : 0));
    expect(new Set(answered)).toEqual(new Set([429, 500, 504]));
    const throttled = outcomes.find((o) => !o.ok && o.reply.status === 429);
    expect(throttled && !throttled.ok && throttled.reply.body).toMatchObject({
      error_code: "APIGW.0308",
      request_id: "r",
      error_msg: expect.stringContaining("limit:5,"),
    });
    expect(askedFault({ fault: { kind: "delay", ms: 1 } }, "r")).toEqual({ ok: true, value: { kind: "delay", ms: 1 } });
  });
});

describe("createThrottle", () => {
  it("allows N per second per principal, then a fresh window", () => {
    let now = 1_000;
    const allow = createThrottle(2, () => now);
    expect([allow("a"), allow("a"), allow("a"), allow("b")]).toEqual([true, true, false, true]);
    now = 2_000;
    expect(allow("a")).toBe(true);
  });
});

describe("sendWithFault", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));
  const serveWith = async (fault: Fault) => {
    server = createServer(
      (_req, res) => void sendWithFault(res, fault, 200, { "Content-Type": "application/json", "X-Request-Id": "r" }, '{"total_count":0}'),
    );
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  };

  it("html-502 answers a proxy's HTML page with the request id", async () => {
    const answer = await fetch(await serveWith({ kind: "html-502" }));
    expect(answer.status).toBe(502);
    expect(answer.headers.get("x-request-id")).toBe("r");
    expect(await answer.text()).toContain("502 Bad Gateway");
  });

  it("truncate announces the whole length and sends half; reset sends nothing", async () => {
    await expect((await fetch(await serveWith({ kind: "truncate" }))).text()).rejects.toThrow();
    server!.close();
    await expect(fetch(await serveWith({ kind: "reset" }))).rejects.toThrow();
  });

  it("delay and slow-body still deliver the whole body", async () => {
    expect(await (await fetch(await serveWith({ kind: "delay", ms: 20 }))).text()).toBe('{"total_count":0}');
    server!.close();
    expect(await (await fetch(await serveWith({ kind: "slow-body", ms: 50 }))).text()).toBe('{"total_count":0}');
  });
});
