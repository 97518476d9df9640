// The bins refuse, before they listen or connect, what cannot work (credentials that cannot travel
// in a header, a --record folder that does not exist, a recording entry that is not an exchange),
// naming it and never the secret (found in review).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/lib/paths.js";
import { runNode } from "../support/processes.js";

let scratch = "";
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "vpcep-refusals-"));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe("the bins refuse what cannot work, naming it, before the port", () => {
  const mockBin = path.join(repoRoot, "bin", "vpcep-mock.js");
  const contractBin = path.join(repoRoot, "bin", "vpcep-contract.js");

  it.each([
    [["--stateful", "--token", " tok"], "a credential from --token starts or ends with white space"],
    [
      ["--stateful", "--access-key", "ak", "--secret-key", "sé"],
      "a credential from --access-key/--secret-key/--security-token contains a character outside printable ASCII",
    ],
    [["--proxy", "http://127.0.0.1:9", "--record", "/nonexistent/dir/x.har"], "--record /nonexistent/dir/x.har: its folder does not exist"],
  ])("vpcep-mock %j: exit 2", async (args, message) => {
    const { code, stderr } = await runNode(mockBin, args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it("vpcep-contract with a token that cannot travel in a header: exit 2 naming OS_TOKEN, never the token", async () => {
    const previous = process.env["OS_TOKEN"];
    process.env["OS_TOKEN"] = "SUPERSECRET\nTOKEN";
    try {
      const { code, stdout, stderr } = await runNode(contractBin, ["check", "http://127.0.0.1:9"]);
      expect(code).toBe(2);
      expect(stderr).toContain("OS_TOKEN contains a line break");
      expect(stdout + stderr).not.toContain("SUPERSECRET");
    } finally {
      if (previous === undefined) delete process.env["OS_TOKEN"];
      else process.env["OS_TOKEN"] = previous;
    }
  });

  it.each([
    [
      '{"request":{"method":5,"url":"/v1/p/vpc-endpoint-services"},"response":{"status":200,"headers":{},"body":""}}',
      "line 1: request.method must be a string",
    ],
    [
      JSON.stringify({
        log: {
          entries: [
            {
              request: { method: "GET", url: "/v1/p/vpc-endpoint-services" },
              response: { status: 200, content: { text: "%%%", encoding: "base64" } },
            },
          ],
        },
      }),
      "HAR entry 1: response.content.text is not valid base64",
    ],
  ])("vpcep-contract validate names the entry at fault (%#)", async (content, message) => {
    const file = path.join(scratch, "recording.txt");
    await writeFile(file, content);
    const { code, stderr } = await runNode(contractBin, ["validate", file]);
    expect(code).toBe(3);
    expect(stderr).toContain(message);
  });

  it("vpcep-contract validate never shows a recorded URL's credentials", async () => {
    const file = path.join(scratch, "leaky.jsonl");
    await writeFile(
      file,
      JSON.stringify({
        request: { method: "GET", url: "https://u:PW@h.example/v1/p/vpc-endpoint-services?limit=5000&access_token=TOK" },
        response: { status: 200, headers: {}, body: "{}" },
      }),
    );
    const { code, stdout } = await runNode(contractBin, ["validate", file]);
    expect(code).toBe(1);
    for (const secret of ["PW", "TOK"]) expect(stdout).not.toContain(secret);
  });
});
