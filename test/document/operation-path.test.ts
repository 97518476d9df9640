// The one matcher of the operation's path, which the mock's route, the proxy, `validate` and the
// request validator share: derived from the document's path template.
import { describe, expect, it } from "vitest";
import { operationIndex } from "../../generated/operations.js";
import { isOperationPath, matchOperationPath } from "../../src/document/operation-path.js";
import { operationPath } from "../../src/document/operation.js";

describe("the operation's path", () => {
  it("is the document's template", () => {
    expect(operationPath).toBe(operationIndex.listEndpointServices.path);
    expect(operationPath).toBe("/v1/{project_id}/vpc-endpoint-services");
  });

  it("matches the path exactly or under a base path, a trailing slash allowed, and gives the project id as written", () => {
    expect(matchOperationPath("/v1/p%2Fq/vpc-endpoint-services")).toEqual({ prefix: "", projectId: "p%2Fq" });
    expect(matchOperationPath("/v1/p/vpc-endpoint-services/")).toEqual({ prefix: "", projectId: "p" });
    expect(matchOperationPath("/base/v1/p/vpc-endpoint-services")).toEqual({ prefix: "/base", projectId: "p" });
    expect(matchOperationPath("/v1//vpc-endpoint-services")).toEqual({ prefix: "", projectId: "" });
    for (const other of [
      "/v1/p/q/vpc-endpoint-services",
      "/v1/p/vpc-endpoint-services/x",
      "/v1/p/vpc-endpoint-servicesX",
      "/v2/p/vpc-endpoint-services",
      "/v1/p/vpc.endpoint-services",
      "/",
    ])
      expect(matchOperationPath(other), other).toBeUndefined();
  });

  it("is the operation's only with a project id; under a base path only when asked", () => {
    expect(isOperationPath("/v1/p/vpc-endpoint-services")).toBe(true);
    expect(isOperationPath("/v1//vpc-endpoint-services")).toBe(false);
    expect(isOperationPath("/base/v1/p/vpc-endpoint-services")).toBe(false);
    expect(isOperationPath("/base/v1/p/vpc-endpoint-services", { underBasePath: true })).toBe(true);
    expect(isOperationPath("/v1//vpc-endpoint-services", { underBasePath: true })).toBe(false);
  });

  it("takes linear time on a hostile path", () => {
    const hostile = `${"/v1/".repeat(200_000)}x`;
    const started = performance.now();
    expect(matchOperationPath(hostile)).toBeUndefined();
    expect(matchOperationPath(`/${"a".repeat(1_000_000)}/v1/p/vpc-endpoint-services`)?.projectId).toBe("p");
    // Generous: a quadratic matcher takes minutes here.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
