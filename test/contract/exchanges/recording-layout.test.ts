// A recording is one JSON document (a HAR) or JSON lines, told apart by what parses, never by where
// the lines break: a HAR whose entries start at column 0 is still a HAR, and JSON lines still name
// the broken line.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../../src/cli/contract.js";
import { parseRecording, RecordingError } from "../../../src/contract/exchanges.js";
import { runMain } from "../../support/cli.js";

const url = (limit: number) => `https://h.example/v1/p/vpc-endpoint-services?limit=${limit}`;
const body = { endpoint_services: [], total_count: 0 };
const entry = (limit: number) => ({
  request: { method: "GET", url: url(limit), headers: [] },
  response: {
    status: 200,
    headers: [{ name: "Content-Type", value: "application/json" }],
    content: { mimeType: "application/json", text: JSON.stringify(body) },
  },
});
const line = (limit: number) =>
  JSON.stringify({ request: { method: "GET", url: url(limit) }, response: { status: 200, headers: {}, body } });

// The new-user trial's min.har, byte for byte in layout: the entry alone on line 2, at column 0.
const minHar = `{"log":{"version":"1.2","entries":[\n${JSON.stringify(entry(5))}\n]}}\n`;
// Every line at column 0: JSON.stringify(har, null, 0) cut before each entry.
const flatHar = `{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[\n${[1, 2, 3]
  .map((limit) => JSON.stringify(entry(limit), null, 0))
  .join(",\n")}\n]}}`;

describe("parseRecording tells a HAR from JSON lines by what parses", () => {
  it("reads the trial's min.har (an entry at column 0 on its own line) as a HAR", () => {
    expect(JSON.parse(minHar).log.entries).toHaveLength(1);
    expect(parseRecording(minHar).map((e) => [e.method, e.url, e.status, e.body])).toEqual([["GET", url(5), 200, JSON.stringify(body)]]);
  });

  it("reads a HAR with every line at column 0, and the same HAR indented or on one line, alike", () => {
    const har = JSON.parse(flatHar);
    const urls = [url(1), url(2), url(3)];
    expect(flatHar.split("\n").every((l) => !l.startsWith(" "))).toBe(true);
    for (const text of [flatHar, JSON.stringify(har, null, 2), JSON.stringify(har)])
      expect(parseRecording(text).map((e) => e.url)).toEqual(urls);
  });

  it("still reads JSON lines line by line, a blank line and CRLF included", () => {
    expect(parseRecording(`${line(1)}\n${line(2)}\n\n${line(3)}\n`).map((e) => e.url)).toEqual([url(1), url(2), url(3)]);
    expect(parseRecording(`${line(1)}\r\n${line(2)}\r\n`)).toHaveLength(2);
    expect(parseRecording(line(1))).toHaveLength(1);
  });

  it("names the broken line of JSON lines, the first one included", () => {
    expect(() => parseRecording(`${line(1)}\n${line(2)}\n{"request":`)).toThrow(
      new RecordingError("line 3 is not JSON (it ends too early)"),
    );
    expect(() => parseRecording(`${line(1)}\n{"token": hunter2-secret}\n${line(3)}`)).toThrow(
      new RecordingError("line 2 is not JSON at column 11"),
    );
    expect(() => parseRecording(`{"x": nope}\n${line(2)}`)).toThrow(new RecordingError("line 1 is not JSON at column 7"));
  });

  it("names where a HAR spread over lines breaks, never quoting it, and says how it reads as JSON lines when that is ambiguous", () => {
    const pretty = JSON.stringify(JSON.parse(flatHar), null, 2).split("\n");
    const at = pretty.indexOf('    "version": "1.2",');
    const missingComma = pretty.map((l, i) => (i === at ? l.slice(0, -1) : l)).join("\n");
    expect(at).toBe(2);
    expect(() => parseRecording(missingComma)).toThrow(new RecordingError("not valid JSON at line 4, column 5"));
    // Its second line ends with a comma, so it cannot be JSON lines: the document's position alone.
    const cut = flatHar.slice(0, flatHar.lastIndexOf("]"));
    expect(() => parseRecording(cut)).toThrow(new RecordingError("not valid JSON: it ends too early (line 4, column 288)"));
    // One entry, a JSON value alone on line 2: it could be JSON lines whose line 1 is cut, so both readings are named.
    expect(() => parseRecording(minHar.replace("]}}", "]}"))).toThrow(
      new RecordingError(
        "not valid JSON: it ends too early (line 3, column 3); read as JSON lines, line 1 is not JSON (it ends too early)",
      ),
    );
    const secret = minHar.replace('"GET"', "hunter2-secret");
    expect(() => parseRecording(secret)).toThrow(new RecordingError("not valid JSON at line 2, column 22"));
    expect(() => parseRecording(secret)).not.toThrow(/hunter2/);
  });

  it("refuses one JSON document spread over lines that is not a HAR, saying so", () => {
    expect(() => parseRecording(JSON.stringify(JSON.parse(line(1)), null, 2))).toThrow(
      new RecordingError("one JSON document but not a HAR: it has no log.entries array"),
    );
    expect(() => parseRecording(`{"log":{"version":"1.2",\n"entries":{}}}`)).toThrow(/not a HAR: it has no log.entries array/);
  });
});

describe("vpcep-contract validate min.har", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "layout-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("passes the trial's min.har (exit 0) and names a broken one by position (exit 3)", async () => {
    const good = path.join(dir, "min.har");
    await writeFile(good, minHar);
    const passed = await runMain(main, ["validate", good]);
    expect(passed.stderr).not.toMatch(/not JSON|not valid/);
    expect(passed.output).toMatch(/^ok {3}200 exchange 1: GET https:\/\/h\.example\/v1\/p\/vpc-endpoint-services\?limit=5$/m);
    expect(passed.code).toBe(0);
    const broken = path.join(dir, "broken.har");
    await writeFile(broken, minHar.replace("]}}", "]}"));
    const failed = await runMain(main, ["validate", broken]);
    expect(failed.stderr).toMatch(/broken\.har: not valid JSON: it ends too early \(line 3, column 3\)/);
    expect(failed.code).toBe(3);
  });
});
