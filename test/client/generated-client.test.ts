// The generated openapi-fetch client talks to the mock and returns typed data.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createRawClient, listEndpointServices, operationIndex } from "../../generated/raw-client.js";
import { mockReady, PROJECT_ID } from "../support/mock.js";
import { TIMEOUTS } from "../support/timeouts.js";

// The global setup starts Prism alongside the first files: wait for it to answer.
beforeAll(() => mockReady(), TIMEOUTS.prismStart);

describe("the generated client", () => {
  const client = () => createRawClient({ baseUrl: inject("mockUrl"), headers: { "X-Auth-Token": "mock-token" } });

  it("lists the document's operations by operationId", () => {
    expect(operationIndex).toEqual({
      listEndpointServices: { method: "GET", path: "/v1/{project_id}/vpc-endpoint-services" },
    });
  });

  it("gets a page with every query parameter serialised", async () => {
    const { data, error, response } = await listEndpointServices(client(), {
      params: {
        path: { project_id: PROJECT_ID },
        query: { status: "available", sort_key: "update_at", sort_dir: "asc", limit: 20, offset: 40 },
      },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(new URL(response.url).search).toBe("?status=available&sort_key=update_at&sort_dir=asc&limit=20&offset=40");
    expect(data?.total_count).toBeGreaterThanOrEqual(data?.endpoint_services.length ?? 0);
  });

  it("returns the documented error body for a value the mock refuses", async () => {
    const { data, error, response } = await listEndpointServices(client(), {
      // @ts-expect-error deliberately out of the enumeration, as a caller without types could send
      params: { path: { project_id: PROJECT_ID }, query: { sort_dir: "up" } },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(400);
    expect(error).toMatchObject({ error_code: "EndPoint.0002" });
  });
});
