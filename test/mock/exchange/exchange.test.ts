// The plain request and answer the steps share.
import { describe, expect, it } from "vitest";
import { headerText, proceed, stop } from "../../../src/mock/exchange.js";

describe("exchange", () => {
  it("joins a repeated header as HTTP does, and keeps a single or absent one", () => {
    expect(headerText(["a", "b"])).toBe("a, b");
    expect(headerText("a")).toBe("a");
    expect(headerText(undefined)).toBeUndefined();
  });

  it("a step goes on with a value or stops with a reply", () => {
    expect(proceed(3)).toEqual({ ok: true, value: 3 });
    expect(stop(404, { x: 1 })).toEqual({ ok: false, reply: { status: 404, body: { x: 1 } } });
  });
});
