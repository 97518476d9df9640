// The proxy forwards only origin-form targets to its upstream: a request never reaches, with its
// credentials, a host other than the upstream (found in review, with the stateful mock's share in
// mock/stateful/hostile-input.test.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProxy } from "../../../src/mock/proxy/proxy.js";
import { startLoopback, type Loopback } from "../../support/loopback.js";
import { rawGet } from "../../support/raw-http.js";

describe("the proxy", () => {
  let upstream: Loopback;
  let other: Loopback;
  beforeAll(async () => {
    upstream = await startLoopback((_req, res) => res.writeHead(200, { "Content-Type": "application/json" }).end("{}"));
    other = await startLoopback((_req, res) => res.writeHead(200).end("reached"));
  });
  afterAll(async () => {
    await upstream.close();
    await other.close();
  });

  it("never forwards a request, with its credentials, to another host than the upstream", async () => {
    const proxy = await startProxy({ upstream: upstream.url, host: "127.0.0.1", port: 0 });
    try {
      const otherHost = new URL(other.url).host;
      const absolute = await rawGet(proxy.url, `http://${otherHost}/abs`, { "X-Auth-Token": "SECRET-TOKEN" });
      expect(absolute.status).toBe(400);
      expect(absolute.body).toContain("origin-form");
      // A path that looks like a host stays a path of the upstream.
      const doubleSlash = await rawGet(proxy.url, `//${otherHost}/v1/p/vpc-endpoint-services`, { "X-Auth-Token": "SECRET-TOKEN" });
      expect(doubleSlash.status).toBe(200);
      expect(upstream.received.map((r) => r.url)).toEqual([`//${otherHost}/v1/p/vpc-endpoint-services`]);
      expect(other.received).toHaveLength(0);
    } finally {
      await proxy.stop();
    }
  });
});
