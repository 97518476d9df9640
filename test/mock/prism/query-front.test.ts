// The front vpcep-mock puts before Prism: unlisted query parameters of the operation ignored with a
// warning or refused under --strict-query; everything else passed to Prism and back unchanged.
// Prism's place is taken by a loopback server here (the Prism behind the front: test/cli/bins.test.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Listening } from "../../../src/mock/listen.js";
import { startQueryFront } from "../../../src/mock/prism/query-front.js";
import { createUnlistedReporter } from "../../../src/mock/unlisted.js";
import { type Loopback, startLoopback } from "../../support/loopback.js";
import { rawGet } from "../../support/raw-http.js";

let upstream: Loopback;
let lenient: Listening;
let strict: Listening;
const warnings: string[] = [];
beforeAll(async () => {
  upstream = await startLoopback((req, res) => {
    if (req.url?.startsWith("/chunked")) {
      res.writeHead(200, { "Content-Type": "text/plain", "X-Upstream": "yes" });
      res.write("one,");
      setTimeout(() => res.end("two"), 20);
      return;
    }
    res.writeHead(207, "Multi Things", { "Content-Type": "application/json", "sl-violations": "[]", "Set-Cookie": ["a=1", "b=2"] });
    res.end(JSON.stringify({ method: req.method, url: req.url, token: req.headers["x-auth-token"] }));
  });
  const port = Number(new URL(upstream.url).port);
  const upstreamAt = { host: "127.0.0.1", port };
  lenient = await startQueryFront({
    upstream: upstreamAt,
    host: "127.0.0.1",
    port: 0,
    policy: { onUnlisted: createUnlistedReporter((line) => warnings.push(line)) },
  });
  strict = await startQueryFront({ upstream: upstreamAt, host: "127.0.0.1", port: 0, policy: { strict: true } });
});
afterAll(async () => {
  await lenient.stop();
  await strict.stop();
  await upstream.close();
});

const OPERATION = "/v1/p/vpc-endpoint-services";

describe("the query front before Prism", () => {
  it("passes a request and its answer unchanged: target, headers, status, reason, repeated headers, body", async () => {
    const response = await fetch(`${lenient.url}${OPERATION}?limit=1&marker=x`, { headers: { "X-Auth-Token": "t" } });
    expect(response.status).toBe(207);
    expect(response.statusText).toBe("Multi Things");
    expect(response.headers.get("sl-violations")).toBe("[]");
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(await response.json()).toEqual({ method: "GET", url: `${OPERATION}?limit=1&marker=x`, token: "t" });
  });

  it("streams an answer of unknown length", async () => {
    const response = await fetch(`${lenient.url}/chunked`);
    expect(response.headers.get("x-upstream")).toBe("yes");
    expect(await response.text()).toBe("one,two");
  });

  it("names each unlisted parameter of the operation once in its log, never a value", async () => {
    await fetch(`${lenient.url}${OPERATION}?pagesize=5&secret_key=SK-VALUE-123`);
    await fetch(`${lenient.url}${OPERATION}?pagesize=6`);
    await fetch(`${lenient.url}/elsewhere?not_the_operation=1`);
    expect(warnings.filter((line) => line.includes('"pagesize"'))).toHaveLength(1);
    expect(warnings.some((line) => line.includes('"secret_key"'))).toBe(true);
    expect(warnings.join("\n")).not.toMatch(/SK-VALUE|not_the_operation|=5|=6/);
  });

  it("refuses an unlisted parameter of the operation under strict with 400 EndPoint.0002, without asking Prism", async () => {
    const before = upstream.received.length;
    const { status, body } = await rawGet(strict.url, `${OPERATION}?limt=5`);
    expect(status).toBe(400);
    expect(JSON.parse(body)).toEqual({
      error_code: "EndPoint.0002",
      error_msg: 'Parameter error. vpcep-mock: --strict-query: "limt" is not a parameter of this operation',
    });
    expect(upstream.received.length).toBe(before);
    expect((await rawGet(strict.url, `${OPERATION}?limit=1&server_type=VM`)).status).toBe(207);
    expect((await rawGet(strict.url, "/elsewhere?whatever=1")).status).toBe(207);
  });

  it("refuses what only the stateful mock does (Prefer: fault=/delay=, the control API) with 400 VPCEP_MOCK.STATEFUL_ONLY naming --stateful, without asking Prism", async () => {
    const before = upstream.received.length;
    for (const [target, prefer] of [
      [OPERATION, "fault=reset"],
      [OPERATION, "code=200, fault=delay=100"],
      [OPERATION, "Delay=5"],
      [OPERATION, "fault=no-such-fault"],
      ["/__mock/reset", undefined],
      ["/__mock", undefined],
      ["/__mock/services?x=1", undefined],
    ] as const) {
      const response = await fetch(`${lenient.url}${target}`, {
        method: target.startsWith("/__mock/reset") ? "POST" : "GET",
        headers: prefer === undefined ? {} : { Prefer: prefer },
      });
      expect(response.status, `${target} ${prefer}`).toBe(400);
      const body = (await response.json()) as { error_code: string; error_msg: string };
      expect(body.error_code).toBe("VPCEP_MOCK.STATEFUL_ONLY");
      expect(body.error_msg).toMatch(/vpcep-mock --stateful/);
    }
    expect(upstream.received.length).toBe(before);
    // What Prism itself reads passes on.
    expect((await fetch(`${lenient.url}${OPERATION}`, { headers: { Prefer: "code=400, example=EndPoint-0002" } })).status).toBe(207);
    expect(upstream.received.length).toBe(before + 1);
  });

  it("answers 502 with a documented body when Prism is gone", async () => {
    const orphan = await startQueryFront({ upstream: { host: "127.0.0.1", port: 1 }, host: "127.0.0.1", port: 0, policy: {} });
    const { status, body } = await rawGet(orphan.url, OPERATION);
    await orphan.stop();
    expect(status).toBe(502);
    expect(JSON.parse(body)).toMatchObject({ error_code: "EndPoint.0001" });
  });
});
