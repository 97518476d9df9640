// Inputs a reviewer found that escaped the stateful mock as raw errors, hangs or leaks: request
// targets, percent-encoding, oversized control bodies, IPv6 addresses. (The proxy's, the bins' and
// the recordings' share of that review: mock/proxy/, cli/refusals.test.ts, mock/har/.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateListEndpointServicesRequest } from "vpcep-openapi/contract";
import { urlOf } from "../../../src/mock/listen.js";
import { startStatefulMock, type StatefulMock } from "../../../src/mock/stateful/stateful.js";
import { rawGet } from "../../support/raw-http.js";

let mock: StatefulMock;
beforeAll(async () => {
  mock = await startStatefulMock({ services: [] });
});
afterAll(() => mock.stop());

describe("the stateful mock and its control API", () => {
  it("answer a target of // with the documented 404, not a 500", async () => {
    const answer = await rawGet(mock.url, "//", { "X-Auth-Token": "t" });
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toMatchObject({ error_code: "EndPoint.0005" });
  });

  it("answer a project ID that is not valid percent-encoding with EndPoint.0014", async () => {
    const answer = await rawGet(mock.url, "/v1/%E0/vpc-endpoint-services", { "X-Auth-Token": "t" });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ error_code: "EndPoint.0014" });
    expect(validateListEndpointServicesRequest("/v1/%E0/vpc-endpoint-services").errors).toContainEqual(
      expect.objectContaining({ path: "path.project_id", message: "%E0 is not valid percent-encoding" }),
    );
  });

  it("answer a control id that is not valid percent-encoding with 400 naming it", async () => {
    const answer = await rawGet(mock.url, "/__mock/services/%E0");
    expect(answer.status).toBe(400);
    expect(answer.body).toContain("is not valid percent-encoding");
  });

  it("answer a control body over the limit with 413, instead of cutting the connection", async () => {
    const big = Buffer.alloc(65 * 1024 * 1024, 0x20);
    const answer = await fetch(`${mock.url}/__mock/services`, {
      method: "POST",
      body: big,
      headers: { "Content-Type": "application/json" },
    });
    expect(answer.status).toBe(413);
    expect(await answer.text()).toContain("the body is larger than");
  });

  it("say its URL with an IPv6 address in brackets", () => {
    expect(urlOf("::1", 4010)).toBe("http://[::1]:4010");
    expect(urlOf("127.0.0.1", 4010)).toBe("http://127.0.0.1:4010");
  });
});
