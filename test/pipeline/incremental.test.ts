// The build's step runner on small stand-in steps: what it records, when it skips a step, and
// when it must not (a changed input, an output changed or deleted by hand, --force, a failure,
// `npm run check`'s non-incremental mode).
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runSteps, type Step } from "../../scripts/build.js";
import { STATE_FILE } from "../../scripts/lib/incremental.js";

let dir = "";
let runs: string[] = [];
let lines: string[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "vpcep-incremental-"));
  runs = [];
  lines = [];
  await writeFile(path.join(dir, "input.txt"), "one");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A step copying input.txt (upper-cased) to <name>.out, or failing when `fails()` says so. */
const copyStep = (name: string, fails = () => false): Step => ({
  name,
  inputs: (outDir) => [path.join(outDir, "input.txt")],
  outputs: (outDir) => [path.join(outDir, `${name}.out`)],
  run: async (outDir) => {
    runs.push(name);
    if (fails()) throw new Error(`${name}: broken on purpose`);
    await writeFile(path.join(outDir, `${name}.out`), (await readFile(path.join(outDir, "input.txt"), "utf8")).toUpperCase());
    return `${name}: written`;
  },
});
const build = (steps: Step[], options: { force?: boolean; incremental?: boolean } = {}) =>
  runSteps(steps, dir, "unused", { log: (line: string) => void lines.push(line), ...options });

describe("the incremental step runner", () => {
  it("runs every step the first time, then skips them all while nothing changed", async () => {
    const steps = [copyStep("a"), copyStep("b")];
    await build(steps);
    await build(steps);
    expect(runs).toEqual(["a", "b"]);
    expect(lines.slice(2)).toEqual([
      expect.stringMatching(/^\[1\/2\] a: unchanged, skipped \(\d+ ms\)$/),
      expect.stringMatching(/^\[2\/2\] b: unchanged, skipped/),
    ]);
  });

  it("reruns a step when its input changed", async () => {
    const steps = [copyStep("a")];
    await build(steps);
    await writeFile(path.join(dir, "input.txt"), "two");
    await build(steps);
    expect(runs).toEqual(["a", "a"]);
    expect(await readFile(path.join(dir, "a.out"), "utf8")).toBe("TWO");
  });

  it("reruns a step whose output was edited or deleted by hand", async () => {
    const steps = [copyStep("a"), copyStep("b")];
    await build(steps);
    await writeFile(path.join(dir, "a.out"), "edited");
    await rm(path.join(dir, "b.out"));
    await build(steps);
    expect(runs).toEqual(["a", "b", "a", "b"]);
    expect(await readFile(path.join(dir, "a.out"), "utf8")).toBe("ONE");
  });

  it("reruns every step with force", async () => {
    const steps = [copyStep("a"), copyStep("b")];
    await build(steps);
    await build(steps, { force: true });
    expect(runs).toEqual(["a", "b", "a", "b"]);
  });

  it("stops at a failed step, forgets its record, and runs it again next time", async () => {
    let broken = false;
    const steps = [copyStep("a"), copyStep("b", () => broken), copyStep("c")];
    await build(steps);
    broken = true;
    await writeFile(path.join(dir, "input.txt"), "two");
    await expect(build(steps)).rejects.toThrow("b: broken on purpose");
    expect(lines.at(-1)).toBe("[2/3] b: FAILED");
    const state = JSON.parse(await readFile(path.join(dir, STATE_FILE), "utf8")) as Record<string, unknown>;
    expect(Object.keys(state).sort()).toEqual(["a", "c"]);
    // Back to the input b last built from: a reruns (its input changed), b runs although its input
    // and output match its last success, because that record was dropped when it failed.
    broken = false;
    await writeFile(path.join(dir, "input.txt"), "one");
    runs = [];
    await build(steps);
    expect(runs).toEqual(["a", "b"]);
  });

  it("neither reads nor writes a record when not incremental (npm run check)", async () => {
    const steps = [copyStep("a")];
    await build(steps);
    await build(steps, { incremental: false });
    expect(runs).toEqual(["a", "a"]);
    await rm(path.join(dir, STATE_FILE));
    await build(steps, { incremental: false });
    expect(existsSync(path.join(dir, STATE_FILE))).toBe(false);
  });

  it("starts a step marked startsAfter as soon as that step is done, alongside the next ones, and reports it in order", async () => {
    let earlyStarted!: () => void;
    const started = new Promise<void>((resolve) => (earlyStarted = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const early: Step = {
      ...copyStep("early"),
      startsAfter: "a",
      run: async (outDir) => {
        earlyStarted();
        await released;
        await writeFile(path.join(outDir, "early.out"), "done");
        return "early: written";
      },
    };
    // b finishes only once early is running: without the overlap this build would never end.
    const b: Step = {
      ...copyStep("b"),
      run: async () => {
        await started;
        release();
        return "b: written";
      },
    };
    await build([copyStep("a"), b, early]);
    expect(lines.map((line) => line.replace(/ \(\d+ ms\)$/, ""))).toEqual(["[1/3] a: written", "[2/3] b: written", "[3/3] early: written"]);
  });

  it("when a step fails, waits for a step started early to end before reporting the failure", async () => {
    const early: Step = {
      ...copyStep("early"),
      startsAfter: "a",
      run: async (outDir) => {
        await new Promise((resolve) => setTimeout(resolve, 200));
        await writeFile(path.join(outDir, "early.out"), "done");
        return "early: written";
      },
    };
    await expect(build([copyStep("a"), copyStep("b", () => true), early])).rejects.toThrow("b: broken on purpose");
    expect(await readFile(path.join(dir, "early.out"), "utf8")).toBe("done");
    expect(lines.at(-1)).toBe("[2/3] b: FAILED");
  });
});
