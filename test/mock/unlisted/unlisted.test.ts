// The warning for an ignored query parameter: once per name, names only, bounded.
import { describe, expect, it } from "vitest";
import { createUnlistedReporter } from "../../../src/mock/unlisted.js";

describe("createUnlistedReporter", () => {
  it("writes one line per name, the first time it is seen", () => {
    const lines: string[] = [];
    const report = createUnlistedReporter((line) => lines.push(line));
    report(["limt", "foo"]);
    report(["limt"]);
    report(["foo", "bar"]);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      'warning: ignored the query parameter "limt", which the document does not list (reported once; --strict-query refuses it)',
    );
    expect(lines[2]).toContain('"bar"');
  });

  it("stops after the bound with one line saying so, however many names follow", () => {
    const lines: string[] = [];
    const report = createUnlistedReporter((line) => lines.push(line), 3);
    for (let i = 0; i < 1000; i++) report([`p${i}`]);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe("warning: more than 3 unlisted query parameters; no more are reported");
  });

  it("never prints a name that could be a pasted credential", () => {
    const lines: string[] = [];
    const secret = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj";
    createUnlistedReporter((line) => lines.push(line))([secret, `x=${"y".repeat(10)}`, "a\nb", "SK9f8e7d6c5b4a3210"]);
    expect(lines.join("\n")).not.toMatch(/MIIEvQ|yyyy|a\nb|SK9f/);
    expect(lines[0]).toContain(`(a name of ${secret.length} characters, not shown)`);
  });
});
