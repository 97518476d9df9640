// The facts the build reads from the document for the run time (generated/document-facts.js) and
// the declarations rendered with them: each is compared with the document itself, read here
// independently of scripts/facts.js.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import * as validators from "../../generated/contract-validators.js";
import * as facts from "../../generated/document-facts.js";
import { maxPageSize } from "../../generated/operations.js";
import { documentFacts, renderFacts } from "../../scripts/facts.js";
import { renderOperations } from "../../scripts/client.js";
import { repoRoot } from "../../scripts/lib/paths.js";
import { MAX_PAGE_SIZE } from "../../src/client/paging.js";

const bundle = JSON.parse(await readFile(path.join(repoRoot, "generated", "openapi.json"), "utf8")) as Record<string, any>;
const OPERATION = "/v1/{project_id}/vpc-endpoint-services";
const clone = <T>(value: T): T => structuredClone(value);

describe("generated/document-facts.js", () => {
  it("holds the body of every error example in openapi/components/examples, by code", async () => {
    const folder = path.join(repoRoot, "openapi", "components", "examples");
    const bodies = [];
    for (const file of await readdir(folder)) {
      const { value } = parse(await readFile(path.join(folder, file), "utf8")) as { value: Record<string, unknown> };
      if (typeof value["error_code"] === "string") bodies.push(value);
    }
    expect(bodies.length).toBeGreaterThanOrEqual(19);
    for (const body of bodies) {
      const code = body["error_code"] as keyof typeof facts.errorBodies;
      expect(facts.errorBodies[code], code).toEqual({ error_code: code, error_msg: body["error_msg"] });
    }
    expect(Object.keys(facts.errorBodies).sort()).toEqual(bodies.map((b) => b["error_code"]).sort());
    // The bodies the mock sends: gateway, throttle, not found.
    expect(facts.errorBodies["APIGW.0308"].error_msg).toMatch(
      /^The throttling threshold has been reached: policy user over ratelimit,limit:\d+,time:1 second$/,
    );
    expect(facts.errorBodies["APIGW.0301"].error_msg).toMatch(/^Incorrect IAM authentication information: /);
    expect(facts.errorBodies["EndPoint.0005"].error_msg).toBe("The requested resource does not exist.");
  });

  it("lists the documented statuses and what default stands for", () => {
    const responses = bundle["paths"][OPERATION].get.responses as Record<string, unknown>;
    expect([...facts.documentedStatuses]).toEqual(
      Object.keys(responses)
        .filter((s) => /^\d{3}$/.test(s))
        .map(Number),
    );
    expect(facts.documentedStatuses).toContain(429);
    expect(facts.defaultResponse?.statuses).toEqual([405, 406, 407, 408, 409, 501, 502, 503]);
  });

  it("holds each status's examples by name, resolved as the bundle gives them", () => {
    const responses = bundle["paths"][OPERATION].get.responses as Record<string, any>;
    const resolve = (node: any): any =>
      node?.$ref
        ? resolve(
            node.$ref
              .split("/")
              .slice(1)
              .reduce((at: any, key: string) => at[key], bundle),
          )
        : node;
    for (const [status, response] of Object.entries(responses)) {
      const examples = resolve(response).content["application/json"].examples as Record<string, unknown>;
      const expected = Object.fromEntries(Object.entries(examples).map(([name, example]) => [name, resolve(example).value]));
      expect((facts.examplesByStatus as Record<string, unknown>)[status], status).toEqual(expected);
    }
    expect(Object.keys(facts.examplesByStatus["429"])).toEqual(["APIGW-0308"]);
  });

  it("gives the query parameters' limits and defaults; the client's page size is limit's maximum", () => {
    expect(facts.queryParameters.limit).toEqual({
      type: "integer",
      minimum: 0,
      maximum: 1000,
      default: 10,
      required: false,
      // the parameter's x-limit-zero: the answers limit=0 may get
      limitZero: [
        { status: 400, error_code: "EndPoint.0006" },
        { status: 200, page_size: 0, total_count: "all-matches" },
      ],
    });
    expect(facts.responseHeaders).toEqual(["retry-after", "x-request-id"]);
    expect(facts.queryParameters.endpoint_service_name.maxLength).toBe(128);
    expect(facts.queryParameters.sort_dir.enum).toEqual(["desc", "asc"]);
    expect(maxPageSize).toBe(1000);
    expect(MAX_PAGE_SIZE).toBe(maxPageSize);
  });

  it("models every field of the 200 body and of error bodies, with types and enumerations", () => {
    const success = new Map(facts.responseFields.success.map((f) => [f.path, f]));
    expect(success.get("total_count")?.type).toEqual(["integer"]);
    expect(success.get("endpoint_services[].ports[].protocol")?.enum).toEqual(["TCP", "UDP"]);
    expect(success.get("endpoint_services[].supported_editions[]")).toMatchObject({ items: true, enum: ["profession", "basic"] });
    // Every path of the seed example is described.
    const seen = new Set<string>();
    const walk = (value: unknown, at: string) => {
      if (Array.isArray(value)) value.forEach((item) => walk(item, `${at}[]`));
      else if (value && typeof value === "object")
        for (const [k, v] of Object.entries(value)) {
          const path = at ? `${at}.${k}` : k;
          seen.add(path);
          walk(v, path);
        }
    };
    for (const example of Object.values(facts.examplesByStatus["200"])) walk(example, "");
    for (const field of seen) expect(success.has(field), field).toBe(true);
    expect(facts.responseFields.error.map((f) => f.path)).toEqual(
      expect.arrayContaining(["error_code", "error_msg", "request_id", "error.code", "error.message", "code", "message"]),
    );
  });

  it("declares exactly what the modules export (declarations rendered from the same values)", async () => {
    for (const [module, declarations] of [
      [facts, "document-facts.d.ts"],
      [validators, "contract-validators.d.ts"],
    ] as const) {
      const exported = Object.keys(module).sort();
      const declared = [
        ...(await readFile(path.join(repoRoot, "generated", declarations), "utf8")).matchAll(/^export declare const (\w+)/gm),
      ]
        .map((m) => m[1])
        .sort();
      expect(declared, declarations).toEqual(exported);
    }
  });
});

describe("the facts step refuses a document it cannot read facts from", () => {
  it("names a code two examples give different messages", () => {
    const broken = clone(bundle);
    broken["components"].examples["Clash"] = { value: { error_code: "EndPoint.0006", error_msg: "Limit wrong." } };
    expect(() => renderFacts(broken)).toThrow(/EndPoint\.0006 different messages \("Invalid limit\.", and "Limit wrong\." in Clash\)/);
  });

  it("refuses a limit without a maximum: no page size", () => {
    const broken = clone(bundle);
    delete broken["components"].parameters.Limit.schema.maximum;
    expect(() => renderOperations(broken)).toThrow(/limit has no integer maximum/);
  });

  it("has no default response when the document has none", () => {
    const without = clone(bundle);
    delete without["paths"][OPERATION].get.responses.default;
    const exported = Object.fromEntries(documentFacts(without).map((e) => [e.name, e.value]));
    expect(exported["defaultResponse"]).toBeNull();
    expect(Object.keys(exported["examplesByStatus"] as object)).not.toContain("default");
  });
});

describe("src/ reads the document in one module only", () => {
  it("no module but src/floor/package-files.ts names the bundled document, climbs out of the package or resolves $ref", async () => {
    const files = (await readdir(path.join(repoRoot, "src"), { recursive: true })).filter((f) => f.endsWith(".ts"));
    const offenders = [];
    for (const file of files) {
      const text = await readFile(path.join(repoRoot, "src", file), "utf8");
      const climbsOut = [...text.matchAll(/["'](\.\.?\/[^"']*)["']/g)].some(
        (m) => !path.resolve(repoRoot, "src", path.dirname(file), m[1]!).startsWith(path.join(repoRoot, path.sep)),
      );
      if (
        (climbsOut || /openapi\.(json|yaml)|\["\$ref"\]|\.\$ref\b|vpcep-openapi\/package\.json/.test(text)) &&
        file !== path.join("floor", "package-files.ts")
      )
        offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});
