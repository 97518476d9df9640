// Masking at scale: 2.5 MB of text and 1 MB of backslashes through one redactor, bounded against a
// quadratic or exponential scan. The scale tier (`npm run test:scale`, AT_SCALE in
// vitest.config.ts); every form of every secret at everyday sizes is in masking.test.ts.
import { describe, expect, it } from "vitest";
import { createRedactor } from "../../../src/floor/redact.js";
import { scaled } from "../../support/timeouts.js";

describe("the masker", () => {
  it("stays linear: 2.5 MB of text, and 1 MB of backslashes against a secret of backslashes", () => {
    const redact = createRedactor(['tok/SECRET+abc=123"x\\y', `${"\\".repeat(24)}X`]);
    const text = "lorem ipsum tok/SECRET+abc=12 \\u0074ok ".repeat(65_000);
    const started = performance.now();
    const out = redact(text);
    // `tok/SECRET+abc=12` is seventeen characters of the first secret in a row: masked too.
    expect(out).toBe("lorem ipsum *** \\u0074ok ".repeat(65_000));
    redact("\\".repeat(1_000_000));
    // A guard against a quadratic or exponential scan (minutes), not a speed target: `npm run bench` holds those.
    expect(performance.now() - started).toBeLessThan(scaled(30_000));
  });
});
