// A server that answers with a redirect: the client and the raw client never follow it, so the
// credentials never reach another origin (nor another path of the same one), and the answer is a
// typed error that names the Location's origin only.
import type { IncomingMessage } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createVpcepClient, VpcepApiError, type VpcepClientOptions } from "vpcep-openapi";
import { createVpcepRawClient, listEndpointServices } from "vpcep-openapi/raw";
import { sendJson, startLoopback, type Loopback } from "../../support/loopback.js";

const PROJECT = "6e9dfd51d1124e8d8498dce894923a0d";
const AUTHS: [string, VpcepClientOptions["auth"]][] = [
  ["token", { token: "tok-REDIRECT-secret-1" }],
  ["AK/SK with a security token", { accessKey: "AKREDIRECTSECRET", secretKey: "SKREDIRECTSECRET", securityToken: "STREDIRECTSECRET" }],
];
const CREDENTIAL_HEADERS = ["x-auth-token", "x-security-token", "x-sdk-date", "authorization", "x-project-id"];

let servers: Loopback[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
const start = async (handler: Parameters<typeof startLoopback>[0]) => {
  const server = await startLoopback(handler);
  servers.push(server);
  return server;
};
const credentialsIn = (req: IncomingMessage) => CREDENTIAL_HEADERS.filter((name) => req.headers[name] !== undefined);

describe.each([301, 302, 303, 307, 308])("HTTP %i", (status) => {
  describe.each(AUTHS)("with %s", (_kind, auth) => {
    for (const target of ["another origin", "the same origin"] as const) {
      it(`to ${target}: nothing reaches the target, the error is typed and shows the origin only`, async () => {
        const other = await start((_req, res) => sendJson(res, 200, { endpoint_services: [], total_count: 0 }));
        const origin = await start((req, res) => {
          if (req.url?.startsWith("/stolen")) return sendJson(res, 200, { endpoint_services: [], total_count: 0 });
          const base = target === "another origin" ? other.url : `http://127.0.0.1:${req.socket.localPort}`;
          res.writeHead(status, { Location: `${base}/stolen/path?token=LEAKED-QUERY` });
          res.end();
        });
        const client = createVpcepClient({ projectId: PROJECT, baseUrl: origin.url, auth, retry: { attempts: 3, baseDelayMs: 1 } });
        const error = await client.listEndpointServices().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(VpcepApiError);
        const apiError = error as VpcepApiError;
        expect(apiError.status).toBe(status);
        const expectedOrigin = target === "another origin" ? other.url : origin.url;
        expect(apiError.location).toBe(expectedOrigin);
        expect(apiError.message).toContain("does not redirect");
        expect(apiError.message).toContain(expectedOrigin);
        expect(`${apiError.message}${apiError.stack}${JSON.stringify(apiError)}`).not.toMatch(/stolen|LEAKED-QUERY/);
        expect(other.received).toHaveLength(0);
        expect(origin.received).toHaveLength(1); // never retried, never followed on the same origin
        expect(credentialsIn(origin.received[0]!).length).toBeGreaterThan(0);
      });
    }

    it("the raw client: nothing reaches the other origin, the call throws the typed error", async () => {
      const other = await start((_req, res) => sendJson(res, 200, { endpoint_services: [], total_count: 0 }));
      const origin = await start((_req, res) => {
        res.writeHead(status, { Location: `${other.url}/v1/x?sig=LEAKED` });
        res.end();
      });
      const client = createVpcepRawClient({ projectId: PROJECT, baseUrl: origin.url, auth, retry: false });
      const error = await listEndpointServices(client, { params: { path: { project_id: PROJECT } } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VpcepApiError);
      expect((error as VpcepApiError).status).toBe(status);
      expect((error as VpcepApiError).location).toBe(other.url);
      expect(other.received).toHaveLength(0);
    });
  });
});

describe("redirects a runtime handles differently", () => {
  it("a 3xx without a Location (or an unreadable one) is the same typed error, without a location", async () => {
    for (const headers of [{}, { Location: "http://[not a host" }]) {
      const origin = await start((_req, res) => {
        res.writeHead(302, headers);
        res.end();
      });
      const error = await createVpcepClient({ projectId: PROJECT, baseUrl: origin.url, auth: { token: "tok-REDIRECT-secret-1" } })
        .listEndpointServices()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VpcepApiError);
      expect((error as VpcepApiError).location).toBeUndefined();
      expect((error as VpcepApiError).message).toContain("the redirect was not followed");
    }
  });

  it("an opaque redirect (browsers: type opaqueredirect, status 0) is the same typed error", async () => {
    const opaque = Object.assign(new Response(null, { status: 200 }), {});
    Object.defineProperty(opaque, "type", { value: "opaqueredirect" });
    Object.defineProperty(opaque, "status", { value: 0 });
    const seen: RequestInit[] = [];
    const client = createVpcepClient({
      projectId: PROJECT,
      baseUrl: "https://vpcep.example.test",
      auth: { token: "tok-REDIRECT-secret-1" },
      fetch: async (_url, init) => {
        seen.push(init ?? {});
        return opaque;
      },
    });
    const error = await client.listEndpointServices().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VpcepApiError);
    expect((error as VpcepApiError).status).toBe(0);
    expect((error as VpcepApiError).message).toContain("does not redirect");
    expect(seen.map((init) => init.redirect)).toEqual(["manual"]);
  });

  it("a fetch that follows despite redirect: manual has its answer discarded", async () => {
    const followed = new Response(JSON.stringify({ endpoint_services: [], total_count: 0 }), { status: 200 });
    Object.defineProperty(followed, "redirected", { value: true });
    const client = createVpcepClient({
      projectId: PROJECT,
      baseUrl: "https://vpcep.example.test",
      auth: { token: "tok-REDIRECT-secret-1" },
      fetch: async () => followed,
    });
    const error = await client.listEndpointServices().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VpcepApiError);
    expect((error as VpcepApiError).message).toContain("followed a redirect");
  });
});

describe("signRequest and redirects", () => {
  it("keeps the caller's redirect mode", async () => {
    const { signRequest } = await import("vpcep-openapi");
    const credentials = { accessKey: "AKREDIRECTSECRET", secretKey: "SKREDIRECTSECRET" };
    for (const redirect of ["manual", "error", "follow"] as const) {
      const signed = await signRequest(new Request("https://vpcep.example.test/v1/p/vpc-endpoint-services", { redirect }), credentials);
      expect(signed.redirect).toBe(redirect);
    }
  });

  it("what a followed redirect carries to another origin, as the calling guide says: all but Authorization", async () => {
    const { signRequest } = await import("vpcep-openapi");
    const other = await start((_req, res) => sendJson(res, 200, {}));
    const origin = await start((_req, res) => {
      res.writeHead(302, { Location: `${other.url}/elsewhere` });
      res.end();
    });
    const request = new Request(`${origin.url}/v1/${PROJECT}/vpc-endpoint-services`, { headers: { "X-Project-Id": PROJECT } });
    const signed = await signRequest(request, {
      accessKey: "AKREDIRECTSECRET",
      secretKey: "SKREDIRECTSECRET",
      securityToken: "STREDIRECTSECRET",
    });
    await (await fetch(signed)).text(); // the caller's mode here is fetch's default, "follow"
    expect(credentialsIn(other.received[0]!).sort()).toEqual(["x-project-id", "x-sdk-date", "x-security-token"]);
    expect(other.received[0]!.headers["x-security-token"]).toBe("STREDIRECTSECRET");
  });
});

describe("a redirect whose Location host is the token, and an answer whose header name is the token", () => {
  const token = "AbCdEfGhIjKlMnOpQrStUv0123456789";
  const folded = token.toLowerCase();
  it("the error and the raw client's headers hold no eight characters of it in a row, in any case", async () => {
    const server = await start((req, res) => {
      if (req.url?.includes("limit=2")) {
        res.writeHead(302, { Location: `http://${token}.evil.test/x` });
        return void res.end();
      }
      sendJson(res, 400, { error_code: "EndPoint.0002", error_msg: "x" }, { [`X-${token}`]: "1" });
    });
    const client = createVpcepClient({ projectId: PROJECT, baseUrl: server.url, auth: { token }, retry: false });
    const error = (await client.listEndpointServices({ limit: 2 }).catch((e: unknown) => e)) as VpcepApiError;
    expect(error).toBeInstanceOf(VpcepApiError);
    expect(error.message).toContain("the redirect to http://***.evil.test was not followed");
    const raw = createVpcepRawClient({ projectId: PROJECT, baseUrl: server.url, auth: { token }, retry: false });
    const { response } = await listEndpointServices(raw, { params: { path: { project_id: PROJECT } } });
    const names = [...response.headers.keys()];
    expect(names).toContain("x-***");
    for (const text of [error.message, JSON.stringify(error), String(error.location), names.join(" ")])
      for (let i = 0; i + 8 <= token.length; i++) expect(text.toLowerCase()).not.toContain(folded.slice(i, i + 8));
  });
});
