// What vpcep-mock keeps of Prism's output (for the message when Prism stops by itself).
import { describe, expect, it } from "vitest";
import { keptLog, PRISM_LOG_LIMIT } from "../../../src/mock/prism/prism.js";

describe("Prism's output", () => {
  it("is kept to its last part, however long the run", async () => {
    let log = "";
    const line = "[HTTP SERVER] get /v1/p/vpc-endpoint-services ℹ  info      Request received\n";
    for (let i = 0; i < 10_000; i++) log = keptLog(log, `${i} ${line}`);
    expect(log.length).toBe(PRISM_LOG_LIMIT);
    expect(log.endsWith(`9999 ${line}`)).toBe(true);
    expect(keptLog("ab", "cd", 3)).toBe("bcd");
  });
});
