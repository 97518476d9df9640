// The testing guide's terminal sessions (docs/testing.md), run as a reader would: each block marked
// for this file starts its mock (its `npx vpcep-mock …` line, on a free port; the stateful mock when
// it has none), runs each command against it, and compares the output with the `# …` comment lines
// under the command (`…` stands for anything). A `ts` block marked for this file runs against the
// mock of the block before it.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/lib/paths.js";
import { type ReadyMock, startMockProcess } from "../support/processes.js";
import { TIMEOUTS } from "../support/timeouts.js";

const exec = promisify(execFile);
const GUIDE = "docs/testing.md";
const DEFAULT_URL = "http://127.0.0.1:4010";

interface Session {
  line: number;
  language: string;
  body: string;
}

async function sessions(): Promise<Session[]> {
  const text = await readFile(path.join(repoRoot, GUIDE), "utf8");
  return [...text.matchAll(/^(<!-- tested: test\/docs\/sessions\.test\.ts[^\n]*-->)\n```(\w+)\n([\s\S]*?)\n```$/gm)].map((m) => ({
    line: text.slice(0, m.index).split("\n").length + 1,
    language: m[2]!,
    body: m[3]!,
  }));
}

interface Step {
  command: string;
  expected: string[];
}

/** The mock's flags (from its `npx vpcep-mock` line) and the commands with the comment lines under each. */
function parseSession(body: string): { mockArgs: string[]; steps: Step[] } {
  const lines = body.split("\n");
  let mockArgs = ["--stateful"];
  const steps: Step[] = [];
  let index = 0;
  const start = /^npx vpcep-mock (.*?)\s*(?:#.*)?$/.exec(lines[0] ?? "");
  if (start) {
    mockArgs = start[1]!.split(/\s+/);
    index = 1;
    while (index < lines.length && lines[index]!.startsWith("#")) index++; // notes on the mock's flags
  }
  const assignments: string[] = []; // `M=…` lines: set for every command after them
  for (; index < lines.length; index++) {
    const line = lines[index]!;
    if (/^[A-Za-z_]\w*=/.test(line)) {
      assignments.push(line);
    } else if (line.startsWith("#")) {
      const step = steps.at(-1);
      if (!step) throw new Error(`a comment before any command: ${line}`);
      step.expected.push(line.replace(/^#\s?/, ""));
    } else if (line.trim() !== "") {
      steps.push({ command: [...assignments, line].join("\n"), expected: [] });
    }
  }
  return { mockArgs, steps };
}

/** The comment lines as a pattern over the output: `…` is anything, whitespace any whitespace. */
function expectedPattern(expected: readonly string[]): RegExp {
  const text = expected.join(" ").trim();
  const parts = text.split("…").map((part) =>
    part
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("\\s*"),
  );
  return new RegExp(parts.join("[\\s\\S]*?"));
}

describe("the testing guide's sessions", () => {
  let found: Session[] = [];
  let scratch = "";
  beforeAll(async () => {
    found = await sessions();
    await mkdir(path.join(repoRoot, ".artifacts"), { recursive: true });
    scratch = await mkdtemp(path.join(repoRoot, ".artifacts", "sessions-"));
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it("finds the sessions the guide marks for this test", () => {
    expect(found.filter((s) => s.language === "sh").length).toBeGreaterThanOrEqual(7);
    expect(found.filter((s) => s.language === "ts")).toHaveLength(1);
  });

  it("reads a session's mock, commands and expected output, and matches `…` as anything", () => {
    const { mockArgs, steps } = parseSession("npx vpcep-mock --stateful --rate-limit 2   # a note\n# more notes\ncurl x\n# 200 …\n# 429");
    expect(mockArgs).toEqual(["--stateful", "--rate-limit", "2"]);
    expect(steps).toEqual([{ command: "curl x", expected: ["200 …", "429"] }]);
    expect(parseSession("npx vpcep-mock --stateful\nM=u\ncurl $M\n# ok").steps).toEqual([{ command: "M=u\ncurl $M", expected: ["ok"] }]);
    expect(expectedPattern(["200 …", "429"]).test("200\nheaders\n429\n")).toBe(true);
    expect(expectedPattern(["200 200 429"]).test("200\n200\n200\n")).toBe(false);
  });

  it(
    "every command prints what its comment says, against the mock the block starts",
    async () => {
      let mock: ReadyMock | undefined;
      const stop = async () => {
        if (!mock) return;
        const exited = new Promise((resolve) => mock!.child.once("exit", resolve));
        mock.child.kill("SIGTERM");
        await exited;
        mock = undefined;
      };
      try {
        for (const session of found) {
          const where = `${GUIDE}:${session.line}`;
          if (session.language === "ts") {
            expect(mock, `${where}: a ts session needs the mock of the block before it`).toBeDefined();
            // Inside the repository, so that `vpcep-openapi` resolves to this package (its exports).
            const file = path.join(scratch, `session-${session.line}.mjs`);
            await writeFile(file, session.body.replaceAll(DEFAULT_URL, mock!.url));
            const { stdout } = await exec(process.execPath, [file], { cwd: scratch });
            const printed = [...session.body.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]!);
            expect(stdout.trim().split("\n"), where).toEqual(printed);
            await stop();
            continue;
          }
          await stop();
          const { mockArgs, steps } = parseSession(session.body);
          mock = await startMockProcess(process.execPath, [path.join(repoRoot, "bin", "vpcep-mock.js"), ...mockArgs, "--port", "0"]);
          for (const step of steps) {
            const command = step.command.replaceAll(DEFAULT_URL, mock.url);
            const pattern = expectedPattern(step.expected);
            // The throttle counts per second of the clock: a run that straddles a second boundary is
            // run once more, from the start of the next second, rather than read as a failure.
            let output = "";
            for (let attempt = 0; attempt < 2; attempt++) {
              if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 10));
              const run = await exec("bash", ["-c", command], { cwd: scratch }).then(
                (r) => r,
                (error: { stdout: string; stderr: string }) => error,
              );
              output = `${run.stdout}${run.stderr}`;
              if (pattern.test(output)) break;
            }
            expect(output, `${where}: ${step.command.split("\n").at(-1)}\nexpected: ${step.expected.join("\n")}`).toMatch(pattern);
          }
        }
      } finally {
        await stop();
      }
    },
    TIMEOUTS.heavyTest,
  );
});
