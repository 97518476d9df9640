// The client's options and signRequest's inputs, typed as they are checked at run time.
import { describe, expectTypeOf, it } from "vitest";
import { createVpcepClient, knownRegions, signRequest, type KnownRegion, type VpcepClientOptions } from "vpcep-openapi";
import { createVpcepRawClient, type VpcepRawClient } from "vpcep-openapi/raw";

const auth = { token: "t" };

describe("createVpcepClient's options", () => {
  it("complete the known regions, and still take a region read from the environment", () => {
    expectTypeOf<"eu-de">().toMatchTypeOf<KnownRegion>();
    expectTypeOf<"eu-west-101">().toMatchTypeOf<KnownRegion>();
    expectTypeOf<"cn-north-4">().toMatchTypeOf<KnownRegion>();
    expectTypeOf<"mars-1">().not.toMatchTypeOf<KnownRegion>();
    expectTypeOf(knownRegions).toEqualTypeOf<readonly KnownRegion[]>();
    const fromEnv: string = "eu-nl";
    createVpcepClient({ projectId: "p", region: fromEnv, auth });
  });

  it("take a security token read from the environment, which may be undefined (exactOptionalPropertyTypes)", () => {
    const securityToken: string | undefined = process.env["OS_SECURITY_TOKEN"];
    createVpcepClient({ projectId: "p", region: "eu-de", auth: { accessKey: "a", secretKey: "s", securityToken } });
  });

  it("make each retry field optional", () => {
    createVpcepClient({ projectId: "p", region: "eu-de", auth, retry: { attempts: 2 } });
    createVpcepClient({ projectId: "p", region: "eu-de", auth, retry: { maxDelayMs: 5000 } });
    createVpcepClient({ projectId: "p", region: "eu-de", auth, retry: false });
    // @ts-expect-error attempts is a number
    createVpcepClient({ projectId: "p", region: "eu-de", auth, retry: { attempts: "2" } });
    // @ts-expect-error true is not a retry policy
    createVpcepClient({ projectId: "p", region: "eu-de", auth, retry: true });
  });

  it("refuse a fetch that is not a function and an unknown option", () => {
    // @ts-expect-error fetch is a function
    createVpcepClient({ projectId: "p", region: "eu-de", auth, fetch: "fetch" });
    // @ts-expect-error the option is timeoutMs
    createVpcepClient({ projectId: "p", region: "eu-de", auth, timeout: 5000 });
  });

  it("are the options of the raw client too", () => {
    expectTypeOf(createVpcepRawClient).parameter(0).toEqualTypeOf<VpcepClientOptions>();
    expectTypeOf(createVpcepRawClient).returns.toEqualTypeOf<VpcepRawClient>();
  });
});

describe("signRequest's inputs", () => {
  const keys = { accessKey: "a", secretKey: "s" };
  it("take a Request or a URL, and the date as a Date, epoch milliseconds or an X-Sdk-Date", () => {
    void signRequest(new Request("https://h.example/"), keys, { date: new Date() });
    void signRequest("https://h.example/", keys, { date: Date.now() });
    void signRequest(new URL("https://h.example/"), keys, { date: "20191115T033655Z", signedHeaders: ["host", "x-sdk-date"] });
    expectTypeOf(signRequest).returns.resolves.toEqualTypeOf<Request>();
  });

  it("refuse signedHeaders as one string", () => {
    // @ts-expect-error signedHeaders is an array
    void signRequest("https://h.example/", keys, { signedHeaders: "host;x-sdk-date" });
  });
});
