// The testing guide's MSW snippets (docs/testing.md) are the files examples/msw/*.ts, embedded verbatim between markers;
// here the Node one runs under Node 22 (msw 3 needs 22.12+) as a user would run it, and prints
// what its comments promise. The browser one runs in browser.test.ts (the e2e mode's Chromium).
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleServices } from "../../generated/contract-validators.js";
import { NODE_VERSIONS, nodeBinary } from "../../scripts/lib/node-binaries.js";
import { repoRoot } from "../../scripts/lib/paths.js";
import { bundle } from "./bundle.js";

const exec = promisify(execFile);

describe("the testing guide's MSW examples", () => {
  it.each(["node.ts", "browser.ts"])("docs/testing.md embeds examples/msw/%s verbatim between its markers", (name) => {
    const readme = readFileSync(path.join(repoRoot, "docs", "testing.md"), "utf8");
    const marker = `examples/msw/${name}`.replaceAll(".", "\\.");
    const embedded = new RegExp(`<!-- BEGIN ${marker} -->\\n\`\`\`ts\\n([\\s\\S]*?)\`\`\`\\n<!-- END ${marker} -->`).exec(readme);
    expect(embedded, `docs/testing.md has no block between <!-- BEGIN/END examples/msw/${name} -->`).not.toBeNull();
    expect(embedded![1]).toBe(readFileSync(path.join(repoRoot, "examples", "msw", name), "utf8"));
  });

  describe("examples/msw/node.ts under Node 22", () => {
    let node = "";
    let built: Awaited<ReturnType<typeof bundle>>;
    beforeAll(async () => {
      [node, built] = await Promise.all([nodeBinary(NODE_VERSIONS[0]!), bundle("examples/msw/node.ts", "node")]);
    });
    afterAll(() => built?.dispose());

    it("lists every seed service, then the added one as available after the clock moves", async () => {
      const { stdout, stderr } = await exec(node, [built.file], { cwd: repoRoot });
      expect(stderr).toBe("");
      expect(stdout.trim().split("\n")).toEqual([String(exampleServices.length), "available"]);
    });
  });
});
