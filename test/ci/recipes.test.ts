// The guides' CI recipes are the files examples/ci/*.yml, embedded verbatim (docs/testing.md,
// docs/contract-checks.md); here their jobs run, step by step, in a consumer's repository that
// installs this checkout.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { exampleServices } from "../../generated/contract-validators.js";
import { repoRoot } from "../../scripts/lib/paths.js";
import { consumerWorkspace, killStarted, runJob, type Step } from "../support/actions.js";
import { TIMEOUTS, within } from "../support/timeouts.js";
import { freePort } from "../support/loopback.js";

/** A recipe of examples/: `consumer.yml` (in examples/ci/, GitHub Actions) or a path such as `gitlab/gitlab-ci.yml`. */
const recipe = (name: string) => readFileSync(path.join(repoRoot, "examples", name.includes("/") ? name : `ci/${name}`), "utf8");
const recipePath = (name: string) => `examples/${name.includes("/") ? name : `ci/${name}`}`;
const workflow = (name: string) => parse(recipe(name)) as Parameters<typeof runJob>[0];
const workspaces: string[] = [];
afterEach(() => killStarted());
afterAll(async () => {
  for (const dir of workspaces) await rm(dir, { recursive: true, force: true });
});

/** Stands in for the runner's own actions: checkout and setup-node are the test's cwd and Node; upload-artifact must find its file. */
const uploads: string[] = [];
const onUses = (cwd: string) => (step: Step, inputs: Record<string, string>) => {
  if (/^actions\/(checkout|setup-node)@v4$/.test(step.uses ?? "")) return;
  if (step.uses === "actions/upload-artifact@v4") {
    if (!existsSync(path.join(cwd, inputs["path"]!))) throw new Error(`upload-artifact: ${inputs["path"]} does not exist`);
    uploads.push(inputs["path"]!);
    return;
  }
  throw new Error(`the recipe uses ${step.uses}, which this test cannot stand in for`);
};

const stepOutput = (run: Awaited<ReturnType<typeof runJob>>, match: (step: Step) => boolean) => {
  const found = run.steps.find((s) => match(s.step));
  return found ? `${found.stdout}${found.stderr}` : undefined;
};

describe("the guides' CI recipes", () => {
  it.each([
    ["consumer.yml", "testing.md"],
    ["provider.yml", "contract-checks.md"],
    ["gitlab/gitlab-ci.yml", "contract-checks.md"],
  ])("%s is embedded verbatim in docs/%s between its markers", (name, guide) => {
    const text = readFileSync(path.join(repoRoot, "docs", guide), "utf8");
    const marker = recipePath(name).replaceAll(".", "\\.");
    const block = new RegExp(`<!-- BEGIN ${marker} -->\\n\`\`\`yaml\\n([\\s\\S]*?)\`\`\`\\n<!-- END ${marker} -->`).exec(text);
    expect(block, `docs/${guide} has no block between <!-- BEGIN/END ${recipePath(name)} -->`).not.toBeNull();
    expect(block![1]).toBe(recipe(name));
  });

  const consumerTest = `
const base = process.env.VPCEP_BASE_URL;
if (!base) throw new Error("VPCEP_BASE_URL is not set");
const page = await (await fetch(base + "/v1/p/vpc-endpoint-services?limit=1000", { headers: { "X-Auth-Token": "t" } })).json();
console.log("consumer test saw " + page.total_count + " services");
if (page.total_count !== 2) process.exit(1);
`;

  it("examples/ci/consumer.yml: the mock comes up with the seed data and the consumer's tests reach it", async () => {
    const cwd = await consumerWorkspace(
      { test: "node test/calls.mjs" },
      { "test/calls.mjs": consumerTest, "test/vpcep-services.json": JSON.stringify(exampleServices.slice(0, 2)) },
    );
    workspaces.push(cwd);
    const run = await runJob(workflow("consumer.yml"), "test", { cwd, onUses: onUses(cwd) });
    expect(stepOutput(run, (s) => s.run === "npm test")).toContain("consumer test saw 2 services");
    expect(run.code).toBe(0);
  });

  it("examples/ci/consumer.yml: a typo in the data file fails the mock step at once, naming the file, and the tests do not run", async () => {
    const cwd = await consumerWorkspace(
      { test: "node test/calls.mjs" },
      { "test/calls.mjs": consumerTest, "test/vpcep-service.json": "[]" },
    );
    workspaces.push(cwd);
    const started = performance.now();
    const run = await runJob(workflow("consumer.yml"), "test", { cwd, onUses: onUses(cwd) });
    expect(run.code).toBe(1);
    expect(stepOutput(run, (s) => s.id === "mock")).toMatch(/input data names test\/vpcep-services\.json, which does not exist/);
    expect(run.steps.some((s) => s.step.run === "npm test")).toBe(false);
    expect(performance.now() - started).toBeLessThan(within(20_000));
  });

  it("examples/ci/provider.yml: waits for the server `npm start` backgrounds, checks it, and leaves JUnit and a summary", async () => {
    // The server checks the token it is given (a wrong one is refused): the mock's own, from its environment.
    const cwd = await consumerWorkspace({ start: "VPCEP_MOCK_TOKENS=token-value vpcep-mock --stateful --port $PORT" });
    workspaces.push(cwd);
    const run = await runJob(workflow("provider.yml"), "contract", {
      cwd,
      env: { PORT: String(await freePort()) },
      secrets: { VPCEP_TEST_TOKEN: "token-value" },
      vars: { VPCEP_PROJECT_ID: "p" },
      onUses: onUses(cwd),
    });
    expect(run.code).toBe(0);
    expect(run.summary).toMatch(/^### vpcep-contract check: 50 passed, 0 failed, 0 skipped$/m);
    expect(await readFile(path.join(cwd, "vpcep-contract.xml"), "utf8")).toMatch(/tests="50" failures="0"/);
    expect(uploads).toContain("vpcep-contract.xml");
    expect(run.steps.map((s) => `${s.stdout}${s.stderr}`).join("")).not.toContain("token-value");
  });

  it("examples/ci/provider.yml: without the secret the check stops with one message naming the credential, exit 3, and the server log is shown", async () => {
    const cwd = await consumerWorkspace({ start: "vpcep-mock --stateful --port $PORT" });
    workspaces.push(cwd);
    const run = await runJob(workflow("provider.yml"), "contract", {
      cwd,
      env: { PORT: String(await freePort()) },
      vars: { VPCEP_PROJECT_ID: "p" },
      onUses: onUses(cwd),
    });
    expect(run.code).toBe(1);
    const check = run.steps.find((s) => s.step.uses?.endsWith("actions/check@v0"))!;
    expect(check.code).toBe(3);
    expect(
      check.stderr.match(
        /^::error title=vpcep-contract check%3A could not test::the server answered 401 to GET \/v1\/p\/vpc-endpoint-services: no credentials were sent; set OS_TOKEN/gm,
      ),
    ).toHaveLength(1);
    expect(stepOutput(run, (s) => s.run === "cat server.log")).toMatch(/vpcep-mock: ready at/);
  });

  it("examples/ci/provider.yml: a server that never comes up fails the check within `wait`, exit 3", async () => {
    const cwd = await consumerWorkspace({ start: "node -e \"console.error('server: missing DATABASE_URL'); process.exit(1)\"" });
    workspaces.push(cwd);
    const short = workflow("provider.yml");
    const checkStep = short.jobs["contract"]!.steps.find((s) => s.uses?.endsWith("actions/check@v0"))!;
    expect(checkStep.with?.["wait"]).toBe(60);
    checkStep.with!["wait"] = 2; // the recipe's bound, shortened for the test
    const run = await runJob(short, "contract", {
      cwd,
      env: { PORT: String(await freePort()) },
      secrets: { VPCEP_TEST_TOKEN: "t" },
      onUses: onUses(cwd),
    });
    expect(run.code).toBe(1);
    expect(stepOutput(run, (s) => !!s.uses?.endsWith("actions/check@v0"))).toMatch(
      /no HTTP answer at http:\/\/127\.0\.0\.1:\d+ within 2 s \(--wait\)/,
    );
    expect(stepOutput(run, (s) => s.run === "cat server.log")).toContain("server: missing DATABASE_URL");
  });
  /** Runs the GitLab job's script lines in one shell, as GitLab's runner does (bash, errexit), then stops what they started. */
  async function runGitlabScript(cwd: string, env: Record<string, string>) {
    const job = (parse(recipe("gitlab/gitlab-ci.yml")) as { contract: { script: string[] } }).contract;
    // `npm ci` stands for the install consumerWorkspace has already done (offline).
    const lines = job.script.filter((line) => line !== "npm ci");
    expect(lines).toHaveLength(job.script.length - 1);
    const child = spawn("bash", ["-eo", "pipefail", "-c", lines.join("\n")], {
      cwd,
      env: { ...process.env, CI: "true", OS_TOKEN: "", ...env },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    try {
      const code = await new Promise<number | null>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`the GitLab script did not end within ${within(90_000)} ms:\n${output}`)),
          within(90_000),
        );
        child.on("exit", (exitCode) => {
          clearTimeout(timer);
          resolve(exitCode);
        });
      });
      return { code, output };
    } finally {
      try {
        process.kill(-child.pid!, "SIGTERM"); // the server `npm start` left in the background
      } catch {}
    }
  }

  it(
    "examples/gitlab/gitlab-ci.yml: the script checks the server `npm start` backgrounds and leaves JUnit for GitLab",
    async () => {
      // A mock that checks the token: one without credentials accepts any token and fails auth-wrong.
      const cwd = await consumerWorkspace({ start: "VPCEP_MOCK_TOKENS=token-value vpcep-mock --stateful --port $PORT" });
      workspaces.push(cwd);
      const { code, output } = await runGitlabScript(cwd, { PORT: String(await freePort()), OS_TOKEN: "token-value" });
      expect(code, output).toBe(0);
      expect(await readFile(path.join(cwd, "vpcep-contract.xml"), "utf8")).toMatch(/tests="50" failures="0"/);
      expect(output).not.toContain("token-value");
    },
    TIMEOUTS.heavyTest,
  );

  it(
    "examples/gitlab/gitlab-ci.yml: without the token the job fails with the check's exit code 3 and shows the server log",
    async () => {
      const cwd = await consumerWorkspace({ start: "vpcep-mock --stateful --port $PORT" });
      workspaces.push(cwd);
      const { code, output } = await runGitlabScript(cwd, { PORT: String(await freePort()) });
      expect(code, output).toBe(3);
      expect(output).toMatch(/no credentials were sent; set OS_TOKEN/);
      expect(output).toMatch(/vpcep-mock: ready at/); // cat server.log
    },
    TIMEOUTS.heavyTest,
  );
});
