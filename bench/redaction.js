// @ts-check
// Redaction throughput: `createRedactor` (every form of three credentials, one pass) on 10 MB of
// text with echoes in it, side by side with replacing the raw forms only (what it did before).
import { createRedactor } from "../dist/src/floor/redact.js";
import { redactBody } from "../dist/src/mock/proxy/har.js";

const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

export function redactionBench() {
  const secrets = [
    "MIIDXAYJKoZIhvcNAQcCoIIDTTCCA0kCAQExDTALBglghkgBZQMEAgEw/+=",
    "HST3Y8YQBIGO2BM9NKFQ",
    "Ad0Zr1YhFk7fWxVqL9uXn2cTbE4sPjR8mG6oKyIa",
  ];
  const line = `{"error_msg":"echo ${JSON.stringify(secrets[0]).slice(1, -1).replaceAll("/", "\\/")} and ${encodeURIComponent(secrets[1])}","note":"lorem ipsum dolor sit amet \\u0041 %41"}\n`;
  const text = line.repeat(Math.ceil(10_000_000 / line.length)).slice(0, 10_000_000);
  const redact = createRedactor(secrets);
  const rawOnly = (/** @type {string} */ input) => secrets.reduce((out, secret) => out.split(secret).join("***"), input);
  const ours = [];
  const before = [];
  for (let i = 0; i < 5; i++) {
    let started = performance.now();
    redact(text);
    ours.push(performance.now() - started);
    started = performance.now();
    rawOnly(text);
    before.push(performance.now() - started);
  }
  // The proxy's by-name pass over a body that is not JSON (`token=…` pairs), on the same text and on
  // one 10 MB word (the input that made its pattern before quadratic: 100 KB took 11 s).
  const word = "a".repeat(text.length);
  const byName = [];
  const byNameWord = [];
  for (let i = 0; i < 5; i++) {
    let started = performance.now();
    redactBody(text);
    byName.push(performance.now() - started);
    started = performance.now();
    redactBody(word);
    byNameWord.push(performance.now() - started);
  }
  // A self-repeating secret over text of its repeated character (77 s before masking became linear for it).
  const repeating = createRedactor([`${"A".repeat(2000)}B`]);
  const as = "A".repeat(200_000);
  const selfRepeating = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    repeating(as);
    selfRepeating.push(performance.now() - started);
  }
  return {
    bytes: text.length,
    ms: median(ours),
    rawOnlyMs: median(before),
    byNameMs: median(byName),
    byNameWordMs: median(byNameWord),
    selfRepeatingMs: median(selfRepeating),
  };
}

export function printRedactionBench({ bytes, ms, rawOnlyMs, byNameMs, byNameWordMs, selfRepeatingMs }) {
  console.log(
    `| createRedactor, 10 MB of text with echoes, three credentials, every form (median of 5) | ${ms.toFixed(0)} ms (${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s) | |`,
  );
  // Every run of eight characters of a secret is looked for, in the raw text and in up to six decoded
  // views around its escapes: more work than replacing whole raw forms, linear for any secret.
  console.log(`| ratio to replacing the raw forms only | ${(ms / rawOnlyMs).toFixed(1)} | <= 60 |`);
  console.log(`| createRedactor, secret "A"×2000+"B" over 200 KB of "A" (median of 5) | ${selfRepeatingMs.toFixed(0)} ms | < 1000 ms |`);
  console.log(`| proxy HAR: secret-named pairs of a 10 MB text body (redactBody, median of 5) | ${byNameMs.toFixed(0)} ms | < 1000 ms |`);
  console.log(`| the same on one 10 MB word without a space | ${byNameWordMs.toFixed(0)} ms | < 1000 ms |`);
}
