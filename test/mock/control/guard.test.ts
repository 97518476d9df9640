// Who may call the control API of a running `--stateful` mock: credentials when any are configured
// (the same token, a valid AK/SK signature, or the control token), only JSON bodies, only the
// mock's own Host, no preflight; too deep or too large bodies refused with a 4xx, never a 500; no
// refusal quotes a credential.
import { request } from "node:http";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { exampleServices } from "../../../generated/contract-validators.js";
import { signRequest } from "../../../src/auth/sign-request.js";
import { type StatefulMock, type StatefulOptions, startStatefulMock } from "../../../src/mock/stateful/stateful.js";
import { headerCredential, leaksIn } from "../../support/secret-forms.js";
import { within } from "../../support/timeouts.js";

const running: StatefulMock[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((mock) => mock.stop()));
});

async function start(options: Partial<StatefulOptions> = {}): Promise<StatefulMock> {
  const mock = await startStatefulMock({ services: [...exampleServices], ...options });
  running.push(mock);
  return mock;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  ms: number;
}

/** A raw request (node:http, so that Host can be anything). */
function send(mock: StatefulMock, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(`${mock.url}/__mock/${path}`, { method, headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, ms: performance.now() - started }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const JSON_TYPE = { "Content-Type": "application/json" };
const count = async (mock: StatefulMock, headers: Record<string, string>) =>
  (JSON.parse((await send(mock, "GET", "services", headers)).text) as { count: number }).count;
const newService = (name: string) => JSON.stringify({ service_name: name, service_type: "interface", status: "available" });

describe("credentials", () => {
  it("with tokens configured: no token or a wrong one is refused 401 and changes nothing; the token passes", async () => {
    const mock = await start({ credentials: { tokens: ["right-token"] } });
    const token = { "X-Auth-Token": "right-token" };
    for (const headers of [{}, { "X-Auth-Token": "wrong" }, { Authorization: "Bearer right-token" }]) {
      for (const [method, path, body] of [
        ["GET", "services", undefined],
        ["POST", "services", newService("intruder")],
        ["POST", "reset", undefined],
        ["POST", "clock", '{"advance_ms":1}'],
        ["DELETE", `services/${exampleServices[0]!.id}`, undefined],
      ] as const) {
        const refused = await send(mock, method, path, { ...JSON_TYPE, ...headers }, body);
        expect(refused.status, `${method} ${path} with ${Object.keys(headers).join() || "nothing"}`).toBe(401);
        expect(refused.headers["www-authenticate"]).toMatch(/^Bearer /);
        expect(JSON.parse(refused.text).error).toMatch(/needs credentials/);
      }
    }
    expect(await count(mock, token)).toBe(exampleServices.length);
    expect((await send(mock, "POST", "services", { ...JSON_TYPE, ...token }, newService("mine"))).status).toBe(201);
    expect(await count(mock, token)).toBe(exampleServices.length + 1);
  });

  it("with a key pair configured: a valid AK/SK signature passes, a wrong secret does not", async () => {
    const key = { accessKey: "CONTROLAK", secretKey: "control/secret+key=" };
    const mock = await start({ credentials: { keys: [key] } });
    const signed = async (secretKey: string) => {
      const signedRequest = await signRequest(new Request(`${mock.url}/__mock/reset`, { method: "POST", headers: JSON_TYPE }), {
        ...key,
        secretKey,
      });
      return send(mock, "POST", "reset", Object.fromEntries(signedRequest.headers));
    };
    expect((await signed(key.secretKey)).status).toBe(200);
    expect((await signed("another-secret")).status).toBe(401);
  });

  it("--control-token: Authorization: Bearer <it> passes, alone or beside the gateway's credentials", async () => {
    const alone = await start({ controlToken: "ctl-token" });
    expect((await send(alone, "POST", "reset", { ...JSON_TYPE, Authorization: "Bearer ctl-token" })).status).toBe(200);
    expect((await send(alone, "POST", "reset", { ...JSON_TYPE, Authorization: "Bearer other" })).status).toBe(401);
    expect((await send(alone, "POST", "reset", JSON_TYPE)).status).toBe(401);
    // The operation itself is unchanged: a mock without credentials accepts any token there.
    const page = await fetch(`${alone.url}/v1/p/vpc-endpoint-services`, { headers: { "X-Auth-Token": "anything" } });
    expect(page.status).toBe(200);
    const both = await start({ controlToken: "ctl-token", credentials: { tokens: ["api-token"] } });
    expect((await send(both, "POST", "reset", { ...JSON_TYPE, Authorization: "Bearer ctl-token" })).status).toBe(200);
    expect((await send(both, "POST", "reset", { ...JSON_TYPE, "X-Auth-Token": "api-token" })).status).toBe(200);
  });

  it("without any credential configured the control API stays open", async () => {
    const mock = await start();
    expect((await send(mock, "POST", "services", JSON_TYPE, newService("open"))).status).toBe(201);
  });

  it("no refusal quotes the configured or the sent credential, in any form (fast-check)", async () => {
    await fc.assert(
      fc.asyncProperty(headerCredential, headerCredential, async (configured, sent) => {
        fc.pre(configured !== sent);
        const mock = await start({ credentials: { tokens: [configured] }, controlToken: `${configured}!` });
        for (const headers of [{ "X-Auth-Token": sent }, { Authorization: `Bearer ${sent}` }, {}]) {
          const refused = await send(mock, "POST", "services", { ...JSON_TYPE, ...headers }, newService("x"));
          expect(refused.status).toBe(401);
          expect(leaksIn(`${JSON.stringify(refused.headers)}\n${refused.text}`, [configured, sent])).toEqual([]);
        }
        await mock.stop();
      }),
      { numRuns: 15 },
    );
  });
});

describe("only JSON bodies, no page on another origin, no preflight", () => {
  it("a POST or PATCH body without Content-Type: application/json gets 415 (text/plain, a form, multipart, none), and changes nothing", async () => {
    const mock = await start();
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", undefined]) {
      const headers: Record<string, string> = type === undefined ? {} : { "Content-Type": type };
      expect((await send(mock, "POST", "services", headers, newService("via-form"))).status).toBe(415);
      expect((await send(mock, "POST", "reset", headers, "x=1")).status).toBe(415);
      expect((await send(mock, "PATCH", `services/${exampleServices[0]!.id}`, headers, '{"status":"failed"}')).status).toBe(415);
    }
    expect(await count(mock, {})).toBe(exampleServices.length);
    expect((await send(mock, "POST", "clock", { "Content-Type": "application/json; charset=utf-8" }, '{"advance_ms":5}')).status).toBe(200);
  });

  it("a plain POST without a body or Content-Type (curl -X POST …/reset) resets, as WireMock's /__admin/reset does", async () => {
    const mock = await start();
    expect((await send(mock, "POST", "services", JSON_TYPE, newService("added"))).status).toBe(201);
    expect(await count(mock, {})).toBe(exampleServices.length + 1);
    // node:http sends no Content-Length for a body-less POST, as curl -X POST does.
    const reset = await send(mock, "POST", "reset");
    expect(reset.status, reset.text).toBe(200);
    expect(await count(mock, {})).toBe(exampleServices.length);
    expect((await send(mock, "POST", "reset", { "Content-Length": "0" })).status).toBe(200);
    // A POST that needs a body still says what it takes.
    const empty = await send(mock, "POST", "clock");
    expect(empty.status).toBe(400);
  });

  it("a request a page on another origin sends (Sec-Fetch-Site cross-site or same-site, a foreign Origin) gets 403 and changes nothing; the mock's own origin passes", async () => {
    const mock = await start();
    const own = new URL(mock.url).origin;
    for (const headers of [
      { "Sec-Fetch-Site": "cross-site", Origin: "http://evil.example" },
      { "Sec-Fetch-Site": "same-site" },
      { "Sec-Fetch-Site": "cross-site" },
      { Origin: "http://evil.example" },
      { Origin: "null" },
      { Origin: `http://localhost:${Number(new URL(mock.url).port) + 1}` },
    ]) {
      expect((await send(mock, "POST", "services", JSON_TYPE, newService("added"))).status).toBe(201);
      const refused = await send(mock, "POST", "reset", headers);
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(JSON.parse(refused.text).error).toMatch(/web page on another origin/);
      expect(refused.text).not.toContain("evil");
      expect((await send(mock, "GET", "services", headers)).status).toBe(403);
      expect(await count(mock, {})).toBe(exampleServices.length + 1);
      expect((await send(mock, "POST", "reset")).status).toBe(200);
    }
    for (const headers of [{ "Sec-Fetch-Site": "same-origin", Origin: own }, { "Sec-Fetch-Site": "none" }, { Origin: own }])
      expect((await send(mock, "POST", "reset", headers)).status, JSON.stringify(headers)).toBe(200);
  });

  it("a preflight to /__mock/ gets 405 without any Access-Control-* header, and control answers carry none, even with --cors *", async () => {
    const mock = await start({ cors: "*" });
    const preflight = await send(mock, "OPTIONS", "reset", {
      Origin: "http://evil.example",
      "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "content-type",
    });
    expect(preflight.status).toBe(405);
    expect(Object.keys(preflight.headers).filter((name) => name.startsWith("access-control-"))).toEqual([]);
    const listed = await send(mock, "GET", "services", { Origin: "http://evil.example" });
    expect(listed.status).toBe(403);
    expect(Object.keys(listed.headers).filter((name) => name.startsWith("access-control-"))).toEqual([]);
  });
});

describe("Host", () => {
  it("refuses a Host that is not the mock's address (DNS rebinding) with 421; accepts localhost, 127.0.0.1 and [::1] with the port", async () => {
    const mock = await start();
    const port = new URL(mock.url).port;
    for (const host of [`evil.example:${port}`, `localhost:${Number(port) + 1}`, "localhost", `127.0.0.1.evil.example:${port}`]) {
      const refused = await send(mock, "POST", "reset", { ...JSON_TYPE, Host: host });
      expect(refused.status, host).toBe(421);
      expect(refused.text).not.toContain("evil");
    }
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`])
      expect((await send(mock, "POST", "reset", { ...JSON_TYPE, Host: host })).status, host).toBe(200);
    // The operation is not the control API: it keeps answering whatever the Host.
    const page = await new Promise<number>((resolve, reject) =>
      request(`${mock.url}/v1/p/vpc-endpoint-services`, { headers: { Host: "evil.example", "X-Auth-Token": "t" }, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on("error", reject)
        .end(),
    );
    expect(page).toBe(200);
  });
});

describe("limits", () => {
  it("a deeply nested body gets 400 naming the depth, never a 500, quickly", async () => {
    const mock = await start();
    const deep = `{"service_name":"a","service_type":"interface","status":"available","x":${"[".repeat(200_000)}${"]".repeat(200_000)}}`;
    for (const [method, path] of [
      ["POST", "services"],
      ["PATCH", `services/${exampleServices[0]!.id}`],
      ["POST", "clock"],
    ] as const) {
      const refused = await send(mock, method, path, JSON_TYPE, deep);
      expect(refused.status, `${method} ${path}`).toBe(400);
      expect(JSON.parse(refused.text).error).toMatch(/deeper than 64 levels/);
      expect(refused.ms).toBeLessThan(within(5_000));
    }
    // 64 levels are fine (the service is then refused for its unknown field's type, not for its depth).
    const at64 = `{"service_name":"a","service_type":"interface","status":"available","tags":${"[".repeat(63)}${"]".repeat(63)}}`;
    expect(JSON.parse((await send(mock, "POST", "services", JSON_TYPE, at64)).text).error).not.toMatch(/deeper/);
  });

  it("a body over 64 MiB gets 413", async () => {
    const mock = await start();
    const refused = await send(mock, "POST", "services", JSON_TYPE, `[${" ".repeat(64 * 1024 * 1024)}]`);
    expect(refused.status).toBe(413);
    expect(refused.ms).toBeLessThan(within(20_000));
  });
});
