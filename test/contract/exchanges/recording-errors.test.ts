// A recording validate cannot read is named with the line at fault, whatever the first lines hold.
import { describe, expect, it } from "vitest";
import { parseRecording, RecordingError } from "../../../src/contract/exchanges.js";

const line = JSON.stringify({
  request: { method: "GET", url: "https://h.example/v1/p/vpc-endpoint-services" },
  response: { status: 200, headers: {}, body: { endpoint_services: [], total_count: 0 } },
});

describe("parseRecording", () => {
  it("names the bad line of JSON lines even when the first line is a sound exchange", () => {
    expect(() => parseRecording(`${line}\ngarbage\n`)).toThrow(new RecordingError("line 2 is not JSON at column 1"));
    expect(() => parseRecording(`${line}\n${line}\n{"x":`)).toThrow(new RecordingError("line 3 is not JSON (it ends too early)"));
    // The position, never the content (a recording may hold secrets).
    expect(() => parseRecording(`${line}\n{"token": hunter2-secret}`)).toThrow(new RecordingError("line 2 is not JSON at column 11"));
    expect(parseRecording(`${line}\n${line}`)).toHaveLength(2);
  });

  it("says a one-line document that is not JSON is not valid JSON", () => {
    expect(() => parseRecording('{"log": ')).toThrow(new RecordingError("not valid JSON: it ends too early (line 1, column 8)"));
    expect(() => parseRecording('{"log": {"token": hunter2-secret}}')).toThrow(new RecordingError("not valid JSON at line 1, column 19"));
  });
});
