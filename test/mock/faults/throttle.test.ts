// The throttle of mock/faults.ts on a clock the test moves: it keeps counting each caller within
// its second and stays bounded however many callers come.
import { describe, expect, it } from "vitest";
import { createThrottle } from "../../../src/mock/faults.js";

describe("the throttle", () => {
  it("keeps counting each caller within its second while it forgets past seconds, however many callers come", () => {
    let now = 0;
    const allow = createThrottle(1, () => now);
    for (let i = 0; i < 1500; i++) expect(allow(`caller-${i}`)).toBe(true);
    expect(allow("caller-0")).toBe(false);
    now = 1000;
    for (let i = 0; i < 1500; i++) expect(allow(`caller-${i}`)).toBe(true);
    expect(allow("caller-1499")).toBe(false);
  });
});
