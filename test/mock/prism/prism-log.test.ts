// What vpcep-mock keeps of Prism's output (for the message when Prism stops by itself).
import { describe, expect, it } from "vitest";
import { PRISM_LOG_LIMIT } from "../../../src/mock/prism/prism.js";
import { TailLog } from "../../../src/mock/prism/tail-log.js";

describe("Prism's output", () => {
  it("is kept to its last part, however long the run", () => {
    const log = new TailLog(PRISM_LOG_LIMIT);
    const line = "[HTTP SERVER] get /v1/p/vpc-endpoint-services ℹ  info      Request received\n";
    for (let i = 0; i < 10_000; i++) log.add(`${i} ${line}`);
    expect(log.text()).toHaveLength(PRISM_LOG_LIMIT);
    expect(log.text().endsWith(`9999 ${line}`)).toBe(true);
  });

  it("is the whole output while it is shorter than the limit, and the same text read at any time", () => {
    const log = new TailLog(3);
    expect(log.text()).toBe("");
    log.add("ab");
    expect(log.text()).toBe("ab");
    log.add("cd");
    expect(log.text()).toBe("bcd");
    for (const chunk of ["e", "fghij", "", "k"]) log.add(chunk);
    expect(log.text()).toBe("ijk");
    log.add("0123456789");
    expect(log.text()).toBe("789");
  });
});
