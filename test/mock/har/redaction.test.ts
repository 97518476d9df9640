// Recordings and reports never carry a secret: URLs lose user and password and secret-named
// parameters, bodies lose secret-named fields (found in review).
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HarRecorder, redactBody } from "../../../src/mock/proxy/har.js";
import { redactUrl } from "../../../src/floor/redact.js";
import { headerCredential, leaksIn, secretForms } from "../../support/secret-forms.js";

describe("recordings and reports", () => {
  it("mask user and password, and every parameter or field named like a secret", () => {
    const url = redactUrl(
      "https://alice:PASSWORD@h.example/v1/p/vpc-endpoint-services?limit=1&access_token=TOK&X-Amz-Signature=SIG&signature=S2",
    );
    for (const secret of ["alice", "PASSWORD", "TOK", "SIG", "S2"]) expect(url).not.toContain(secret);
    expect(url).toContain("limit=1");
    const body = redactBody(
      JSON.stringify({ access_token: "T1", secretAccessKey: "T2", credential: { access: "T3", secret: "T4" }, name: "kept" }),
    );
    for (const secret of ["T1", "T2", "T3", "T4"]) expect(body).not.toContain(secret);
    expect(body).toContain("kept");
    expect(redactBody("secret=T5&token=T6&name=kept")).toBe("secret=***&token=***&name=kept");
  });
});

describe("a recorded body cut by the record limit", () => {
  it("never ends with the beginning of a secret, in whatever form it was echoed and wherever the cut falls", async () => {
    const scratch = await mkdtemp(path.join(tmpdir(), "vpcep-har-cut-"));
    const recorder = await HarRecorder.open({ file: path.join(scratch, "r.har"), creatorVersion: "test" });
    const secret = fc
      .string({
        unit: fc.oneof(fc.constantFrom("/", "+", "=", '"', "\\", " ", "é", "😀", "%"), fc.constantFrom(..."ABCxyz019")),
        minLength: 4,
        maxLength: 16,
      })
      .map((s) => `K${s}`);
    const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
    const forms = (s: string) => [
      s,
      JSON.stringify(s).slice(1, -1),
      Array.from({ length: s.length }, (_, i) => `\\u${hex(s.charCodeAt(i), 4)}`).join(""),
      encodeURIComponent(s),
      [...new TextEncoder().encode(s)].map((b) => `%${hex(b, 2).toUpperCase()}`).join(""),
    ];
    try {
      fc.assert(
        fc.property(secret, fc.nat(4), fc.nat(20), fc.nat(200), (token, which, filler, at) => {
          const form = forms(token)[which]!;
          const cut = Math.min(at, form.length);
          const text = `${".".repeat(filler)}${form.slice(0, cut)}`;
          const entry = recorder.entryOf({
            started: new Date(0),
            ms: 0,
            method: "GET",
            url: "http://upstream.test/x",
            requestHeaders: [{ name: "X-Auth-Token", value: token }],
            requestBody: { text: "", size: 0 },
            status: 200,
            statusText: "OK",
            responseHeaders: [],
            responseBody: { text, size: text.length + 100, truncated: "truncated" },
          }) as { response: { content: { text: string } } };
          expect(entry.response.content.text).toMatch(/^\.*(\*\*\*)?$/);
        }),
        { numRuns: 300 },
      );
    } finally {
      await recorder.close();
      await rm(scratch, { recursive: true, force: true });
    }
  });
});

describe("a recorded body whose echo the upstream escaped twice", () => {
  it("holds no form of the caller's token, neither in the text nor in what a reader decodes from it", async () => {
    const scratch = await mkdtemp(path.join(tmpdir(), "vpcep-har-twice-"));
    const recorder = await HarRecorder.open({ file: path.join(scratch, "r.har"), creatorVersion: "test" });
    try {
      fc.assert(
        fc.property(headerCredential, (token) => {
          const once = secretForms(token).slice(1, 5);
          const text = JSON.stringify({ error_code: "X.1", error_msg: `echo ${once.join(" | ")}`, nested: [{ note: once[0] }] });
          const entry = recorder.entryOf({
            started: new Date(0),
            ms: 0,
            method: "GET",
            url: "http://upstream.test/x",
            requestHeaders: [{ name: "X-Auth-Token", value: token }],
            requestBody: { text: "", size: 0 },
            status: 400,
            statusText: "Bad Request",
            responseHeaders: [],
            responseBody: { text, size: text.length },
          }) as { response: { content: { text: string } } };
          const recorded = entry.response.content.text;
          const decoded = JSON.parse(recorded) as { error_msg: string; nested: { note: string }[] };
          expect(leaksIn([recorded, decoded.error_msg, decoded.nested[0]!.note].join("\n"), [token])).toEqual([]);
          expect(decoded.error_msg).toContain("***");
        }),
        { numRuns: 100 },
      );
    } finally {
      await recorder.close();
      await rm(scratch, { recursive: true, force: true });
    }
  });
});

describe("a long recording", () => {
  it("writes bytes in proportion to what it records (at most five times, plus 1 MiB), the file a whole HAR at the end", async () => {
    const scratch = await mkdtemp(path.join(tmpdir(), "vpcep-har-budget-"));
    const file = path.join(scratch, "r.har");
    const recorder = await HarRecorder.open({ file, creatorVersion: "test", flushMs: 1 });
    const body = "x".repeat(256 * 1024);
    try {
      for (let i = 0; i < 48; i++) {
        recorder.add({
          started: new Date(0),
          ms: 0,
          method: "GET",
          url: "http://upstream.test/v1/p/vpc-endpoint-services",
          requestHeaders: [],
          requestBody: { text: "", size: 0 },
          status: 200,
          statusText: "OK",
          responseHeaders: [],
          responseBody: { text: body, size: body.length },
        });
        // Time for a publishing between entries: before, each one copied the whole recording.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    } finally {
      await recorder.close();
    }
    const size = (await readFile(file)).length;
    expect((JSON.parse(await readFile(file, "utf8")) as { log: { entries: unknown[] } }).log.entries).toHaveLength(48);
    // Entries once, publishing within four times the recorded bytes plus 1 MiB, and the last publishing whole.
    expect(recorder.bytesWritten).toBeLessThanOrEqual(size + 4 * size + 1024 * 1024 + size);
    await rm(scratch, { recursive: true, force: true });
  });
});
