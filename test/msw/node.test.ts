// The handlers under `msw/node`'s setupServer, as a user's unit test has them: run under Node 22
// (msw 3 needs 22.12 or newer; the package's other entries run on 20) from a bundle of
// scenarios.ts, all in one Node 22 process started before the tests (scenarioBatch), each test
// checking its own scenarios' results.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleServices } from "../../generated/contract-validators.js";
import { NODE_VERSIONS, nodeBinary } from "../../scripts/lib/node-binaries.js";
import { bundle, scenarioBatch } from "./bundle.js";

const batch = scenarioBatch();
let built: Awaited<ReturnType<typeof bundle>>;
beforeAll(async () => {
  let node: string;
  [node, built] = await Promise.all([nodeBinary(NODE_VERSIONS[0]!), bundle("test/msw/scenarios.ts", "node")]);
  batch.start(node, built.file);
});
afterAll(() => built?.dispose());

const LIST = "/v1/p/vpc-endpoint-services";
const HUAWEI = `https://vpcep.cn-north-4.myhuaweicloud.com${LIST}`;
const EU = `https://vpcep.eu-west-101.myhuaweicloud.eu${LIST}`;
const OTC_DE = `https://vpcep.eu-de.otc.t-systems.com${LIST}`;
const OTC_NL = `https://vpcep.eu-nl.otc.t-systems.com${LIST}`;
const OTHER = `https://example.com${LIST}`;

describe("vpcepHandlers under msw/node", () => {
  // Each test's runs are added while the file is collected, and run by the one process of beforeAll.
  const urls = [
    HUAWEI,
    EU,
    OTC_DE,
    OTC_NL,
    OTHER,
    "http://127.0.0.1:8080/api/v1/p/vpc-endpoint-services",
    "http://127.0.0.1:8080/v1/p/vpc-endpoint-services",
  ];
  const origins = {
    byDefault: batch.add("origins", { options: {}, urls: urls.slice(0, 5) }),
    all: batch.add("origins", { options: { regions: "all" }, urls: urls.slice(0, 5) }),
    region: batch.add("origins", { options: { region: "eu-de" }, urls: urls.slice(0, 5) }),
    baseUrl: batch.add("origins", { options: { baseUrl: "http://127.0.0.1:8080/api/" }, urls: urls.slice(5) }),
  };
  it("matches every endpoint of the document by default or with regions: 'all', one with region, a baseUrl with its path", async () => {
    const every = { [HUAWEI]: 200, [EU]: 200, [OTC_DE]: 200, [OTC_NL]: 200, [OTHER]: "unhandled" };
    expect(await origins.byDefault()).toEqual(every);
    expect(await origins.all()).toEqual(every);
    expect(await origins.region()).toEqual({
      ...every,
      [HUAWEI]: "unhandled",
      [EU]: "unhandled",
      [OTC_NL]: "unhandled",
    });
    expect(await origins.baseUrl()).toEqual({
      [urls[5]!]: 200,
      [urls[6]!]: "unhandled",
    });
  });

  const base = "https://vpcep.example.test/api";
  const on = `${base}${LIST}`;
  const control = `${base}/__mock/services`;
  const off = [
    "https://vpcep.example.test/v1/p/vpc-endpoint-services",
    "https://vpcep.example.test/apix/v1/p/vpc-endpoint-services",
    OTC_NL,
  ];
  const unhandled = {
    controlOn: batch.add("unhandled", { options: { baseUrl: base }, urls: [on, control, ...off] }),
    controlOff: batch.add("unhandled", { options: { baseUrl: base, controlApi: false }, urls: [on, control] }),
  };
  it("leaves every request off its bases to msw's unhandled-request option (no catch-all), the control API too when it is off", async () => {
    const seen = (await unhandled.controlOn()) as {
      unhandled: string[];
      statuses: Record<string, number | "failed">;
    };
    expect(seen.unhandled.toSorted()).toEqual(off.toSorted());
    expect(seen.statuses[on]).toBe(200);
    expect(seen.statuses[control]).toBe(200);
    const noControl = (await unhandled.controlOff()) as typeof seen;
    expect(noControl.unhandled).toEqual([control]);
    expect(noControl.statuses[on]).toBe(200);
  });

  const client = batch.add("client");
  it("serves our client signing with AK/SK, refuses a wrong signature and a bad filter, and is driven in process", async () => {
    const ids = exampleServices.map((s) => s.id);
    const seen = (await client()) as Record<string, unknown>;
    expect((seen.ids as string[]).toSorted()).toEqual(ids.toSorted());
    expect(seen.added).toBe("added-in-process");
    expect(seen.afterAdd).toContain("added-in-process");
    expect(seen.afterRemove).not.toContain(ids[0]);
    expect((seen.afterReset as string[]).toSorted()).toEqual(ids.toSorted());
    expect(seen.refusal).toEqual({ status: 400, code: "EndPoint.0019" });
    expect(seen.unsigned).toEqual({ status: 401, code: "APIGW.0301" });
  });

  const unlisted = batch.add("unlisted");
  it("ignores a query parameter the document does not list with one warning, and refuses it with strictQuery", async () => {
    const seen = (await unlisted()) as Record<"lenient" | "strict", { statuses: number[]; code?: string; warnings: string[] }>;
    expect(seen.lenient.statuses).toEqual([200, 200]);
    expect(seen.lenient.warnings).toHaveLength(1);
    expect(seen.lenient.warnings[0]).toContain("futureFilter");
    expect(seen.strict.statuses).toEqual([400, 400]);
    expect(seen.strict.code).toBe("EndPoint.0002");
  });

  const secret = "s3cr3t-value";
  const bad = [
    undefined,
    { region: "eu-de" },
    { services: [{ id: "x" }] },
    { services: [], region: "eu-de", baseUrl: "http://127.0.0.1:1" },
    { services: [], region: "mars-1" },
    { services: [], baseUrl: "ftp://127.0.0.1" },
    { services: [], baseUrl: `http://user:${secret}@127.0.0.1` },
    { services: [], token: "" },
    { services: [], accessKey: "AK" },
    { services: [], accessKey: "AK", secretKey: "" },
    { services: [], [secret]: 1 },
    { services: [], baseUrl: "http://127.0.0.1:1", token: secret },
  ];
  const values: [Record<string, unknown>, string][] = [
    [{ token: 5 }, "token must be a non-empty string or an array of them"],
    [{ token: [secret, 7] }, "token must be a non-empty string or an array of them"],
    [{ rateLimit: -1 }, "rateLimit must be a whole number >= 1"],
    [{ rateLimit: 0 }, "rateLimit must be"],
    [{ rateLimit: Number.NaN }, "rateLimit must be"],
    [{ rateLimit: 1.5 }, "rateLimit must be"],
    [{ rateLimit: "2" }, "rateLimit must be a number, got a string"],
    [{ faults: 2 }, "faults must be an object { rate, seed }"],
    [{ faults: { rate: 5 } }, "faults.rate must be a rate from 0 to 1"],
    [{ faults: { rate: 0.5, seed: -1 } }, "faults.seed must be a whole number >= 0"],
    [{ faults: { rate: 0.5, [secret]: 1 } }, "faults: unknown option(s)"],
    [{ lifecycle: { creatingMs: -5 } }, "lifecycle.creatingMs must be a whole number >= 0"],
    [{ lifecycle: { deletingMs: 1.5 } }, "lifecycle.deletingMs must be"],
    [{ lifecycle: { creatingMss: 5 } }, "lifecycle: unknown option(s)"],
    [{ lifecycle: { creatingBecomes: "gone" } }, "lifecycle.creatingBecomes must be available or failed"],
    [{ lifecycle: 3 }, "lifecycle must be an object"],
    [{ controlApi: "no" }, "controlApi must be true or false"],
    [{ strictQuery: "yes" }, "strictQuery must be true or false"],
  ];
  const good = {
    token: ["a", "b"],
    rateLimit: 2,
    faults: { rate: 0.5, seed: 3 },
    lifecycle: { creatingMs: 0, deletingMs: 10, creatingBecomes: "failed" },
    controlApi: false,
    strictQuery: true,
  };
  const minimal = { services: [], baseUrl: "http://127.0.0.1:1" };
  const options = {
    values: batch.add("options", [...values.map(([extra]) => ({ ...minimal, ...extra })), { ...minimal, ...good }]),
    bad: batch.add("options", bad),
  };
  it("refuses bad options with a VpcepConfigError naming what is wrong, never echoing a secret", async () => {
    const checked = (await options.values()) as string[];
    expect(checked.at(-1)).toBe("accepted");
    expect(checked.join("\n")).not.toContain(secret);
    values.forEach(([, message], i) => expect(checked[i]).toContain(`VpcepConfigError: vpcep-openapi/msw: ${message}`));
    const seen = (await options.bad()) as string[];
    expect(seen.slice(0, -1).every((line) => line.startsWith("VpcepConfigError: "))).toBe(true);
    expect(seen.at(-1)).toBe("accepted");
    expect(seen.join("\n")).not.toContain(secret);
    expect(seen.slice(0, 11).map((line) => line.replace(/^VpcepConfigError: (vpcep-openapi\/msw: )?/, ""))).toEqual([
      expect.stringContaining("pass options"),
      expect.stringContaining("services is required"),
      expect.stringContaining("service_name"),
      "give one of region, regions or baseUrl, not region and baseUrl",
      expect.stringMatching(/^unknown region "mars-1"; known regions: .*eu-de.*; for a newer region pass its baseUrl$/),
      "baseUrl must use http or https, not ftp:",
      "baseUrl must be an origin with an optional path: no credentials, query or fragment",
      "token must be a non-empty string or an array of them",
      "accessKey and secretKey go together, both non-empty strings",
      "accessKey and secretKey go together, both non-empty strings",
      expect.stringMatching(/^unknown option\(s\) \?; known: services, /),
    ]);
  });

  const faults = batch.add("faults");
  it("plays the faults a Response can carry and answers the others as a network error", async () => {
    const seen = (await faults()) as Record<string, { status: number | string; contentType?: string }>;
    expect(seen["fault=reset"]!.status).toBe("network-error");
    expect(seen["fault=truncate"]!.status).toBe("network-error");
    expect(seen["fault=html-502"]).toMatchObject({ status: 502, contentType: "text/html" });
    expect(seen["fault=delay=50"]!.status).toBe(200);
    expect(seen["fault=slow-body=100"]!.status).toBe(200);
    expect(seen["code=429"]!.status).toBe(429);
  });
});
