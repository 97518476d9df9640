// A recording validate cannot read is named with the line at fault, whatever the first lines hold.
import { describe, expect, it } from "vitest";
import { parseRecording, RecordingError } from "../../../src/contract/exchanges.js";

const line = JSON.stringify({
  request: { method: "GET", url: "https://h.example/v1/p/vpc-endpoint-services" },
  response: { status: 200, headers: {}, body: { endpoint_services: [], total_count: 0 } },
});

describe("parseRecording", () => {
  it("names the bad line of JSON lines even when the first line is a sound exchange", () => {
    expect(() => parseRecording(`${line}\ngarbage\n`)).toThrow(
      new RecordingError("line 2 is not JSON: Unexpected token 'g', \"garbage\" is not valid JSON"),
    );
    expect(() => parseRecording(`${line}\n${line}\n{"x":`)).toThrow(/^line 3 is not JSON/);
    expect(parseRecording(`${line}\n${line}`)).toHaveLength(2);
  });

  it("says a one-line document that is not JSON is not valid JSON", () => {
    expect(() => parseRecording('{"log": ')).toThrow(/^not valid JSON/);
  });
});
