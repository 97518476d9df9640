// nextTurn yields to the event loop (not just to the microtask queue), through setImmediate where
// there is one and a zero timeout where there is none (browsers), so a long insert never starves
// other requests, in Node or in the MSW handlers of a page.
import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  vi.resetModules();
});

describe("nextTurn", () => {
  it("uses setImmediate in Node, and resolves after the microtasks queued before it", async () => {
    const immediate = vi.spyOn(globalThis, "setImmediate");
    const { nextTurn } = await import("../../../src/mock/turn.js");
    const order: string[] = [];
    const turn = nextTurn().then(() => order.push("turn"));
    queueMicrotask(() => order.push("microtask"));
    await turn;
    expect(immediate).toHaveBeenCalledTimes(1);
    expect(order).toEqual(["microtask", "turn"]);
  });

  it("falls back to a zero timeout where there is no setImmediate (a browser)", async () => {
    vi.stubGlobal("setImmediate", undefined);
    const timeout = vi.spyOn(globalThis, "setTimeout");
    const { nextTurn } = await import("../../../src/mock/turn.js");
    await nextTurn();
    expect(timeout).toHaveBeenCalledWith(expect.any(Function), 0);
  });
});
