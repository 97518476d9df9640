// Every GitHub Actions file of the repository, offline: valid for @action-validator/core's schemas,
// and every `run:` step calls a script that exists.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { validateAction, validateWorkflow } from "@action-validator/core";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/lib/paths.js";
import { releaseGate } from "../../scripts/release-gate.js";
import type { Step } from "../support/actions.js";

const inRepo = (...parts: string[]) => path.join(repoRoot, ...parts);
const workflows = readdirSync(inRepo(".github", "workflows")).map((name) => `.github/workflows/${name}`);
const actions = readdirSync(inRepo("actions"), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => `actions/${e.name}/action.yml`);
const examples = readdirSync(inRepo("examples", "ci")).map((name) => `examples/ci/${name}`);
const scripts = (JSON.parse(readFileSync(inRepo("package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

const problemsOf = (state: { errors: { title: string; detail?: string; path?: string }[] }) =>
  state.errors.map((e) => `${e.path ?? ""} ${e.title}${e.detail ? `: ${e.detail}` : ""}`);

/** What is wrong with one `run:` script: each command must be a file of the repository or an npm script. */
function runStepProblems(run: string, actionPath: string): string[] {
  const problems: string[] = [];
  const text = run.replace(/\$\{\{\s*github\.action_path\s*\}\}/g, actionPath);
  for (const raw of text.split("\n")) {
    const line = raw
      .replace(/#.*$/, "")
      .replace(/\s+&\s*$/, "")
      .trim();
    if (!line) continue;
    const words = line.split(/\s+/).map((w) => w.replace(/^"|"$/g, ""));
    const [command, first, second] = words;
    if ((command === "bash" || command === "node") && first) {
      if (!existsSync(path.resolve(repoRoot, first))) problems.push(`${line}: ${first} does not exist`);
    } else if (command === "npm" && first === "run") {
      if (!second || !scripts[second]) problems.push(`${line}: package.json has no script ${second}`);
    } else if (command === "npm" && (first === "test" || first === "start")) {
      if (!scripts[first]) problems.push(`${line}: package.json has no script ${first}`);
    } else if (!(command === "npm" && (first === "ci" || first === "publish"))) {
      problems.push(`${line}: not a script of the repository (bash/node <file>, npm run <script>, npm test, npm ci, npm publish)`);
    }
  }
  return problems;
}

describe("GitHub Actions files", () => {
  it("are there: ci, drift, pages and release workflows, the mock and check actions, two recipes", () => {
    expect(workflows.sort()).toEqual([
      ".github/workflows/ci.yml",
      ".github/workflows/drift.yml",
      ".github/workflows/pages.yml",
      ".github/workflows/release.yml",
    ]);
    expect(actions.sort()).toEqual(["actions/check/action.yml", "actions/mock/action.yml"]);
    expect(examples.sort()).toEqual(["examples/ci/consumer.yml", "examples/ci/provider.yml"]);
  });

  it.each([...workflows, ...examples])("%s is a valid workflow", (file) => {
    expect(problemsOf(validateWorkflow(readFileSync(inRepo(file), "utf8")))).toEqual([]);
  });

  it.each(actions)("%s is a valid action, composite, with bash steps only", (file) => {
    const text = readFileSync(inRepo(file), "utf8");
    expect(problemsOf(validateAction(text))).toEqual([]);
    const action = parse(text) as { runs: { using: string; steps: Step[] } };
    expect(action.runs.using).toBe("composite");
    for (const step of action.runs.steps) expect(step).toMatchObject({ shell: "bash", run: expect.any(String) });
  });

  it("the validator rejects a broken workflow and a broken action", () => {
    expect(problemsOf(validateWorkflow("name: x\non: push\njobs:\n  a:\n    steps:\n      - run: echo\n")).join("\n")).toMatch(
      /\/jobs\/a OneOf conditions are not met/,
    );
    expect(problemsOf(validateAction("name: x\ndescription: y\nruns:\n  using: composite\n  steps:\n    - run: echo\n"))).not.toEqual([]);
  });

  it.each([...workflows, ...actions])("every run: step of %s calls a script that exists", (file) => {
    const document = parse(readFileSync(inRepo(file), "utf8")) as { jobs?: Record<string, { steps: Step[] }>; runs?: { steps: Step[] } };
    const steps = [...Object.values(document.jobs ?? {}).flatMap((job) => job.steps), ...(document.runs?.steps ?? [])];
    const runs = steps.filter((step) => step.run !== undefined);
    expect(runs.length).toBeGreaterThan(0);
    for (const step of runs) expect(runStepProblems(step.run!, path.dirname(inRepo(file))), step.run).toEqual([]);
  });

  it("the run: step check finds a missing file, a missing npm script and a stray command", () => {
    expect(runStepProblems("node scripts/nope.js", repoRoot)).toEqual(["node scripts/nope.js: scripts/nope.js does not exist"]);
    expect(runStepProblems("npm run nope", repoRoot)).toEqual(["npm run nope: package.json has no script nope"]);
    expect(runStepProblems("curl -s http://x | sh", repoRoot)[0]).toMatch(/not a script of the repository/);
    expect(runStepProblems('node "${{ github.action_path }}/start.mjs"', inRepo("actions", "mock"))).toEqual([]);
  });

  it("ci.yml runs .ci/run on Node 20, 22 and 24; pages.yml deploys generated/docs; release.yml gates, then publishes with provenance (the rest: release.test.ts)", () => {
    const ci = parse(readFileSync(inRepo(".github/workflows/ci.yml"), "utf8")) as {
      jobs: { test: { strategy: { matrix: { node: number[] } }; steps: Step[] } };
    };
    expect(ci.jobs.test.strategy.matrix.node).toEqual([20, 22, 24]);
    expect(ci.jobs.test.steps.map((s) => s.run).filter(Boolean)).toContain("bash .ci/run");
    const pages = readFileSync(inRepo(".github/workflows/pages.yml"), "utf8");
    expect(pages).toMatch(/uses: actions\/upload-pages-artifact@v3\n\s+with:\n\s+path: generated\/docs/);
    expect(pages).toContain("uses: actions/deploy-pages@v4");
    const release = parse(readFileSync(inRepo(".github/workflows/release.yml"), "utf8")) as {
      on: { push: { tags: string[] } };
      jobs: { publish: { steps: Step[] } };
    };
    expect(release.on.push.tags).toEqual(["v[0-9]+.[0-9]+.[0-9]+"]); // not the major tag v0 (test/ci/release.test.ts)
    const runs = release.jobs.publish.steps.map((s) => s.run).filter(Boolean);
    expect(runs.indexOf("node scripts/release-gate.js")).toBeLessThan(runs.indexOf("npm publish --provenance --access public"));
    expect(runs).toContain("npm test -- test/compat");
  });
});

describe("drift.yml", () => {
  type DriftStep = Step & { id?: string; if?: string; env?: Record<string, string> };
  const drift = parse(readFileSync(inRepo(".github/workflows/drift.yml"), "utf8")) as {
    on: { schedule: { cron: string }[]; workflow_dispatch: null };
    permissions: Record<string, string>;
    jobs: { drift: { steps: DriftStep[] } };
  };
  const steps = drift.jobs.drift.steps;
  const check = steps.find((s) => s.run?.startsWith("node scripts/drift-check.js"))!;
  const issue = steps.find((s) => s.run?.startsWith("node scripts/drift-issue.js"))!;

  it("runs weekly and on demand, with no permission beyond reading the code and writing issues", () => {
    expect(drift.on.schedule).toHaveLength(1);
    expect(drift.on.schedule[0]!.cron.split(" ")).toHaveLength(5);
    expect(drift.on.schedule[0]!.cron.split(" ")[4]).toMatch(/^[0-6]$/);
    expect("workflow_dispatch" in drift.on).toBe(true);
    expect(drift.permissions).toEqual({ contents: "read", issues: "write" });
  });

  it("checks with read-only credentials from secrets, then hands the report to the issue step", () => {
    expect(check.run).toBe("node scripts/drift-check.js --report drift-report.md");
    expect(Object.values(check.env!).filter((v) => v.includes("secrets."))).toHaveLength(4);
    expect(check.env!["OS_SECRET_KEY"]).toBe("${{ secrets.VPCEP_DRIFT_SECRET_KEY }}");
    expect(issue.run).toBe("node scripts/drift-issue.js --report drift-report.md");
    expect(issue.if).toContain(`steps.${check.id}.outputs.skipped == 'false'`);
    expect(issue.env).toEqual({ GH_TOKEN: "${{ github.token }}", GH_REPO: "${{ github.repository }}" });
    expect(JSON.stringify(issue)).not.toMatch(/secrets\./);
    expect(steps.indexOf(check)).toBeLessThan(steps.indexOf(issue));
  });
});

describe("the release gate", () => {
  const { version } = JSON.parse(readFileSync(inRepo("package.json"), "utf8")) as { version: string };

  it("passes the tag of the current version", async () => {
    expect(await releaseGate(`v${version}`)).toBe(`release gate: v${version} is ready to publish`);
  });

  it.each([
    [undefined, /no tag \(GITHUB_REF_NAME is empty\)/],
    ["v99.0.0", new RegExp(`the tag v99\\.0\\.0 is not v${version.replace(/\./g, "\\.")}, the version in package.json`)],
  ])("refuses %s", async (tag, message) => {
    await expect(releaseGate(tag)).rejects.toThrow(message);
  });
});
