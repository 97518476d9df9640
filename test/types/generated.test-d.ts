// The generated types and client refuse what the contract refuses, at compile time.
import { describe, expectTypeOf, it } from "vitest";
import { createRawClient, listEndpointServices, type components, type operations } from "../../generated/raw-client.js";

type Query = NonNullable<operations["listEndpointServices"]["parameters"]["query"]>;
type Service = components["schemas"]["EndpointService"];
const client = createRawClient({ baseUrl: "http://127.0.0.1:4010" });
const path = { project_id: "6e9dfd51d1124e8d8498dce894923a0d" };

describe("request types", () => {
  it("accept a valid query", () => {
    void listEndpointServices(client, {
      params: { path, query: { status: "available", sort_key: "update_at", sort_dir: "asc", limit: 50, offset: 0 } },
    });
    expectTypeOf<Query["status"]>().toEqualTypeOf<"creating" | "available" | "failed" | "deleting" | undefined>();
    expectTypeOf<Query["limit"]>().toEqualTypeOf<number | undefined>();
  });

  it("type the server_type filter as the known values of the response field (0.2.1)", () => {
    void listEndpointServices(client, { params: { path, query: { server_type: "VM", limit: 50 } } });
    expectTypeOf<NonNullable<Query["server_type"]>>().toEqualTypeOf<"VM" | "VIP" | "LB" | "BMS">();
  });

  it("reject a status outside the enumeration", () => {
    // @ts-expect-error "active" is not a status
    void listEndpointServices(client, { params: { path, query: { status: "active" } } });
  });

  it("reject a sort_key in the other spelling", () => {
    // @ts-expect-error the contract spells it create_at
    void listEndpointServices(client, { params: { path, query: { sort_key: "created_at" } } });
  });

  it("reject a string limit", () => {
    // @ts-expect-error limit is a number
    void listEndpointServices(client, { params: { path, query: { limit: "50" } } });
  });

  it("reject a call without project_id", () => {
    // @ts-expect-error project_id is required
    void listEndpointServices(client, { params: { query: { limit: 50 } } });
    // @ts-expect-error the path parameters are required
    void listEndpointServices(client, {});
  });

  it("reject an unknown query parameter", () => {
    // @ts-expect-error marker is not a parameter of this operation
    void listEndpointServices(client, { params: { path, query: { marker: "x" } } });
  });
});

describe("response types", () => {
  it("type the page and its required fields", async () => {
    const { data } = await listEndpointServices(client, { params: { path } });
    expectTypeOf(data).toEqualTypeOf<components["schemas"]["ListEndpointServicesResponse"] | undefined>();
    expectTypeOf<Service["id"]>().toEqualTypeOf<string>();
    expectTypeOf<Service["ports"]>().toEqualTypeOf<components["schemas"]["PortMapping"][] | undefined>();
  });

  it("type an open enumeration as exactly its known values", () => {
    expectTypeOf<Service["status"]>().toEqualTypeOf<"creating" | "available" | "failed" | "deleting">();
    expectTypeOf<NonNullable<Service["server_type"]>>().toEqualTypeOf<"VM" | "VIP" | "LB" | "BMS">();
    // @ts-expect-error a value the contract does not document yet is not part of the type
    const later: Service["status"] = "a-status-added-later";
    void later;
  });

  it("survive openapi-fetch's response mapping unchanged", async () => {
    const { data } = await listEndpointServices(client, { params: { path } });
    expectTypeOf(data!.endpoint_services[0]!.status).toEqualTypeOf<Service["status"]>();
    expectTypeOf(data!.endpoint_services[0]!.tcp_proxy).toEqualTypeOf<Service["tcp_proxy"]>();
  });

  it("list only known fields", () => {
    // @ts-expect-error field_added_later is not part of the type
    type _Unknown = Service["field_added_later"];
  });
});
