// Runs GitHub Actions YAML locally, the way the runner would for what this repository uses: the
// `run:` steps of composite actions and workflow jobs, with `${{ … }}` expressions over inputs,
// steps' outputs, env, secrets and vars, $GITHUB_OUTPUT, $GITHUB_ENV and $GITHUB_STEP_SUMMARY. Steps
// that call this repository's actions run them; other `uses:` steps are handed to `onUses`.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { repoRoot } from "../../scripts/lib/paths.js";
import { TIMEOUTS } from "./timeouts.js";

export interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  if?: string;
}

export interface Context {
  inputs?: Record<string, string>;
  steps: Record<string, { outputs: Record<string, string>; outcome?: string }>;
  env: Record<string, string>;
  secrets?: Record<string, string>;
  vars?: Record<string, string>;
  github: Record<string, string>;
}

export interface StepRun {
  step: Step;
  code: number;
  stdout: string;
  stderr: string;
}

/** Replaces every `${{ expr }}`; an expression outside the supported contexts fails the run. */
export function evaluate(text: string, context: Context): string {
  return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expression: string) => {
    const [head, ...rest] = expression.split(".");
    const lookup = (object: Record<string, unknown> | undefined, keys: string[]): string => {
      let value: unknown = object;
      for (const key of keys) value = (value as Record<string, unknown> | undefined)?.[key];
      return value === undefined || value === null ? "" : String(value);
    };
    switch (head) {
      case "inputs":
      case "env":
      case "secrets":
      case "vars":
      case "github":
        return lookup(context[head] as Record<string, unknown> | undefined, rest);
      case "steps":
        return lookup(context.steps, rest);
      default:
        throw new Error(`unsupported expression \${{ ${expression} }}`);
    }
  });
}

const evaluateAll = (record: Record<string, unknown> | undefined, context: Context) =>
  Object.fromEntries(Object.entries(record ?? {}).map(([k, v]) => [k, evaluate(String(v), context)]));

const parseKeyValues = (text: string) =>
  Object.fromEntries(
    text
      .split("\n")
      .filter((line) => line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );

/** Process groups started by `run:` steps (`npm start &` lives on after its step) and by actions. */
const groups = new Set<number>();

export function killStarted(): void {
  for (const pid of groups) {
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  groups.clear();
}

async function runScript(
  script: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
    cwd,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  groups.add(child.pid!);
  let stdout = "";
  let stderr = "";
  // A background job keeps the pipes open: the step is over when bash exits, not when they close.
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const drained = Promise.all([once(child.stdout!, "close"), once(child.stderr!, "close")]);
  const code = await new Promise<number>((resolve) => child.once("exit", (c) => resolve(c ?? 1)));
  // What bash wrote before it exited is read to the end; a background job that holds the pipes
  // open is waited for only up to the drain bound (a fixed 50 ms could cut output on a busy machine).
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([drained, new Promise((resolve) => (timer = setTimeout(resolve, TIMEOUTS.pipeDrain)))]);
  clearTimeout(timer);
  child.stdout!.destroy();
  child.stderr!.destroy();
  return { code, stdout, stderr };
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string>;
  secrets?: Record<string, string>;
  vars?: Record<string, string>;
  /** For `uses:` steps other than this repository's actions. */
  onUses?: (step: Step, withInputs: Record<string, string>) => Promise<void> | void;
  /** The runner's files of the enclosing job (a composite action shares them). */
  files?: Files;
}

interface Files {
  output: string;
  env: string;
  summary: string;
  temp: string;
}

async function runnerFiles(): Promise<Files> {
  const temp = await mkdtemp(path.join(tmpdir(), "vpcep-runner-"));
  const files = { output: path.join(temp, "output"), env: path.join(temp, "env"), summary: path.join(temp, "summary.md"), temp };
  for (const file of [files.output, files.env, files.summary]) await writeFile(file, "");
  return files;
}

const OWN_ACTION = /^vpcep-openapi\/vpcep-openapi\/(actions\/[a-z-]+)@v0$/;

export interface ActionRun {
  code: number;
  outputs: Record<string, string>;
  stdout: string;
  stderr: string;
  summary: string;
}

/** Runs a composite action of this repository (`actions/mock`) with the given `with:` inputs. */
export async function runAction(actionDir: string, withInputs: Record<string, string>, options: RunOptions): Promise<ActionRun> {
  const action = parse(await readFile(path.join(repoRoot, actionDir, "action.yml"), "utf8")) as {
    inputs?: Record<string, { default?: string; required?: boolean }>;
    outputs?: Record<string, { value: string }>;
    runs: { using: string; steps: Step[] };
  };
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs ?? {})) inputs[name] = withInputs[name] ?? spec.default ?? "";
  for (const name of Object.keys(withInputs)) if (!(name in (action.inputs ?? {}))) throw new Error(`${actionDir}: unknown input ${name}`);
  const files = options.files ?? (await runnerFiles());
  const context: Context = {
    inputs,
    steps: {},
    env: options.env ?? {},
    github: { action_path: path.join(repoRoot, actionDir), workspace: options.cwd },
  };
  let stdout = "";
  let stderr = "";
  let code = 0;
  for (const step of action.runs.steps) {
    if (!step.run || step.shell !== "bash") throw new Error(`${actionDir}: every step must be a bash run: step`);
    const env = {
      ...context.env,
      ...evaluateAll(step.env, context),
      GITHUB_OUTPUT: files.output,
      GITHUB_ENV: files.env,
      GITHUB_STEP_SUMMARY: files.summary,
      RUNNER_TEMP: files.temp,
      GITHUB_ACTIONS: "true",
    };
    await writeFile(files.output, "");
    const result = await runScript(evaluate(step.run, context), options.cwd, env);
    stdout += result.stdout;
    stderr += result.stderr;
    if (step.id) context.steps[step.id] = { outputs: parseKeyValues(await readFile(files.output, "utf8")) };
    if (result.code !== 0) {
      code = result.code;
      break;
    }
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs ?? {}).map(([name, spec]) => [name, evaluate(spec.value, context)]));
  // What an action leaves running (the mock) is stopped at the end of the job, as the runner does.
  if (/^\d+$/.test(outputs["pid"] ?? "")) groups.add(Number(outputs["pid"]));
  return { code, outputs, stdout, stderr, summary: await readFile(files.summary, "utf8") };
}

export interface JobRun {
  code: number;
  steps: StepRun[];
  summary: string;
}

/** Runs one job of a workflow: its `run:` steps in bash, this repository's actions, `onUses` for the rest. */
export async function runJob(
  workflow: { env?: Record<string, unknown>; jobs: Record<string, { env?: Record<string, unknown>; steps: Step[] }> },
  jobName: string,
  options: RunOptions,
): Promise<JobRun> {
  const job = workflow.jobs[jobName]!;
  const context: Context = {
    steps: {},
    env: {},
    secrets: options.secrets ?? {},
    vars: options.vars ?? {},
    github: { workspace: options.cwd },
  };
  context.env = { ...evaluateAll(workflow.env, context), ...evaluateAll(job.env, context), ...(options.env ?? {}) };
  const files = await runnerFiles();
  const steps: StepRun[] = [];
  let failed = false;
  for (const step of job.steps) {
    const condition = step.if?.replace(/^\$\{\{\s*|\s*\}\}$/g, "").trim();
    if (failed && condition !== "always()" && condition !== "failure()") continue;
    if (!failed && condition === "failure()") continue;
    const stepEnv = { ...context.env, ...evaluateAll(step.env, context) };
    let result: StepRun;
    if (step.run !== undefined) {
      await writeFile(files.output, "");
      const run = await runScript(evaluate(step.run, context), options.cwd, {
        ...stepEnv,
        GITHUB_OUTPUT: files.output,
        GITHUB_ENV: files.env,
        GITHUB_STEP_SUMMARY: files.summary,
        RUNNER_TEMP: files.temp,
        GITHUB_ACTIONS: "true",
      });
      result = { step, ...run };
      if (step.id) context.steps[step.id] = { outputs: parseKeyValues(await readFile(files.output, "utf8")) };
    } else {
      const inputs = evaluateAll(step.with, context);
      const own = OWN_ACTION.exec(step.uses ?? "");
      if (own) {
        const run = await runAction(own[1]!, inputs, { ...options, env: stepEnv, files });
        result = { step, code: run.code, stdout: run.stdout, stderr: run.stderr };
        if (step.id) context.steps[step.id] = { outputs: run.outputs };
      } else {
        await options.onUses?.(step, inputs);
        result = { step, code: 0, stdout: "", stderr: "" };
      }
    }
    Object.assign(context.env, parseKeyValues(await readFile(files.env, "utf8")));
    steps.push(result);
    if (result.code !== 0) failed = true;
  }
  return { code: failed ? 1 : 0, steps, summary: await readFile(files.summary, "utf8") };
}

/** A consumer's repository: package.json with vpcep-openapi (this checkout) in devDependencies, installed offline. */
export async function consumerWorkspace(scripts: Record<string, string>, files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "vpcep-workspace-"));
  await writeFile(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "consumer", private: true, scripts, devDependencies: { "vpcep-openapi": `file:${repoRoot}` } }, null, 2),
  );
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  const install = await runScript("npm install --offline --no-audit --no-fund --loglevel=error", dir, {});
  if (install.code !== 0) throw new Error(`npm install in ${dir} failed:\n${install.stderr}`);
  return dir;
}
