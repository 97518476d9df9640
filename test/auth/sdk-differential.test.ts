// The signer against the provider's own: @huaweicloud/huaweicloud-sdk-core's AKSKSigner signs
// 2,500 seeded random requests shaped like real calls of this operation (every query parameter,
// unicode names with spaces, both clouds' regions, temporary credentials, the SDK's
// UNSIGNED-PAYLOAD requests), and every Authorization must be identical. Where the SDK departs
// from the documented algorithm (../shared/reference/vpcep-facts.md), the documented behaviour
// is asserted instead, and the SDK's difference shown; the calling guide's signing section (docs/calling.md) lists them.
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endpointOf, knownRegions, type ListEndpointServicesQuery } from "vpcep-openapi";
import { canonicalRequest, createSigner, signRequest } from "../../src/auth/sign.js";
import { serializeQuery } from "../../src/client/query.js";
import { TIMEOUTS } from "../support/timeouts.js";

interface SdkRequest {
  method: string;
  endpoint: string;
  headers: Record<string, string>;
  queryParams?: Record<string, string | number>;
  data?: unknown;
}
type SdkSign = (request: SdkRequest, credential: { getAk(): string; getSk(): string }) => Record<string, string>;

let sdkSign: SdkSign;
let home = "";
const savedHome = process.env["HOME"];
beforeAll(() => {
  // The SDK core writes ~/.huaweicloud/; keep it out of the real home.
  home = mkdtempSync(path.join(tmpdir(), "vpcep-sdk-home-"));
  process.env["HOME"] = home;
  const require = createRequire(import.meta.url);
  const { AKSKSigner } = require("@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner") as { AKSKSigner: { sign: SdkSign } };
  sdkSign = (request, credential) => AKSKSigner.sign(request, credential);
});
afterAll(() => {
  process.env["HOME"] = savedHome;
  rmSync(home, { recursive: true, force: true });
});

const sdkAuthorization = (request: SdkRequest, accessKey: string, secretKey: string) =>
  sdkSign(structuredClone(request), { getAk: () => accessKey, getSk: () => secretKey })["Authorization"];

// --- generators of realistic calls ---------------------------------------------------------------

const alnum = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"), minLength: min, maxLength: max });
const hex = (length: number) => fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: length, maxLength: length });
const uuid = fc.uuid();
/** Service names as users type them: any language, spaces, emoji, and the characters URLs reserve. */
const serviceName = fc.oneof(
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(..."ab Zé東京 ü-_.~!*'()&=?#%+/:;,@$[]"), minLength: 1, maxLength: 30 }),
  fc.constantFrom("my service", "orders-api", "服务 一", "café crème", "a+b=c&d", "100% ready", " leading and trailing "),
);
const query: fc.Arbitrary<ListEndpointServicesQuery> = fc.record(
  {
    endpoint_service_name: serviceName,
    id: uuid,
    status: fc.constantFrom("creating", "available", "failed", "deleting"),
    sort_key: fc.constantFrom("create_at", "update_at"),
    sort_dir: fc.constantFrom("asc", "desc"),
    limit: fc.integer({ min: 0, max: 1000 }),
    offset: fc.integer({ min: 0, max: 1_000_000 }),
    public_border_group: fc.constantFrom("center", "edge-1", "ap-southeast-1-ext"),
    net_type: fc.constantFrom("vlan", "vxlan", "all"),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<ListEndpointServicesQuery>;
const sdkDate = fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true }).map((d) =>
  d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, ""),
);

const call = fc.record({
  region: fc.constantFrom(...knownRegions),
  projectId: hex(32),
  query,
  accessKey: alnum(20, 20),
  secretKey: alnum(40, 40),
  /** Temporary credentials: a long opaque token (base64-like). */
  securityToken: fc.option(
    fc.string({
      unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_"),
      minLength: 40,
      maxLength: 600,
    }),
    { nil: undefined },
  ),
  /** The SDK's HcClient sends application/json on this GET; without it, it marks the payload UNSIGNED-PAYLOAD. */
  unsignedPayload: fc.boolean(),
  date: sdkDate,
});

/** The headers the provider's HcClient sends for this call, as the SDK's signer sees them. */
function sdkHeaders(c: CallShape): Record<string, string> {
  return {
    ...(c.unsignedPayload ? { "X-Sdk-Content-Sha256": "UNSIGNED-PAYLOAD" } : { "Content-Type": "application/json" }),
    "X-Project-Id": c.projectId,
    "X-Sdk-Date": c.date,
    ...(c.securityToken ? { "X-Security-Token": c.securityToken } : {}),
  };
}
type CallShape = typeof call extends fc.Arbitrary<infer T> ? T : never;

const RUNS = 2500;

describe("identical to the provider's Node SDK signer", () => {
  it(
    `signs ${RUNS} seeded random calls of this operation with the same Authorization`,
    async () => {
      let compared = 0;
      const withParameters = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(call, async (c) => {
          const endpoint = `${endpointOf(c.region)}/v1/${c.projectId}/vpc-endpoint-services`;
          const headers = new Headers(sdkHeaders(c));
          // Ours: the URL exactly as createVpcepClient sends it, signed as the client signs it.
          const sign = createSigner({
            accessKey: c.accessKey,
            secretKey: c.secretKey,
            ...(c.securityToken ? { securityToken: c.securityToken } : {}),
          });
          await sign(
            { method: "GET", url: new URL(endpoint + serializeQuery(c.query)), headers, body: new Uint8Array(0) },
            { date: c.date },
          );
          const theirs = sdkAuthorization(
            { method: "GET", endpoint, headers: sdkHeaders(c), queryParams: c.query as Record<string, string | number> },
            c.accessKey,
            c.secretKey,
          );
          expect(headers.get("Authorization")).toBe(theirs);
          compared++;
          for (const name of Object.keys(c.query)) withParameters.set(name, (withParameters.get(name) ?? 0) + 1);
        }),
        { seed: 20261126, numRuns: RUNS },
      );
      expect(compared).toBe(RUNS);
      // Every parameter took part in many of the comparisons.
      for (const name of [
        "endpoint_service_name",
        "id",
        "status",
        "sort_key",
        "sort_dir",
        "limit",
        "offset",
        "public_border_group",
        "net_type",
      ]) {
        expect(withParameters.get(name) ?? 0, name).toBeGreaterThan(RUNS / 4);
      }
    },
    TIMEOUTS.test,
  );

  it("signs the same through the public signRequest, with every parameter present and the date as Date, epoch ms or X-Sdk-Date", async () => {
    const q: ListEndpointServicesQuery = {
      endpoint_service_name: "服务 café a+b",
      id: "4189d3c2-8882-4871-a3c2-d380272eed88",
      status: "available",
      sort_key: "update_at",
      sort_dir: "asc",
      limit: 1000,
      offset: 0,
      public_border_group: "center",
      net_type: "all",
    };
    const creds = {
      accessKey: "HPUAXXXXXXXXXXXXXXXX",
      secretKey: "SecretKeyOfTemporaryCredentials000000000",
      securityToken: "gQpjbi1ub3J0aC00ibNIZ2...",
    };
    const projectId = "6e9dfd51d1124e8d8498dce894923a0d";
    const endpoint = `${endpointOf("eu-de")}/v1/${projectId}/vpc-endpoint-services`;
    const theirs = sdkAuthorization(
      {
        method: "GET",
        endpoint,
        headers: {
          "Content-Type": "application/json",
          "X-Project-Id": projectId,
          "X-Sdk-Date": "20191115T033655Z",
          "X-Security-Token": creds.securityToken,
        },
        queryParams: q as Record<string, string | number>,
      },
      creds.accessKey,
      creds.secretKey,
    );
    const make = () =>
      new Request(endpoint + serializeQuery(q), { headers: { "Content-Type": "application/json", "X-Project-Id": projectId } });
    const at = Date.UTC(2019, 10, 15, 3, 36, 55);
    for (const date of [new Date(at), at, "20191115T033655Z"]) {
      const ours = await signRequest(make(), creds, { date });
      expect(ours.headers.get("Authorization")).toBe(theirs);
    }
    // A URL string is a GET without headers: the same as the SDK with only its date header.
    const bare = await signRequest(
      endpoint + serializeQuery(q),
      { accessKey: creds.accessKey, secretKey: creds.secretKey },
      { date: "20191115T033655Z" },
    );
    expect(bare.headers.get("Authorization")).toBe(
      sdkAuthorization(
        { method: "GET", endpoint, headers: { "X-Sdk-Date": "20191115T033655Z" }, queryParams: q as Record<string, string | number> },
        creds.accessKey,
        creds.secretKey,
      ),
    );
  });

  it("honours X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD as the SDK does: the body is not hashed, and stays in the request", async () => {
    const endpoint = "https://vpcep.cn-north-4.myhuaweicloud.com/v1/p/vpc-endpoints";
    const creds = { accessKey: "AK", secretKey: "SK" };
    const headers = {
      "Content-Type": "application/octet-stream",
      "X-Sdk-Content-Sha256": "UNSIGNED-PAYLOAD",
      "X-Sdk-Date": "20240101T000000Z",
    };
    const signed = await signRequest(new Request(endpoint, { method: "POST", headers, body: "large upload" }), creds, {
      date: "20240101T000000Z",
    });
    expect(signed.headers.get("Authorization")).toBe(
      sdkAuthorization({ method: "POST", endpoint, headers, data: { any: "thing" } }, creds.accessKey, creds.secretKey),
    );
    expect(await signed.text()).toBe("large upload");
    const hashed = await signRequest(
      new Request(endpoint, { method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: "large upload" }),
      creds,
      { date: "20240101T000000Z" },
    );
    expect(hashed.headers.get("Authorization")).not.toBe(signed.headers.get("Authorization"));
  });
});

// --- where the SDK departs from the documented algorithm ------------------------------------------

describe("where the SDK departs from the documented algorithm, the documented behaviour holds", () => {
  const creds = { accessKey: "AK", secretKey: "SK" };
  const date = "20240101T000000Z";
  const ours = async (url: string, headers: Record<string, string> = {}, init: RequestInit = {}) =>
    (await signRequest(new Request(url, { ...init, headers }), creds, { date })).headers.get("Authorization");
  const canonical = async (url: string, headers: Record<string, string>) => {
    const h = new Headers({ ...headers, "X-Sdk-Date": date });
    const names = [...new Set(["host", "x-sdk-date", ...h.keys()])].sort();
    return canonicalRequest({ method: "GET", url: new URL(url), headers: h, body: new Uint8Array(0) }, names);
  };

  it("1. header values are trimmed (the SDK signs them untrimmed)", async () => {
    const url = "https://h.example/v1/p/vpc-endpoint-services";
    expect(await canonical(url, { "X-Project-Id": "  p  " })).toContain("\nx-project-id:p\n");
    const sdk = sdkAuthorization({ method: "GET", endpoint: url, headers: { "X-Project-Id": "  p  ", "X-Sdk-Date": date } }, "AK", "SK");
    const sdkTrimmed = sdkAuthorization({ method: "GET", endpoint: url, headers: { "X-Project-Id": "p", "X-Sdk-Date": date } }, "AK", "SK");
    expect(await ours(url, { "X-Project-Id": "  p  " })).toBe(sdkTrimmed);
    expect(sdk).not.toBe(sdkTrimmed);
  });

  it("2. host is the Host header as sent: no explicit default port (the SDK signs host:h:443)", async () => {
    expect(await canonical("https://h.example:443/v1/p/x", {})).toContain("\nhost:h.example\n");
    expect(await canonical("http://h.example:8080/v1/p/x", {})).toContain("\nhost:h.example:8080\n");
    const sdk = sdkAuthorization({ method: "GET", endpoint: "https://h.example:443/v1/p/x", headers: { "X-Sdk-Date": date } }, "AK", "SK");
    expect(await ours("https://h.example:443/v1/p/x")).toBe(
      sdkAuthorization({ method: "GET", endpoint: "https://h.example/v1/p/x", headers: { "X-Sdk-Date": date } }, "AK", "SK"),
    );
    expect(sdk).not.toBe(await ours("https://h.example:443/v1/p/x"));
  });

  it("3. a path character is encoded once (the SDK double-encodes what url.parse pre-escapes: %2520)", async () => {
    const url = "https://h.example/v1/my project/x";
    expect((await canonical(url, {})).split("\n")[1]).toBe("/v1/my%20project/x/");
    const sdk = sdkAuthorization({ method: "GET", endpoint: url, headers: { "X-Sdk-Date": date } }, "AK", "SK");
    expect(sdk).not.toBe(await ours(url));
  });

  it("4. canonical header lines and SignedHeaders share one code-unit order (the SDK orders the lines with localeCompare)", async () => {
    const url = "https://h.example/v1/p/x";
    const lines = (await canonical(url, { "x-sdk_extra": "1" })).split("\n").slice(3, 6);
    expect(lines).toEqual(["host:h.example", "x-sdk-date:20240101T000000Z", "x-sdk_extra:1"]);
    const signed = await signRequest(new Request(url, { headers: { "x-sdk_extra": "1" } }), creds, {
      date,
      signedHeaders: ["host", "x-sdk-date", "x-sdk_extra"],
    });
    expect(signed.headers.get("Authorization")).toMatch(/SignedHeaders=host;x-sdk-date;x-sdk_extra,/);
    const sdk = sdkAuthorization({ method: "GET", endpoint: url, headers: { "x-sdk_extra": "1", "X-Sdk-Date": date } }, "AK", "SK");
    expect(sdk).toMatch(/SignedHeaders=host;x-sdk-date;x-sdk_extra,/); // same list, lines in another order
    expect(sdk).not.toBe(signed.headers.get("Authorization"));
  });

  it("5. a string body is hashed as its bytes (the SDK hashes JSON.stringify of it)", async () => {
    const url = "https://service.endpoint.myhuaweicloud.com/resources?size=1";
    const body = '{"name":"test","id":1}';
    const signed = await signRequest(
      new Request(url, { method: "POST", body }),
      { accessKey: "AccessKey", secretKey: "SecretKey" },
      { date: "20200608T023900Z", signedHeaders: ["host", "x-sdk-date"] },
    );
    // The Python SDK's public vector for this request.
    expect(signed.headers.get("Authorization")).toMatch(/Signature=436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f$/);
    const sdk = sdkAuthorization(
      {
        method: "POST",
        endpoint: "https://service.endpoint.myhuaweicloud.com/resources",
        queryParams: { size: 1 },
        headers: { "X-Sdk-Date": "20200608T023900Z" },
        data: body,
      },
      "AccessKey",
      "SecretKey",
    );
    expect(sdk).not.toBe(signed.headers.get("Authorization"));
  });

  it("6. /./ segments are resolved as the URL that is sent (the SDK keeps them)", async () => {
    expect((await canonical("https://h.example/v1/./p/x", {})).split("\n")[1]).toBe("/v1/p/x/");
    const sdk = sdkAuthorization({ method: "GET", endpoint: "https://h.example/v1/./p/x", headers: { "X-Sdk-Date": date } }, "AK", "SK");
    expect(await ours("https://h.example/v1/./p/x")).toBe(
      sdkAuthorization({ method: "GET", endpoint: "https://h.example/v1/p/x", headers: { "X-Sdk-Date": date } }, "AK", "SK"),
    );
    expect(sdk).not.toBe(await ours("https://h.example/v1/./p/x"));
  });

  it("7. query parameters are sorted by encoded name (the SDK sorts raw names; no name of this operation differs)", async () => {
    const url = "https://h.example/v1/p/x?z=1&%C3%A9=2";
    expect((await canonical(url, {})).split("\n")[2]).toBe("%C3%A9=2&z=1");
    const sdk = sdkAuthorization(
      { method: "GET", endpoint: "https://h.example/v1/p/x", queryParams: { z: "1", é: "2" }, headers: { "X-Sdk-Date": date } },
      "AK",
      "SK",
    );
    expect(sdk).not.toBe(await ours(url));
  });
});
