// A recording may hold only the first bytes of an answer (--record-body-limit), or none (the
// upstream timed out, the caller left): validate reports such an exchange as not run, with the
// reason, instead of failing a correct server on an answer it never saw whole.
import { describe, expect, it } from "vitest";
import { parseRecording, validateExchanges } from "../../../src/contract/exchanges.js";

const base = "https://vpcep.eu-de.otc.t-systems.com/v1/6e9dfd51d1124e8d8498dce894923a0d/vpc-endpoint-services";
const har = (content: Record<string, unknown>, entry: { status?: number; comment?: string; url?: string } = {}) =>
  JSON.stringify({
    log: {
      version: "1.2",
      entries: [
        {
          ...(entry.comment === undefined ? {} : { comment: entry.comment }),
          request: { method: "GET", url: entry.url ?? `${base}?limit=5`, headers: [] },
          response: {
            status: entry.status ?? 200,
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

  it("reports an exchange the proxy could not complete (status 0, or the entry's comment) as not run, and lists no novelty for it", () => {
    for (const entry of [
      { status: 0, comment: "upstream sent nothing for 1500 ms (--upstream-timeout)" },
      { comment: "the upstream went silent after 120 bytes" },
    ]) {
      const validated = validateExchanges(parseRecording(har({ text: '{"endpoint_servi' }, entry)));
      const [result] = validated.results;
      expect(result?.problems).toEqual([]);
      expect(result?.notRun).toMatch(/no whole answer was recorded \((upstream sent nothing|the upstream went silent)/);
      expect(validated.novelties).toEqual([]);
    }
  });

  it("under --judge client still fails the caller's own request in an exchange recorded in part", () => {
    const comment = "truncated: the first 16 of 4096 bytes are recorded (--record-body-limit)";
    const recording = parseRecording(har({ text: '{"endpoint_servi', comment }, { url: `${base}?limt=2&limit=3` }));
    const [client] = validateExchanges(recording, { judge: "client" }).results;
    expect(client?.notRun).toMatch(/holds only part of the answer/);
    expect(client?.failures?.map((f) => [f.check, f.path])).toEqual([["request-schema", "query.limt"]]);
    const [server] = validateExchanges(recording).results;
    expect(server?.problems).toEqual([]);
  });
});
