// A recording made with --record-body-limit may hold only the first bytes of an answer: validate
// reports such an exchange as not run, with the reason, instead of failing a correct server on a
// body it never saw whole.
import { describe, expect, it } from "vitest";
import { parseRecording, validateExchanges } from "../../../src/contract/exchanges.js";

const url = "https://vpcep.eu-de.otc.t-systems.com/v1/6e9dfd51d1124e8d8498dce894923a0d/vpc-endpoint-services?limit=5";
const har = (content: Record<string, unknown>) =>
  JSON.stringify({
    log: {
      version: "1.2",
      entries: [
        {
          request: { method: "GET", url, headers: [] },
          response: {
            status: 200,
            headers: [{ name: "Content-Type", value: "application/json" }],
            content: { mimeType: "application/json", ...content },
          },
        },
      ],
    },
  });

describe("validate and truncated recordings", () => {
  it("reports an answer recorded in part as not run, naming the limit, with no problem", () => {
    const comment = "truncated: the first 16 of 4096 bytes are recorded (--record-body-limit)";
    const exchanges = parseRecording(har({ text: '{"endpoint_servi', size: 4096, comment }));
    expect(exchanges[0]?.truncated).toBe(comment);
    const [result] = validateExchanges(exchanges).results;
    expect(result?.problems).toEqual([]);
    expect(result?.notRun).toMatch(/holds only part of the answer \(truncated: the first 16 of 4096 bytes.*larger --record-body-limit/);
  });

  it("still judges a whole answer, and a comment that is not a truncation changes nothing", () => {
    const [whole] = validateExchanges(parseRecording(har({ text: '{"endpoint_servi', comment: "the caller left" }))).results;
    expect(whole?.notRun).toBeUndefined();
    expect(whole?.problems.length).toBeGreaterThan(0);
  });
});
