// Recordings and reports never carry a secret: URLs lose user and password and secret-named
// parameters, bodies lose secret-named fields (found in review).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HarRecorder, redactBody } from "../../../src/mock/har.js";
import { redactUrl } from "../../../src/redact.js";

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
