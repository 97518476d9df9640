// The gateway step: credentials, then the rate limit.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createAdmission } from "../../../src/mock/admission.js";
import { NO_BODY } from "../../../src/mock/body.js";
import { createGateway } from "../../../src/mock/gateway.js";

const url = new URL("http://mock.local/v1/p/vpc-endpoint-services");
const withToken = (token: string) => ({ method: "GET", target: url.pathname, headers: { "x-auth-token": token }, body: NO_BODY });

describe("createAdmission", () => {
  // The throttle's one-second windows, held still.
  beforeEach(() => vi.useFakeTimers({ now: Date.UTC(2024, 0, 1, 0, 0, 0, 100), toFake: ["Date"] }));
  afterEach(() => vi.useRealTimers());

  it("refuses a wrong token with the gateway's body and the request id", async () => {
    const admission = createAdmission(createGateway({ tokens: ["right"] }, Date.now), undefined);
    expect(await admission.admit(withToken("right"), url, "r")).toEqual({ ok: true, value: undefined });
    const refused = await admission.admit(withToken("wrong"), url, "r");
    expect(refused).toMatchObject({ ok: false, reply: { status: 401, body: { error_code: "APIGW.0301", request_id: "r" } } });
  });

  it("throttles each credential beyond its rate, and forgets the windows on reset", async () => {
    const admission = createAdmission(createGateway({}, Date.now), 1);
    expect((await admission.admit(withToken("a"), url, "r")).ok).toBe(true);
    expect((await admission.admit(withToken("b"), url, "r")).ok).toBe(true);
    expect(await admission.admit(withToken("a"), url, "r")).toMatchObject({
      ok: false,
      reply: { status: 429, body: { error_code: "APIGW.0308", request_id: "r" } },
    });
    admission.reset();
    expect((await admission.admit(withToken("a"), url, "r")).ok).toBe(true);
  });
});
