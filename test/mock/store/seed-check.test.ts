// Seed data is checked whole: every problem of every service at once, by index and field, with
// what the field must be and never its value.
import { describe, expect, it } from "vitest";
import { checkSeed, SeedDataError, serviceProblems } from "../../../src/mock/state/store.js";

const valid = { id: "a", service_name: "s", service_type: "interface", status: "available", created_at: "2024-01-01T00:00:00Z" };

function seedError(data: unknown): string {
  try {
    checkSeed(data, "services.json");
  } catch (error) {
    expect(error).toBeInstanceOf(SeedDataError);
    return (error as Error).message;
  }
  throw new Error("checkSeed accepted invalid data");
}

describe("checkSeed", () => {
  it("reports every required field of every service at once", () => {
    const message = seedError([valid, {}, { id: "c", service_name: "x" }]);
    const lines = message.split("\n");
    expect(lines[0]).toBe(
      "services.json: 2 of 3 services not valid (8 problems; see https://vpcep-openapi.github.io/vpcep-openapi/guides/testing.html#seed-data):",
    );
    expect(lines.slice(1)).toEqual([
      "  service 1: id: required",
      "  service 1: service_name: required",
      "  service 1: service_type: required",
      "  service 1: status: required",
      "  service 1: created_at: required",
      "  service 2: service_type: required",
      "  service 2: status: required",
      "  service 2: created_at: required",
    ]);
  });

  it("names each bad field with what it must be, once per field, never its value", () => {
    const secret = "HPUAS3CR3TACCESSKEY9";
    const message = seedError([
      { ...valid, created_at: secret, status: 42, ports: [{ client_port: 70000, server_port: 1 }], tags: [{ key: "", value: secret }] },
      "not a service",
      { ...valid, id: "a" },
    ]);
    expect(message).not.toContain(secret);
    expect(message).not.toContain("70000");
    expect(message.split("\n").slice(1)).toEqual([
      "  service 0: status: must be string",
      "  service 0: created_at: must be a timestamp such as 2024-01-31T08:00:00Z",
      "  service 0: ports[0].client_port: must be <= 65535",
      "  service 0: tags[0].key: must NOT have fewer than 1 characters",
      "  service 1: (service): must be object",
      "  service 2: id: the same as service 0's; ids must be unique",
    ]);
  });

  it("bounds the report of a large file and counts the rest", () => {
    const message = seedError(Array.from({ length: 1000 }, () => ({})));
    expect(message).toMatch(/^services\.json: 1000 of 1000 services not valid \(5000 problems/);
    expect(message.split("\n")).toHaveLength(1 + 200 + 1);
    expect(message).toMatch(/… and 4800 more$/);
  });

  it("accepts valid data, as an array or a page, and refuses anything else by its shape", () => {
    expect(checkSeed([valid])).toEqual([valid]);
    expect(checkSeed({ endpoint_services: [valid], total_count: 1 })).toEqual([valid]);
    expect(seedError({ services: [] })).toMatch(/expected an array of services or \{ "endpoint_services": \[\.\.\.\] \}/);
  });
});

describe("serviceProblems (the control API's check too)", () => {
  it("is empty for a valid service and lists every problem of an invalid one", () => {
    expect(serviceProblems(valid)).toEqual([]);
    expect(serviceProblems({ ...valid, id: undefined, created_at: undefined })).toEqual(["id: required", "created_at: required"]);
  });
});
