// Regions, timestamps and backoff (the option checks are in bad-inputs.test.ts).
import { describe, expect, it } from "vitest";
import { endpointOf, knownRegions, parseVpcepTimestamp, VpcepConfigError } from "vpcep-openapi";
import { document, type JsonObject } from "../support/document.js";
import { backoffMs, retryAfterMs } from "../../src/client/retry.js";

describe("regions", () => {
  const servers = document["servers"] as JsonObject[];
  const documented = servers.flatMap((server) => {
    const variable = (server["variables"] as JsonObject | undefined)?.["region"] as JsonObject | undefined;
    const regions = variable ? (variable["enum"] as string[]) : [String(server["url"]).split(".")[1]!];
    return regions.map((region) => [region, String(server["url"]).replace("{region}", region)] as const);
  });

  it.each(documented)("%s resolves to %s", (region, endpoint) => {
    expect(endpointOf(region)).toBe(endpoint);
  });

  it("knows all 36 regions of both clouds", () => {
    expect(knownRegions).toHaveLength(36);
    expect(endpointOf("eu-de")).toBe("https://vpcep.eu-de.otc.t-systems.com");
    expect(endpointOf("eu-west-101")).toBe("https://vpcep.eu-west-101.myhuaweicloud.eu");
  });

  it("refuses an unknown region, listing the known ones", () => {
    expect(() => endpointOf("eu-central-1")).toThrow(VpcepConfigError);
    expect(() => endpointOf("eu-central-1")).toThrow(/unknown region "eu-central-1"; known regions: cn-north-4, .*eu-de, eu-nl/);
  });
});

describe("parseVpcepTimestamp", () => {
  it.each([
    ["2018-01-30T07:42:01Z", "2018-01-30T07:42:01.000Z"],
    ["2018-01-30T07:42:01.174", "2018-01-30T07:42:01.174Z"],
    ["2018-01-30T07:42:01.174999", "2018-01-30T07:42:01.174Z"],
    ["2018-01-30 07:42:01", "2018-01-30T07:42:01.000Z"],
    ["2018-01-30T15:42:01+08:00", "2018-01-30T07:42:01.000Z"],
    ["2018-01-30T15:42:01+0800", "2018-01-30T07:42:01.000Z"],
  ])("reads %s as %s (no zone means UTC)", (text, iso) => {
    expect(parseVpcepTimestamp(text).toISOString()).toBe(iso);
  });

  it.each(["", "2018-01-30", "yesterday", "2018-13-30T07:42:01Z", "2018-01-30T07:42:01Zjunk"])(
    "refuses %j with a RangeError naming it",
    (text) => {
      expect(() => parseVpcepTimestamp(text)).toThrow(RangeError);
      expect(() => parseVpcepTimestamp(text)).toThrow(JSON.stringify(text));
    },
  );
});

describe("backoff", () => {
  const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };
  it("doubles the ceiling per attempt, with full jitter, capped", () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(policy, n, undefined, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffMs(policy, 3, undefined, () => 0)).toBe(0);
  });
  it("honours Retry-After in seconds or as a date, capped by maxDelayMs", () => {
    expect(backoffMs(policy, 1, retryAfterMs("0.5"))).toBe(500);
    expect(backoffMs(policy, 1, retryAfterMs("120"))).toBe(1000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs("soon")).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});
