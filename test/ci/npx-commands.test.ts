// Every `npx` command in the README, docs/ and examples/ runs the package it names. `npx redocly`
// installs the unrelated package `redocly`, which prints a joke and exits 0: a CI step copied from
// the docs would pass having checked nothing. So each command must name a package this one lists
// (dependency, devDependency or peer) or one of this package's own bins, and that package must
// have the executable npx would run (one bin, or one named after it, as npm exec picks it).
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/lib/paths.js";

interface Manifest {
  name: string;
  bin?: string | Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const own = JSON.parse(await readFile(path.join(repoRoot, "package.json"), "utf8")) as Manifest;
const listed = new Set([own.name, ...Object.keys({ ...own.dependencies, ...own.devDependencies, ...own.peerDependencies })]);
const binsOf = (manifest: Manifest): Record<string, string> =>
  typeof manifest.bin === "string" ? { [manifest.name.replace(/^@[^/]+\//, "")]: manifest.bin } : (manifest.bin ?? {});
const ownBins = new Set(Object.keys(binsOf(own)));

async function manifestOf(name: string): Promise<Manifest | undefined> {
  if (name === own.name) return own;
  const text = await readFile(path.join(repoRoot, "node_modules", name, "package.json"), "utf8").catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as Manifest);
}

/** The executable `npx <package>` runs, as npm exec picks it; undefined when it cannot pick one. */
function executableOf(manifest: Manifest): string | undefined {
  const bins = binsOf(manifest);
  if (new Set(Object.values(bins)).size === 1) return Object.keys(bins)[0];
  const unscoped = manifest.name.replace(/^@[^/]+\//, "");
  return bins[unscoped] === undefined ? undefined : unscoped;
}

/** A package spec without its version (`vpcep-openapi@<version>` → vpcep-openapi, `@redocly/cli@2` → @redocly/cli). */
const packageName = (spec: string) => spec.replace(/^(@?[^@]+)@.*$/, "$1");

interface NpxCommand {
  packages: string[];
  command: string;
}

/** Reads one `npx …` command line: its --package/-p specs and the command word after the flags. */
function readNpx(line: string): NpxCommand | undefined {
  const words = line.trim().split(/\s+/);
  const packages: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === "--package" || word === "-p") packages.push(words[++i] ?? "");
    else if (word.startsWith("--package=")) packages.push(word.slice("--package=".length));
    else if (word === "--") continue;
    else if (word.startsWith("-")) continue;
    else return { packages, command: word.replace(/[`"'),;]+$/, "") };
  }
  return undefined;
}

/** What is wrong with one command, or undefined. */
async function problemOf({ packages, command }: NpxCommand): Promise<string | undefined> {
  if (packages.length > 0) {
    for (const spec of packages) if (!listed.has(packageName(spec))) return `--package ${spec} is not a package this one lists`;
    const bins = await Promise.all(packages.map(async (spec) => Object.keys(binsOf((await manifestOf(packageName(spec))) ?? own))));
    return bins.flat().includes(command) ? undefined : `no package given with --package has the executable ${command}`;
  }
  if (ownBins.has(command)) return undefined;
  const name = packageName(command);
  if (!listed.has(name))
    return `${name} is not a package this one lists (a bin of another package? name the package: npx <package> <args>)`;
  const manifest = await manifestOf(name);
  if (manifest === undefined) return `${name} is not installed here, so its executable cannot be checked`;
  return executableOf(manifest) === undefined ? `npx ${name} cannot pick an executable: it has several bins` : undefined;
}

async function documentationFiles(): Promise<string[]> {
  const files = ["README.md"];
  for (const dir of ["docs", "examples"]) {
    const entries = await readdir(path.join(repoRoot, dir), { recursive: true }).catch(() => [] as string[]);
    files.push(...entries.filter((file) => /\.(md|ts|js|mjs|ya?ml|sh|json)$/.test(file)).map((file) => path.join(dir, file)));
  }
  return files;
}

describe("npx commands in the README, docs/ and examples/", () => {
  it("each names a package this one lists, or its own bin, with an executable npx can pick", async () => {
    const found: string[] = [];
    const problems: string[] = [];
    for (const file of await documentationFiles()) {
      const text = await readFile(path.join(repoRoot, file), "utf8");
      for (const match of text.matchAll(/\bnpx\s+([^\n`|&;]*)/g)) {
        const npx = readNpx(match[1]!);
        if (npx === undefined) continue;
        found.push(npx.command);
        const problem = await problemOf(npx);
        if (problem) problems.push(`${file}: npx ${match[1]!.trim()}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
    // The scan sees the commands it is meant to see.
    expect(found).toEqual(expect.arrayContaining(["vpcep-mock", "vpcep-contract", "@redocly/cli"]));
  });

  it("refuses a bin named as if it were its package, an unlisted package, and a package npx cannot pick a bin of", async () => {
    expect(await problemOf(readNpx("redocly respect x.yaml")!)).toMatch(/redocly is not a package this one lists/);
    expect(await problemOf(readNpx("prism mock x.yaml")!)).toMatch(/prism is not a package this one lists/);
    expect(await problemOf(readNpx("--package left-pad vpcep-mock")!)).toMatch(/not a package this one lists/);
    expect(await problemOf(readNpx("--yes --package vpcep-openapi@1.2.3 -- vpcep-nothing")!)).toMatch(/no package .* has the executable/);
    // This package has two bins: npx cannot pick one by the package's name alone.
    expect(await problemOf(readNpx("vpcep-openapi@1.2.3 --stateful")!)).toMatch(/cannot pick an executable/);
    for (const line of [
      "@redocly/cli respect x.yaml",
      "@stoplight/prism-cli mock x",
      "msw init public/",
      "vpcep-mock --stateful",
      "--yes --package vpcep-openapi@0.2.1 -- vpcep-contract check",
    ])
      expect(await problemOf(readNpx(line)!), line).toBeUndefined();
  });
});
