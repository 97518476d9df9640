// test/ mirrors src/'s rooms (test/README.md is the map): every test file sits in a room the map
// names, the mock's and the contract checker's tests sit in a folder per module, and the folders
// that were split up (mock-stateful/, hardening/) do not come back.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/lib/paths.js";

const testDir = path.join(repoRoot, "test");
const testFiles = async () =>
  (await readdir(testDir, { recursive: true }))
    .map((file) => file.split(path.sep).join("/"))
    .filter((file) => /\.test(-d)?\.ts$/.test(file) && !file.startsWith("compat/versions/"));

describe("the layout of test/", () => {
  it("every test file sits in a room that test/README.md's map names", async () => {
    const map = await readFile(path.join(testDir, "README.md"), "utf8");
    const rooms = [...map.matchAll(/^\| `([a-z0-9/-]+)\/` \|/gm)].map((m) => m[1]!);
    expect(rooms).toContain("mock/stateful");
    const outside = (await testFiles()).filter((file) => !rooms.some((room) => path.posix.dirname(file) === room));
    expect(outside, "move these into a room (or add the room to test/README.md)").toEqual([]);
  });

  it("mock/ and contract/ hold a folder per module of src/mock and src/contract, not loose files", async () => {
    const loose = (await testFiles()).filter((file) => /^(mock|contract)\/[^/]+$/.test(file));
    expect(loose).toEqual([]);
  });
});
