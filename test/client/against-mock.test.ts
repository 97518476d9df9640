// createVpcepClient against the Prism mock: each auth mode, each documented error, and the
// serialisation of every query parameter.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createVpcepClient, VpcepApiError, type VpcepClientOptions } from "vpcep-openapi";
import { createVpcepRawClient } from "vpcep-openapi/raw";
import { at, deref, document, type JsonObject } from "../support/document.js";
import { mockReady, PROJECT_ID } from "../support/mock.js";
import { schemaPointer, validateAt } from "../support/validator.js";
import { TIMEOUTS } from "../support/timeouts.js";

// The global setup starts Prism alongside the first files: wait for it to answer.
beforeAll(() => mockReady(), TIMEOUTS.prismStart);

/** A fetch that records every request it sends and adds the given headers (e.g. Prism's `Prefer`). */
function recordingFetch(extra: Record<string, string> = {}) {
  const sent: Request[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    for (const [name, value] of Object.entries(extra)) request.headers.set(name, value);
    sent.push(request.clone());
    return fetch(request);
  };
  return { sent, fetchImpl };
}

const client = (options: Partial<VpcepClientOptions> = {}) =>
  createVpcepClient({ projectId: PROJECT_ID, baseUrl: inject("mockUrl"), auth: { token: "mock-token" }, ...options });

describe("each auth mode against the mock", () => {
  it("a token is sent as X-Auth-Token and gets a valid page", async () => {
    const { sent, fetchImpl } = recordingFetch();
    const page = await client({ fetch: fetchImpl }).listEndpointServices({ limit: 5 });
    expect(validateAt(schemaPointer("ListEndpointServicesResponse"), page).valid).toBe(true);
    expect(sent[0]!.headers.get("X-Auth-Token")).toBe("mock-token");
    expect(sent[0]!.headers.has("Authorization")).toBe(false);
  });

  it("AK/SK signs the request with Authorization, X-Sdk-Date and X-Project-Id", async () => {
    const { sent, fetchImpl } = recordingFetch();
    const page = await client({ fetch: fetchImpl, auth: { accessKey: "AKEXAMPLE", secretKey: "SKEXAMPLE" } }).listEndpointServices();
    expect(page.total_count).toBeGreaterThanOrEqual(0);
    const headers = sent[0]!.headers;
    expect(headers.get("Authorization")).toMatch(
      /^SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=host;x-project-id;x-sdk-date, Signature=[0-9a-f]{64}$/,
    );
    expect(headers.get("X-Sdk-Date")).toMatch(/^\d{8}T\d{6}Z$/);
    expect(headers.get("X-Project-Id")).toBe(PROJECT_ID);
    expect(headers.has("X-Auth-Token")).toBe(false);
  });

  it("temporary AK/SK credentials also send and sign X-Security-Token", async () => {
    const { sent, fetchImpl } = recordingFetch();
    await client({
      fetch: fetchImpl,
      auth: { accessKey: "AKEXAMPLE", secretKey: "SKEXAMPLE", securityToken: "temporary" },
    }).listEndpointServices();
    expect(sent[0]!.headers.get("X-Security-Token")).toBe("temporary");
    expect(sent[0]!.headers.get("Authorization")).toMatch(/SignedHeaders=host;x-project-id;x-sdk-date;x-security-token,/);
  });
});

describe("query serialisation", () => {
  it("sends every parameter of the document once, as the mock accepts it", async () => {
    const { sent, fetchImpl } = recordingFetch();
    const query = {
      endpoint_service_name: "Test Name/ü",
      id: "4189d3c2-8882-4871-a3c2-d380272eed83",
      status: "available",
      sort_key: "update_at",
      sort_dir: "asc",
      limit: 20,
      offset: 40,
      public_border_group: "center",
      net_type: "vxlan",
      server_type: "VM",
    } as const;
    await client({ fetch: fetchImpl }).listEndpointServices(query);
    const params = new URL(sent[0]!.url).searchParams;
    expect(Object.fromEntries(params)).toEqual(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])));
    expect([...params.keys()]).toHaveLength(Object.keys(query).length);
    const documented = (at(document, "paths", "/v1/{project_id}/vpc-endpoint-services", "get")["parameters"] as JsonObject[])
      .map((p) => deref(p))
      .filter((p) => p["in"] === "query")
      .map((p) => p["name"]);
    expect([...params.keys()].sort()).toEqual([...documented].sort());
  });

  it("leaves out parameters that are not given", async () => {
    const { sent, fetchImpl } = recordingFetch();
    await client({ fetch: fetchImpl }).listEndpointServices();
    expect(new URL(sent[0]!.url).search).toBe("");
  });
});

describe("each documented error becomes a VpcepApiError", () => {
  const responses = at(document, "paths", "/v1/{project_id}/vpc-endpoint-services", "get", "responses");
  const cases = ["400", "401", "403", "404", "429", "500", "504"].flatMap((status) =>
    Object.entries(at(responses, status, "content", "application/json")["examples"] as JsonObject).map(
      ([name, example]) => [status, name, deref(example)["value"] as JsonObject] as const,
    ),
  );

  it.each(cases)("HTTP %s, example %s", async (status, name, body) => {
    const { sent, fetchImpl } = recordingFetch({ Prefer: `code=${status}, example=${name}` });
    const error = await client({ fetch: fetchImpl, retry: false })
      .listEndpointServices()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VpcepApiError);
    const apiError = error as VpcepApiError;
    expect(apiError.status).toBe(Number(status));
    const inner = (body["error"] ?? {}) as JsonObject; // the three documented shapes (see ErrorBody)
    expect(apiError.errorCode).toBe(body["error_code"] ?? inner["code"] ?? body["code"]);
    expect(apiError.errorMsg).toBe(body["error_msg"] ?? inner["message"] ?? body["message"]);
    // The request ID comes from the body when the gateway put it there, else from X-Request-Id.
    expect(apiError.requestId).toBe(body["request_id"] ?? "7f6c2d0a8e9b4c55a1d3b2e4f6a8c0de");
    expect(JSON.parse(apiError.body)).toEqual(body);
    expect(apiError.message).toContain(String(apiError.errorCode));
    expect(sent).toHaveLength(1);
  });

  it("retries a documented 503-class error and gives up after the configured attempts", async () => {
    const { sent, fetchImpl } = recordingFetch({ Prefer: "code=500" });
    const error = await client({ fetch: fetchImpl, retry: { attempts: 3, baseDelayMs: 1 } })
      .listEndpointServices()
      .catch((e: unknown) => e);
    expect((error as VpcepApiError).status).toBe(500);
    expect(sent).toHaveLength(3);
  });

  it("does not retry a parameter error", async () => {
    const { sent, fetchImpl } = recordingFetch();
    const error = await client({ fetch: fetchImpl, retry: { attempts: 3, baseDelayMs: 1 } })
      .listEndpointServices({ limit: 5000 })
      .catch((e: unknown) => e);
    expect((error as VpcepApiError).errorCode).toBe("EndPoint.0002");
    expect(sent).toHaveLength(1);
  });
});

describe("the raw openapi-fetch client", () => {
  it("shares the endpoint and auth, and returns { data, error } instead of throwing", async () => {
    const raw = createVpcepRawClient({ projectId: PROJECT_ID, baseUrl: inject("mockUrl"), auth: { token: "mock-token" } });
    const ok = await raw.GET("/v1/{project_id}/vpc-endpoint-services", {
      params: { path: { project_id: PROJECT_ID }, query: { limit: 1 } },
    });
    expect(ok.response.status).toBe(200);
    expect(ok.data?.total_count).toBeGreaterThanOrEqual(0);
    const bad = await raw.GET("/v1/{project_id}/vpc-endpoint-services", {
      // @ts-expect-error deliberately invalid
      params: { path: { project_id: PROJECT_ID }, query: { sort_dir: "up" } },
    });
    expect(bad.error).toMatchObject({ error_code: "EndPoint.0002" });
  });
});
