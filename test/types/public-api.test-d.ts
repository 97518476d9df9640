// The public API refuses at compile time what it refuses at run time.
import { describe, expectTypeOf, it } from "vitest";
import { createVpcepClient, type EndpointService, type ListEndpointServicesQuery, type ListEndpointServicesResponse } from "vpcep-openapi";
import type * as Types from "vpcep-openapi/types";
import type { StartMockOptions } from "vpcep-openapi/mock";

const client = createVpcepClient({ projectId: "p", region: "eu-de", auth: { token: "t" } });

describe("the public API's types", () => {
  it("type a page and its services", async () => {
    expectTypeOf(client.listEndpointServices).returns.resolves.toEqualTypeOf<ListEndpointServicesResponse>();
    for await (const service of client.paginateEndpointServices()) expectTypeOf(service).toEqualTypeOf<EndpointService>();
    expectTypeOf(client.paginateEndpointServices().requestCount).toEqualTypeOf<number>();
    expectTypeOf<Types.EndpointService>().toEqualTypeOf<EndpointService>();
    expectTypeOf<ListEndpointServicesQuery["sort_dir"]>().toEqualTypeOf<"desc" | "asc" | undefined>();
  });

  it("refuse a wrong enum value", () => {
    // @ts-expect-error "active" is not a status
    void client.listEndpointServices({ status: "active" });
  });

  it("refuse an unknown query key", () => {
    // @ts-expect-error marker is not a parameter of this operation
    void client.listEndpointServices({ marker: "x" });
  });

  it("refuse limit and offset when paging, which sets them itself", () => {
    // @ts-expect-error paging chooses limit
    void client.paginateEndpointServices({ limit: 5 });
  });

  it("refuse a wrong auth shape", () => {
    // @ts-expect-error a password is not an auth form
    createVpcepClient({ projectId: "p", region: "eu-de", auth: { password: "x" } });
    // @ts-expect-error an access key needs its secret key
    createVpcepClient({ projectId: "p", region: "eu-de", auth: { accessKey: "a" } });
    // @ts-expect-error projectId is required
    createVpcepClient({ region: "eu-de", auth: { token: "t" } });
  });

  it("type startMock's options as the bin's flags in camelCase", () => {
    expectTypeOf<{
      stateful: true;
      data: EndpointService[];
      token: "t";
      port: 0;
      rateLimit: 2;
      faults: 0.1;
      seed: 3;
    }>().toExtend<StartMockOptions>();
    expectTypeOf<{
      accessKey: string[];
      secretKey: string[];
      creatingMs: number;
      noControl: true;
      strictQuery: true;
    }>().toExtend<StartMockOptions>();
    // @ts-expect-error --statefull is no flag
    void ({ statefull: true } satisfies StartMockOptions);
    // @ts-expect-error a boolean flag takes true or false
    void ({ stateful: "yes" } satisfies StartMockOptions);
    // @ts-expect-error a number option takes a number, not a string of digits
    void ({ rateLimit: "2" } satisfies StartMockOptions);
    // @ts-expect-error host takes a string
    void ({ host: 127001 } satisfies StartMockOptions);
    // @ts-expect-error --help starts no mock
    void ({ help: true } satisfies StartMockOptions);
  });
});
