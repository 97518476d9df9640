// A --data or --credentials file that cannot be used is named with what is wrong and where, never quoted.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigFileError, readJsonFile } from "../../src/floor/json-file.js";
import { whereJsonBreaks } from "../../src/floor/json-position.js";

let scratch = "";
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "vpcep-json-file-"));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe("readJsonFile", () => {
  it("says a missing file is missing and a folder is a folder", async () => {
    const missing = path.join(scratch, "missing.json");
    await expect(readJsonFile(missing, "--data")).rejects.toThrow(new ConfigFileError(`--data ${missing}: no such file`));
    await expect(readJsonFile(scratch, "--data")).rejects.toThrow(new ConfigFileError(`--data ${scratch}: is a folder, not a file`));
  });

  it.each([
    ['{\n  "tokens": [hunter2-secret]\n}', " at line 2, column 14"],
    ['[{"id": "a"},]', " at line 1, column 14"],
    ['{"tokens": ["hunter2-secret"]', ": it ends too early (line 1, column 30)"],
    ["", ": it ends too early (line 1, column 1)"],
  ])("gives the line and column of %j without quoting it", async (content, where) => {
    const file = path.join(scratch, "broken.json");
    await writeFile(file, content);
    const error = (await readJsonFile(file, "--credentials").then(
      () => undefined,
      (e: unknown) => e,
    )) as Error;
    expect(error).toEqual(new ConfigFileError(`--credentials ${file} is not valid JSON${where}`));
    expect(error.message).not.toContain("hunter2");
  });
});

describe("whereJsonBreaks", () => {
  it("finds nothing wrong in JSON, whatever it holds", () => {
    fc.assert(fc.property(fc.json(), (text) => whereJsonBreaks(text) === ""));
  });

  it("finds where any text JSON.parse refuses breaks", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json().map((text) => text.slice(0, -1)),
        ),
        (text) => {
          let valid = true;
          try {
            JSON.parse(text);
          } catch {
            valid = false;
          }
          expect(whereJsonBreaks(text) === "").toBe(valid);
        },
      ),
    );
  });

  it("stays linear on a deep or long text", () => {
    expect(whereJsonBreaks("[".repeat(200_000))).toBe(": it ends too early (line 1, column 200001)");
    expect(whereJsonBreaks(`["${"a".repeat(1_000_000)}", x]`)).toBe(" at line 1, column 1000006");
  });
});
