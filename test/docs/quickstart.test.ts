// The README's quick start, followed as a new user would in an empty folder: its commands (with
// this checkout installed in place of the registry's package), its seed file and call.js as the
// README shows them, the mock started as it says, and the output its comments promise; and the
// ESM note: without "type": "module" the same file fails with the message the README names.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/lib/paths.js";
import { type ReadyMock, startMockProcess, stopProcess } from "../support/processes.js";
import { TIMEOUTS } from "../support/timeouts.js";

const exec = promisify(execFile);
let readme = "";
let scratch = "";
let project = "";
let mock: ReadyMock | undefined;

const section = () => /\n## Quick start\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? "";
const shellBlocks = () =>
  [...section().matchAll(/<!-- tested: test\/docs\/quickstart\.test\.ts[^\n]*-->\n```sh\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
const embedded = (file: string) => {
  const marker = file.replaceAll(".", "\\.");
  const block = new RegExp(`<!-- BEGIN examples/quickstart/${marker} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\`\`\`\\n<!-- END`).exec(section());
  expect(block, `README.md's quick start embeds examples/quickstart/${file}`).not.toBeNull();
  return block![1]!;
};

beforeAll(async () => {
  readme = await readFile(path.join(repoRoot, "README.md"), "utf8");
  scratch = await mkdtemp(path.join(tmpdir(), "vpcep-quickstart-"));
});
afterAll(async () => {
  await stopProcess(mock?.child);
  await rm(scratch, { recursive: true, force: true });
});

describe("the README's quick start, in an empty folder", () => {
  it(
    "creates an ESM project and installs the package with the README's commands",
    async () => {
      const [setup] = shellBlocks();
      expect(setup, "the quick start's first command block").toBeDefined();
      const lines = setup!.split("\n");
      expect(lines).toContain("npm install vpcep-openapi");
      expect(lines.some((line) => line.startsWith("npm pkg set type=module"))).toBe(true);
      // The package is not on the registry yet (README: "Not released yet"): this checkout stands in.
      const script = lines
        .map((line) =>
          line === "npm install vpcep-openapi" ? `npm install --offline --no-audit --no-fund ${JSON.stringify(repoRoot)}` : line,
        )
        .join("\n");
      await exec("bash", ["-eo", "pipefail", "-c", script], { cwd: scratch, env: { ...process.env, npm_config_loglevel: "error" } });
      project = path.join(scratch, /^mkdir (\S+)/m.exec(setup!)![1]!);
      const pkg = JSON.parse(await readFile(path.join(project, "package.json"), "utf8")) as {
        type?: string;
        dependencies?: Record<string, string>;
      };
      expect(pkg.type).toBe("module");
      expect(Object.keys(pkg.dependencies ?? {})).toContain("vpcep-openapi");
    },
    TIMEOUTS.heavyTest,
  );

  it("starts the mock with the seed file as the README says, and it prints the ready line shown", async () => {
    expect(project, "the project of the first step").not.toBe("");
    await writeFile(path.join(project, "services.json"), embedded("services.json"));
    const [, start] = shellBlocks();
    const [command, shown] = start!.split("\n");
    expect(command).toBe("npx vpcep-mock --stateful --data services.json");
    const args = command!.split(" ").slice(2);
    // The bin npx runs, on a free port rather than 4010 (the machine may be running one).
    mock = await startMockProcess(path.join(project, "node_modules", ".bin", "vpcep-mock"), [...args, "--port", "0"], project);
    const ready = shown!.replace(/^# /, "").replace("http://127.0.0.1:4010", mock.url).replace("…)", "");
    expect(mock.output()).toContain(ready);
  });

  it("node call.js prints what its comments say", async () => {
    expect(mock, "the mock of the previous step").toBeDefined();
    const source = embedded("call.js");
    await writeFile(path.join(project, "call.js"), source);
    const { stdout, stderr } = await exec(process.execPath, ["call.js"], {
      cwd: project,
      env: { ...process.env, VPCEP_BASE_URL: mock!.url },
    });
    expect(stderr).toBe("");
    const promised = [...source.matchAll(/console\.log\([^\n]*\n\s*\/\/ (.*)$/gm)].map((m) => m[1]!);
    const printed = stdout.trim().split("\n");
    expect(printed).toHaveLength(promised.length);
    printed.forEach((line, index) => expect(promised[index]!.startsWith(line), `${line} / ${promised[index]}`).toBe(true));
  });

  it('in a default `npm init -y` project (without "type": "module"), call.js fails with the message the README names', async () => {
    const plain = path.join(scratch, "plain");
    await exec("bash", ["-c", `mkdir ${JSON.stringify(plain)} && cd ${JSON.stringify(plain)} && npm init -y`]);
    await writeFile(path.join(plain, "call.js"), embedded("call.js"));
    const failed = await exec(process.execPath, ["call.js"], { cwd: plain }).then(
      () => undefined,
      (error: { stderr: string }) => error,
    );
    expect(failed?.stderr).toContain("Cannot use import statement outside a module");
    expect(section()).toContain("`Cannot use import statement outside a module`");
  });
});
