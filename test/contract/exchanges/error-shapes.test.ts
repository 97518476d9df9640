// vpcep-contract reads the provider's three error-body shapes: recorded answers in any of them pass,
// and a body of none of them fails with a message that lists the shapes.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../../scripts/lib/paths.js";
import { runNode } from "../../support/processes.js";

let scratch = "";
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "vpcep-error-shapes-"));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

const exchange = (status: number, body: unknown) => ({
  request: { method: "GET", url: "https://vpcep.eu-de.otc.t-systems.com/v1/p/vpc-endpoint-services" },
  response: { status, headers: { "content-type": "application/json" }, body },
});

async function validate(exchanges: unknown[]) {
  const file = path.join(scratch, `recording-${exchanges.length}-${Date.now()}.jsonl`);
  await writeFile(file, exchanges.map((e) => JSON.stringify(e)).join("\n"));
  return runNode(path.join(repoRoot, "bin", "vpcep-contract.js"), ["validate", file, "--reporter", "json"]);
}

describe("vpcep-contract validate and the three error-body shapes", () => {
  it("passes {error_code, error_msg}, {error: {code, message}} and {code, message}", async () => {
    const { code, stdout } = await validate([
      exchange(401, {
        error_code: "APIGW.0303",
        error_msg: "Incorrect app authentication information: signature expired",
        request_id: "r",
      }),
      exchange(400, { error: { code: "EndPoint.0002", message: "Parameter error." } }),
      exchange(500, { code: "EndPoint.0001", message: "System error. Please retry." }),
    ]);
    const report = JSON.parse(stdout) as { cases: { problems: string[] }[] };
    expect(report.cases.map((c) => c.problems)).toEqual([[], [], []]);
    expect(code).toBe(0);
  });

  it("fails a body of no documented shape, and a shape with a missing member, naming what is wrong", async () => {
    const { code, stdout } = await validate([exchange(503, { fault: "down" }), exchange(400, { error: { code: "EndPoint.0002" } })]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { cases: { problems: string[] }[] };
    expect(report.cases.map((c) => c.problems)).toEqual([
      [
        "response (body): is not an error body of any documented shape ({error_code, error_msg}, {error: {code, message}} or {code, message})",
      ],
      ["response error.message: must have required property 'message'"],
    ]);
  });
});
