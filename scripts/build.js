// @ts-check
// `npm run build`: every step in one process, one progress line each, stopping at the first failure.
// A step whose inputs and outputs did not change since its last successful run is skipped
// (`--force` runs them all). Each step's module is loaded only when the step runs, so a rebuild
// with no change loads none of the tools.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { commandLine, isMain, OUT_FLAG, SOURCE_FLAG } from "./lib/cli.js";
import { hashEntries, readState, writeState } from "./lib/incremental.js";
import { generatedDir, outputPath, redoclyConfig, repoRoot, sourceDocument } from "./lib/paths.js";
import { distDirFor } from "./lib/dist.js";

/**
 * @typedef {object} Step
 * @property {string} name
 * @property {(outDir: string, source: string) => Promise<string>} run
 * @property {(outDir: string, source: string) => string[]} inputs files and folders whose content decides the output
 * @property {(outDir: string) => string[]} outputs what the step writes
 * @property {string} [startsAfter] starts as soon as this step is done (or at once when it is not
 *   part of the run), alongside the steps in between; its line still comes in order
 */

// What every step depends on besides its own inputs: the pipeline's code and the tools' versions.
const PIPELINE = [path.join(repoRoot, "scripts"), path.join(repoRoot, "package-lock.json")];
const sourceFolder = (/** @type {string} */ source) => path.dirname(source);
const bundled = (/** @type {string} */ outDir) => [outputPath(outDir, "bundleJson")];

/** The steps that produce the committed files, in order. @type {Step[]} */
export const contractSteps = [
  {
    name: "lint",
    run: async (_outDir, source) => (await import("./lint.js")).lintDocument(source),
    inputs: (_outDir, source) => [sourceFolder(source), redoclyConfig],
    outputs: () => [],
  },
  {
    name: "bundle",
    run: async (outDir, source) => (await import("./bundle.js")).writeBundle(outDir, source),
    inputs: (_outDir, source) => [sourceFolder(source), redoclyConfig, path.join(repoRoot, "package.json")],
    outputs: (outDir) => [outputPath(outDir, "bundleJson"), outputPath(outDir, "bundleYaml")],
  },
  {
    name: "types",
    run: async (outDir) => (await import("./types.js")).writeTypes(outDir),
    inputs: bundled,
    outputs: (outDir) => [outputPath(outDir, "types")],
  },
  {
    name: "client",
    run: async (outDir) => (await import("./client.js")).writeClient(outDir),
    inputs: bundled,
    outputs: (outDir) => [outputPath(outDir, "operations"), outputPath(outDir, "rawClient")],
  },
  {
    name: "contract",
    run: async (outDir) => (await import("./contract.js")).writeContract(outDir),
    inputs: bundled,
    outputs: (outDir) => [outputPath(outDir, "contract"), outputPath(outDir, "contractTypes")],
  },
  {
    name: "facts",
    run: async (outDir) => (await import("./facts.js")).writeFacts(outDir),
    inputs: bundled,
    outputs: (outDir) => [outputPath(outDir, "facts"), outputPath(outDir, "factsTypes")],
  },
  {
    name: "arazzo",
    run: async (outDir) => (await import("./arazzo.js")).writeArazzo(outDir),
    inputs: (outDir) => [...bundled(outDir), redoclyConfig],
    outputs: (outDir) => [outputPath(outDir, "arazzo")],
  },
  {
    name: "openapi30",
    run: async (outDir) => (await import("./openapi30.js")).writeOpenApi30(outDir),
    inputs: bundled,
    outputs: (outDir) => [outputPath(outDir, "openapi30Json"), outputPath(outDir, "openapi30Yaml")],
  },
];

/** Compiles src/ and generated/ (the committed copy: the package ships it) to dist/. @type {Step} */
export const compileStep = {
  name: "compile",
  run: async (outDir) => (await import("./compile.js")).compileRuntime(distDirFor(outDir)),
  inputs: () => [
    path.join(repoRoot, "src"),
    .../** @type {const} */ (["operations", "rawClient", "types", "contract", "contractTypes", "facts", "factsTypes"]).map((name) =>
      outputPath(generatedDir, name),
    ),
    path.join(repoRoot, "tsconfig.json"),
    path.join(repoRoot, "tsconfig.build.json"),
  ],
  outputs: (outDir) => [distDirFor(outDir)],
};

/** Redoc's HTML build, a child process that needs only the bundle: it runs alongside the rest. @type {Step} */
export const docsStep = {
  name: "docs",
  startsAfter: "bundle",
  run: async (outDir) => (await import("./docs.js")).writeDocs(outDir),
  inputs: (outDir) => [outputPath(outDir, "bundleYaml"), redoclyConfig],
  outputs: (outDir) => [outputPath(outDir, "docs")],
};

/** The README and the guides (docs/*.md) as the site's HTML pages, beside the reference. @type {Step} */
export const guidesStep = {
  name: "guides",
  run: async (outDir) => (await import("./guides.js")).writeGuides(outDir),
  inputs: () => [path.join(repoRoot, "README.md"), path.join(repoRoot, "docs")],
  outputs: (outDir) => [path.join(path.dirname(outputPath(outDir, "docs")), "guides")],
};

/** @type {Step[]} */
export const allSteps = [...contractSteps, compileStep, docsStep, guidesStep];

/**
 * @typedef {object} RunOptions
 * @property {(line: string) => void} [log]
 * @property {boolean} [force] run every step, whatever was recorded
 * @property {boolean} [incremental] skip unchanged steps and record what ran (default true)
 */

/**
 * @param {Step[]} steps @param {string} outDir @param {string} source
 * @param {((line: string) => void) | RunOptions} [options] a log function, or options
 */
export async function runSteps(steps, outDir, source, options = {}) {
  const { log = console.log, force = false, incremental = true } = typeof options === "function" ? { log: options } : options;
  const state = incremental ? await readState(outDir) : {};
  const pipeline = incremental ? await hashEntries(PIPELINE) : "";

  /** Decides whether `step` must run and, if so, starts it. @param {Step} step */
  const launch = async (step) => {
    const started = performance.now();
    const inputs = incremental ? `${pipeline}:${await hashEntries(step.inputs(outDir, source))}` : "";
    const recorded = state[step.name];
    if (incremental && !force && recorded?.inputs === inputs && recorded.outputs === (await hashEntries(step.outputs(outDir)))) {
      return { started, inputs, outcome: undefined };
    }
    const outcome = step.run(outDir, source).then(
      (result) => ({ ok: /** @type {const} */ (true), result }),
      (error) => ({ ok: /** @type {const} */ (false), error }),
    );
    return { started, inputs, outcome };
  };
  /** @type {Map<string, ReturnType<typeof launch>>} */
  const launched = new Map();
  /** Starts the steps that wait only for `name` (undefined: for a step not in this run). @param {string | undefined} name */
  const launchAfter = (name) => {
    for (const step of steps) {
      const waitsFor =
        step.startsAfter !== undefined && steps.some((other) => other.name === step.startsAfter) ? step.startsAfter : undefined;
      if (step.startsAfter !== undefined && waitsFor === name && !launched.has(step.name)) {
        const started = launch(step);
        started.catch(() => {}); // awaited in order below
        launched.set(step.name, started);
      }
    }
  };

  try {
    launchAfter(undefined);
    for (const [index, step] of steps.entries()) {
      const label = `[${index + 1}/${steps.length}]`;
      const pending = launched.get(step.name) ?? launch(step);
      launched.set(step.name, pending);
      const { started, inputs, outcome } = await pending;
      if (outcome === undefined) {
        log(`${label} ${step.name}: unchanged, skipped (${Math.round(performance.now() - started)} ms)`);
      } else {
        const done = await outcome;
        if (!done.ok) {
          log(`${label} ${step.name}: FAILED`);
          if (incremental && state[step.name]) {
            delete state[step.name];
            await writeState(outDir, state).catch(() => {});
          }
          throw done.error;
        }
        log(`${label} ${done.result} (${Math.round(performance.now() - started)} ms)`);
        if (incremental) {
          state[step.name] = { inputs, outputs: await hashEntries(step.outputs(outDir)) };
          await mkdir(outDir, { recursive: true });
          await writeState(outDir, state);
        }
      }
      launchAfter(step.name);
    }
  } catch (error) {
    // A step started early (a child process) may still be running: let it end before reporting.
    await Promise.allSettled([...launched.values()].map(async (pending) => (await pending).outcome));
    throw error;
  }
}

export const BUILD_FLAGS = {
  ...SOURCE_FLAG,
  ...OUT_FLAG,
  force: { type: /** @type {const} */ ("boolean"), description: "run every step, even those whose inputs did not change" },
};

if (isMain(import.meta.url)) {
  const flags = commandLine("npm run build --", BUILD_FLAGS);
  try {
    await runSteps(allSteps, flags.out ?? generatedDir, flags.source ?? sourceDocument, { force: flags.force ?? false });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
