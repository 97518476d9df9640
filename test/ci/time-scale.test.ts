// The suite's one time scale (test/support/timeouts.ts): the default, CI's, a chosen one, and a
// value that is not a scale refused by name instead of turning every bound into NaN.
import { describe, expect, it } from "vitest";
import { timeScaleFrom } from "../support/timeouts.js";

describe("VPCEP_TEST_TIME_SCALE", () => {
  it("is 1 by default, 2 when CI is set, and the given number otherwise", () => {
    expect(timeScaleFrom({})).toBe(1);
    expect(timeScaleFrom({ CI: "true" })).toBe(2);
    expect(timeScaleFrom({ CI: "true", VPCEP_TEST_TIME_SCALE: "0.5" })).toBe(0.5);
    expect(timeScaleFrom({ VPCEP_TEST_TIME_SCALE: "3" })).toBe(3);
  });

  it.each(["0", "-1", "fast", "Infinity"])("refuses %j, naming the variable", (value) => {
    expect(() => timeScaleFrom({ VPCEP_TEST_TIME_SCALE: value })).toThrow(`VPCEP_TEST_TIME_SCALE must be a number above 0, got "${value}"`);
  });
});
