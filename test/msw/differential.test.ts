// The handlers against the mock process: the same generated requests (fast-check: every query
// parameter with valid and invalid values, unknown parameters, wrong paths and methods, Prefer
// codes and faults, credentials right, wrong and missing) go to `vpcep-mock --stateful`'s server
// (startStatefulMock, on loopback) and to the MSW handlers (setupServer, under Node 22), with the
// same seed data and credentials; status, content type and body must be equal. Only the request
// id differs legitimately (a fresh one per answer, in `request_id` and `X-Request-Id`).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleServices } from "../../generated/contract-validators.js";
import { queryParameters as queryParameterLimits } from "../../generated/document-facts.js";
import { NODE_VERSIONS, nodeBinary } from "../../scripts/lib/node-binaries.js";
import { type StatefulMock, startStatefulMock } from "../../src/mock/stateful/stateful.js";
import { bundle, runScenarios, valueOf } from "./bundle.js";
import { type Case, comparable, KEY, type Seen, send, TOKEN } from "./cases.js";

const RUNS = 600;
let node = "";
let built: Awaited<ReturnType<typeof bundle>>;
let mock: StatefulMock;
beforeAll(async () => {
  [node, built, mock] = await Promise.all([
    nodeBinary(NODE_VERSIONS[0]!),
    bundle("test/msw/scenarios.ts", "node"),
    startStatefulMock({ services: [...exampleServices], credentials: { tokens: [TOKEN], keys: [KEY] } }),
  ]);
});
afterAll(async () => {
  await built?.dispose();
  await mock?.stop();
});

const parameterValue = (name: string): fc.Arbitrary<string> => {
  const limits = (queryParameterLimits as unknown as Record<string, { enum?: string[]; known?: string[]; type: string }>)[name]!;
  const documented = limits.enum ?? limits.known ?? [];
  const valid =
    limits.type === "integer"
      ? fc.integer({ min: 0, max: 1001 }).map(String)
      : documented.length > 0
        ? fc.constantFrom(...documented)
        : fc.constantFrom(...exampleServices.map((s) => s.id ?? ""), "svc", "ser");
  const invalid = fc.oneof(fc.constantFrom("", "-1", "1.5", "abc", "x".repeat(129), "%ZZ", "a+b", "é"), fc.string({ maxLength: 8 }));
  return fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: invalid });
};

/** Most requests leave most parameters out, so that many are valid and reach the page. */
const sometimes = <T>(value: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: value });

const query = fc
  .tuple(
    ...Object.keys(queryParameterLimits).map((name) => sometimes(parameterValue(name).map((value) => [name, value] as const))),
    sometimes(fc.tuple(fc.constantFrom("unknown_param", "Limit", "page"), fc.string({ maxLength: 4 }))),
  )
  .map((pairs) => new URLSearchParams(pairs.filter((pair) => pair !== undefined) as [string, string][]).toString());

const cases: fc.Arbitrary<Case> = fc.record<Case>({
  target: fc
    .tuple(
      fc.constantFrom(
        "/v1/p1/vpc-endpoint-services",
        "/v1/p1/vpc-endpoint-services/",
        "/v1/p1/other",
        "/",
        "/v1/p1/vpc-endpoint-services",
        "/v1/p1/vpc-endpoint-services",
      ),
      query,
    )
    .map(([path, q]) => (q === "" ? path : `${path}?${q}`)),
  credential: fc.constantFrom("token", "token", "ak", "token-wrong", "ak-wrong-secret", "ak-unknown", "ak-stale", "none"),
  prefer: fc.option(
    fc.constantFrom(
      "code=400",
      "code=401",
      "code=403",
      "code=404",
      "code=429",
      "code=500",
      "code=200",
      "code=999",
      "code=400, example=nope",
      "fault=html-502",
      "fault=reset",
      "fault=unknown",
      "delay=abc",
    ),
    { freq: 4, nil: undefined },
  ),
  method: fc.constantFrom("GET", "GET", "GET", "GET", "GET", "GET", "GET", "GET", "POST", "DELETE"),
});

describe("the MSW handlers answer as vpcep-mock --stateful does", () => {
  it(`on ${RUNS} generated requests: equal status, content type and body (request ids aside)`, async () => {
    const generated = fc.sample(cases, { numRuns: RUNS, seed: 1717 });
    const fromProcess: Seen[] = [];
    for (const c of generated) fromProcess.push(await send(mock.url, c));
    const [result] = await runScenarios(node, built.file, [
      { name: "differential", input: { cases: generated, origin: "https://vpcep.eu-de.otc.t-systems.com" } },
    ]);
    const fromMsw = valueOf("differential", result) as Seen[];
    const differences = generated.flatMap((c, i) => {
      const a = comparable(fromProcess[i]!);
      const b = comparable(fromMsw[i]!);
      return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ case: c, process: a, msw: b }];
    });
    const statuses = new Map<string, number>();
    for (const seen of fromProcess) statuses.set(String(seen.status), (statuses.get(String(seen.status)) ?? 0) + 1);
    console.log(
      `differential: ${RUNS} requests, ${RUNS - differences.length} equal, ${differences.length} different; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(differences.slice(0, 5)).toEqual([]);
    // The cases reach every kind of answer, not only one.
    expect([...statuses.keys()]).toEqual(expect.arrayContaining(["200", "400", "401", "404", "network-error"]));
  });
});
