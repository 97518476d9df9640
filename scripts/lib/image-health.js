#!/usr/bin/env node
// @ts-check
// `vpcep-health [URL]` inside the OCI image (not in the npm package): exit 0 when the mock answers
// at URL (default http://127.0.0.1:4010/) with any HTTP status within 3 s, 1 otherwise, naming why.
// A health check for docker compose, `services:` of GitHub Actions and Testcontainers: the image
// has Node but no shell, curl or wget.
const target = process.argv[2] ?? "http://127.0.0.1:4010/";
let url;
try {
  url = new URL(target);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http(s)");
} catch {
  console.error(`vpcep-health: ${JSON.stringify(target)} is not an http(s) URL; usage: vpcep-health [http://127.0.0.1:4010/]`);
  process.exit(2);
}
try {
  const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(3000) });
  await response.body?.cancel();
  console.log(`vpcep-health: ${url.origin} answers (HTTP ${response.status})`);
} catch (error) {
  const failure = /** @type {Error & { cause?: { code?: string, message?: string, errors?: { code?: string }[] } }} */ (error);
  const cause = failure.cause;
  const reason =
    failure.name === "TimeoutError"
      ? "no answer within 3 s"
      : (cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? failure.message);
  console.error(`vpcep-health: ${url.origin} does not answer: ${reason}`);
  process.exit(1);
}
