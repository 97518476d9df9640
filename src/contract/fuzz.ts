// `--fuzz N --seed S`: N requests generated from the document's query parameters with fast-check,
// valid and invalid values mixed. The document's request validator is the oracle: a valid request
// must get 200 and a valid page, an invalid one the documented 400 and a valid error body. A failure
// is shrunk to a minimal request and printed with a curl line that reproduces it.
import { queryParameterList as queryParameters, type QueryParameterConstraints } from "../document/query-parameters.js";
import { CouldNotTest, requestTarget, type Query, type Target } from "./http.js";
import { validateListEndpointServicesRequest } from "../document/validators.js";
import { problemRequest, type Problem } from "./problems.js";
import { contractProblems, type Suite } from "./suite.js";

type FastCheck = typeof import("fast-check");

/** fast-check, the optional peer `--fuzz` needs; throws CouldNotTest naming the install command without it. */
export async function loadFastCheck(): Promise<FastCheck> {
  try {
    return await import("fast-check");
  } catch {
    throw new CouldNotTest("--fuzz needs the package fast-check: npm install --save-dev fast-check@4");
  }
}

const SAFE = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_."];

function valueOf(fc: FastCheck, p: QueryParameterConstraints) {
  if (p.type === "integer") {
    const min = p.minimum ?? 0;
    const max = p.maximum ?? min + 5000;
    return fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min, max }).map(String) },
      fc.integer({ min: min - 1000, max: min - 1 }).map(String),
      ...(p.maximum !== undefined ? [fc.integer({ min: max + 1, max: max + 1000 }).map(String)] : []),
      fc.constantFrom("ten", "1.5", "-"),
    );
  }
  if (p.enum) {
    return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...p.enum) }, fc.constant(`not-a-${p.name}`));
  }
  const unit = fc.constantFrom(...SAFE);
  // An open enumeration: its known values mostly, any other string too (valid as well, never refused).
  if (p.known?.length)
    return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...p.known) }, fc.string({ unit, minLength: 1, maxLength: 20 }));
  const minLength = Math.max(1, p.minLength ?? 1);
  const longest = Math.min(p.maxLength ?? 40, 40);
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit, minLength, maxLength: Math.max(minLength, longest) }) },
    ...(p.maxLength !== undefined ? [fc.string({ unit, minLength: p.maxLength + 1, maxLength: p.maxLength + 8 })] : []),
  );
}

/** A curl command that repeats the request; credentials only as environment variable names. */
export function curlLine(target: Target, query: Query): string {
  const url = `${target.baseUrl.replace(/\/$/, "")}${requestTarget(target.projectId, query)}`;
  const auth = target.auth && !("token" in target.auth) ? " # signed with AK/SK in the run; use a token to repeat it" : "";
  return `curl -sS -H "X-Auth-Token: $OS_TOKEN" '${url.replace(/'/g, "'\\''")}'${auth}`;
}

export async function runFuzz(suite: Suite, { runs, seed }: { runs: number; seed: number }): Promise<void> {
  const problemsOf = new Map<string, Problem[]>();
  let stop: CouldNotTest | undefined;
  let sent = 0;
  const name = `fuzz: ${runs} generated requests (seed ${seed})`;

  await suite.run(name, async (_get, problems) => {
    const fc = await loadFastCheck();
    const query = fc.record(Object.fromEntries(queryParameters.map((p) => [p.name, valueOf(fc, p)])), {
      requiredKeys: [],
    }) as unknown as import("fast-check").Arbitrary<Record<string, string>>;
    const property = fc.asyncProperty(query, async (q) => {
      if (stop) return true;
      const found: Problem[] = [];
      try {
        const answer = await suite.get(q);
        sent++;
        const expected = validateListEndpointServicesRequest(requestTarget(suite.target.projectId, q)).valid ? 200 : 400;
        if (answer.status !== expected) {
          const request = answer.request ? { request: problemRequest(answer.request) } : {};
          found.push({
            check: "status-expected",
            path: "status",
            message: `expected ${expected} (the request is ${expected === 200 ? "valid" : "invalid"}), got ${answer.status}`,
            ...request,
          });
        }
        found.push(...contractProblems(answer));
      } catch (error) {
        if (!(error instanceof CouldNotTest)) throw error;
        stop = error;
        return true;
      }
      problemsOf.set(JSON.stringify(q), found);
      return found.length === 0;
    });
    const outcome = await fc.check(property, { numRuns: runs, seed });
    if (stop) throw stop;
    if (outcome.failed && outcome.counterexample) {
      const minimal = outcome.counterexample[0];
      const target = requestTarget(suite.target.projectId, minimal);
      const request = { request: `GET ${target}` };
      problems.add("fuzz", "", `minimal failing request (after ${outcome.numShrinks} shrinks): GET ${target}`, request);
      const found = problemsOf.get(JSON.stringify(minimal));
      if (found) problems.addAll(found);
      else problems.add("fuzz", "", outcome.errorInstance instanceof Error ? outcome.errorInstance.message : "failed", request);
      problems.add("fuzz", "", `reproduce: ${curlLine(suite.target, minimal)}`, request);
      problems.add("fuzz", "", `replay the run: --fuzz ${runs} --seed ${seed}`, request);
    }
    return undefined;
  });
  const result = suite.results.at(-1)!;
  result.requests = [`${sent} generated GET requests`];
}
