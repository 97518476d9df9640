// SDK-HMAC-SHA256 reproduces the provider's public test vectors byte for byte.
import { describe, expect, it } from "vitest";
import { canonicalQuery, canonicalUri, encodeRfc3986, sdkDate } from "../../src/auth/encoding.js";
import { canonicalRequest, signRequest } from "../../src/auth/sign.js";
import { VpcepConfigError } from "../../src/client/errors.js";

const signatureOf = (request: Request) => /Signature=([0-9a-f]{64})$/.exec(request.headers.get("Authorization") ?? "")?.[1];
const at = (sdk: string) => new Date(sdk.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));

describe("the provider's public test vectors", () => {
  const python = { accessKey: "AccessKey", secretKey: "SecretKey" };

  it("Python SDK test_signer1: GET with an empty body", async () => {
    const signed = await signRequest(new Request("https://service.endpoint.myhuaweicloud.com/resources?size=1"), python, {
      date: at("20200608T023900Z"),
      signedHeaders: ["host", "x-sdk-date"],
    });
    expect(signatureOf(signed)).toBe("cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842");
    expect(signed.headers.get("X-Sdk-Date")).toBe("20200608T023900Z");
    expect(signed.headers.get("Authorization")).toBe(
      "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842",
    );
  });

  it("Python SDK test_signer1: POST with a JSON body", async () => {
    const request = new Request("https://service.endpoint.myhuaweicloud.com/resources?size=1", {
      method: "POST",
      body: '{"name":"test","id":1}',
    });
    const signed = await signRequest(request, python, { date: at("20200608T023900Z"), signedHeaders: ["host", "x-sdk-date"] });
    expect(signatureOf(signed)).toBe("436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f");
    expect(await signed.text()).toBe('{"name":"test","id":1}');
  });

  it("the canonical query of the SDK's encoding test", () => {
    const params = new URLSearchParams();
    params.append("limit", "1");
    params.append("enable", "true");
    params.append("test", "一 (&=?!#%.*)");
    params.append("path", "/tmp/123");
    for (const n of ["1", "2", "3"]) params.append("multi", n);
    const search = [...params].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
    expect(canonicalQuery(search)).toBe(
      "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29",
    );
  });

  it("the signing guide's example: canonical request hash and signature", async () => {
    const credentials = { accessKey: "QTWAOYTTINDUT2QVKYUC", secretKey: "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc" };
    const url =
      "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0";
    const request = new Request(url, { headers: { "Content-Type": "application/json" } });
    const signed = await signRequest(request, credentials, {
      date: at("20191115T033655Z"),
      signedHeaders: ["content-type", "host", "x-sdk-date"],
    });
    expect(signatureOf(signed)).toBe("7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe");
    const canonical = await canonicalRequest({ method: "GET", url: new URL(url), headers: signed.headers, body: new Uint8Array(0) }, [
      "content-type",
      "host",
      "x-sdk-date",
    ]);
    const digest = Buffer.from(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonical))).toString("hex");
    expect(digest).toBe("b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a");
  });
});

describe("canonical forms", () => {
  it.each([
    ["/v1/p/vpc-endpoint-services", "/v1/p/vpc-endpoint-services/"],
    ["/", "/"],
    ["/a%20b/c", "/a%20b/c/"],
    ["/caf%C3%A9/*", "/caf%C3%A9/%2A/"],
  ])("the URI %s signs as %s", (path, expected) => {
    expect(canonicalUri(path)).toBe(expected);
  });

  it("sorts a repeated name by value and keeps the = of an empty value", () => {
    expect(canonicalQuery("?b=2&a=&b=1")).toBe("a=&b=1&b=2");
    expect(canonicalQuery("")).toBe("");
  });

  it("encodes per RFC 3986", () => {
    expect(encodeRfc3986("a-_.~ !*'()")).toBe("a-_.~%20%21%2A%27%28%29");
  });

  it("formats X-Sdk-Date as YYYYMMDDTHHMMSSZ in UTC", () => {
    expect(sdkDate(new Date("2026-01-02T03:04:05.678Z"))).toBe("20260102T030405Z");
  });
});

describe("signRequest", () => {
  const credentials = { accessKey: "AK", secretKey: "SK-secret" };

  it("signs host, x-sdk-date and the provider headers present by default", async () => {
    const request = new Request("https://vpcep.eu-de.otc.t-systems.com/v1/p/vpc-endpoint-services", {
      headers: { "X-Project-Id": "p", Accept: "application/json" },
    });
    const signed = await signRequest(request, { ...credentials, securityToken: "temp-token" }, { date: new Date(0) });
    expect(signed.headers.get("Authorization")).toMatch(/SignedHeaders=host;x-project-id;x-sdk-date;x-security-token,/);
    expect(signed.headers.get("X-Security-Token")).toBe("temp-token");
    expect(signed.headers.get("Accept")).toBe("application/json");
  });

  it("is deterministic for a fixed date and changes with the secret key", async () => {
    const make = () => new Request("https://h.example/v1/p/x?limit=1");
    const a = await signRequest(make(), credentials, { date: new Date(0) });
    const b = await signRequest(make(), credentials, { date: new Date(0) });
    const c = await signRequest(make(), { ...credentials, secretKey: "other" }, { date: new Date(0) });
    expect(signatureOf(a)).toBe(signatureOf(b));
    expect(signatureOf(a)).not.toBe(signatureOf(c));
  });

  it.each([
    ["an empty access key", { accessKey: "", secretKey: "s" }, {}, /accessKey/],
    ["an empty secret key", { accessKey: "a", secretKey: "" }, {}, /secretKey/],
    ["signed headers without x-sdk-date", credentials, { signedHeaders: ["host"] }, /x-sdk-date/],
    ["a signed header the request lacks", credentials, { signedHeaders: ["host", "x-sdk-date", "x-missing"] }, /x-missing/],
  ])("refuses %s with a VpcepConfigError", async (_what, creds, options, message) => {
    const attempt = signRequest(new Request("https://h.example/"), creds, options);
    await expect(attempt).rejects.toBeInstanceOf(VpcepConfigError);
    await expect(attempt).rejects.toThrow(message);
  });

  it("never puts the secret key in the request", async () => {
    const signed = await signRequest(new Request("https://h.example/"), credentials);
    expect(JSON.stringify([...signed.headers])).not.toContain("SK-secret");
  });
});
