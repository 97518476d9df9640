// The README and the guides cannot drift from the code: every code block is run by a test or says
// why not, every flag of both bins is documented, every export is documented and every documented
// export exists, no page names a file the package does not ship, and each guide's Contents lists
// its sections. The conventions are in CONTRIBUTING.md ("Documentation").
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { githubSlug, MAINTAINER_PAGES, sitePages, type Page } from "../../scripts/guides.js";
import { repoRoot } from "../../scripts/lib/paths.js";
import { CHECKS } from "../../src/contract/problems.js";
import { main as contractMain } from "../../src/cli/contract.js";
import { main as mockMain } from "../../src/cli/mock.js";
import { runMain } from "../support/cli.js";
import { TIMEOUTS } from "../support/timeouts.js";

const exec = promisify(execFile);
// Required, not imported: see scripts/module-graph.js.
const ts = createRequire(import.meta.url)("typescript") as typeof import("typescript");
const read = (source: string) => readFileSync(path.join(repoRoot, source), "utf8");
let pages: Page[] = [];
beforeAll(async () => {
  pages = await sitePages();
});
const allText = () => pages.map((page) => read(page.source)).join("\n");

interface Block {
  line: number;
  marker: string | undefined;
  body: string;
}

/** Every fenced block of a Markdown text, with the non-empty line before it (its marker, if a comment). */
function codeBlocks(text: string): Block[] {
  const lines = text.split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(```+|~~~+)/.exec(lines[i]!);
    if (!fence) continue;
    const start = i;
    let end = i + 1;
    while (end < lines.length && !lines[end]!.startsWith(fence[1]!)) end++;
    let before = start - 1;
    while (before >= 0 && lines[before]!.trim() === "") before--;
    const previous = before >= 0 ? lines[before]!.trim() : "";
    blocks.push({
      line: start + 1,
      marker: /^<!--.*-->$/.test(previous) ? previous : undefined,
      body: lines.slice(start + 1, end).join("\n"),
    });
    i = end;
  }
  return blocks;
}

const testFiles = (dir = path.join(repoRoot, "test")): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? testFiles(path.join(dir, entry.name)) : /\.test\.ts$/.test(entry.name) ? [path.join(dir, entry.name)] : [],
  );

/** What is wrong with the code blocks of `text` (the page `source`), given the test files' contents. */
function blockProblems(source: string, text: string, tests: readonly string[]): string[] {
  const problems: string[] = [];
  for (const block of codeBlocks(text)) {
    const where = `${source}:${block.line}`;
    const included = /^<!-- BEGIN (examples\/\S+) -->$/.exec(block.marker ?? "");
    const tested = /^<!-- tested: (test\/\S+\.test\.ts)\b.*-->$/.exec(block.marker ?? "");
    const notRun = /^<!-- not-run: (.*\S.*) -->$/.exec(block.marker ?? "");
    if (included) {
      const file = included[1]!;
      if (!existsSync(path.join(repoRoot, file))) problems.push(`${where}: ${file} does not exist`);
      else if (`${block.body}\n` !== read(file)) problems.push(`${where}: the block differs from ${file}; copy the file into it`);
      const endMarker = `<!-- END ${file} -->`;
      if (!text.includes(`${block.body}\n\`\`\`\n${endMarker}`)) problems.push(`${where}: no ${endMarker} after the block`);
      if (!tests.some((test) => test.includes(file))) problems.push(`${where}: no test under test/ runs ${file}`);
    } else if (tested) {
      const file = tested[1]!;
      if (!existsSync(path.join(repoRoot, file))) problems.push(`${where}: ${file} does not exist`);
      else if (!read(file).includes(source)) problems.push(`${where}: ${file} does not read ${source}`);
    } else if (!notRun) {
      problems.push(
        `${where}: a code block without a marker: put <!-- BEGIN examples/… -->, <!-- tested: test/….test.ts … --> or <!-- not-run: why --> on the line before it (CONTRIBUTING.md, "Documentation")`,
      );
    }
  }
  return problems;
}

describe("the code blocks of the README and the guides", () => {
  it("covers the README and every published guide, and leaves out the maintainers' pages and docs/incoming/", () => {
    const sources = pages.map((page) => page.source);
    expect(sources[0]).toBe("README.md");
    expect(sources).toEqual(expect.arrayContaining(["docs/calling.md", "docs/testing.md", "docs/contract-checks.md", "docs/contract.md"]));
    for (const name of MAINTAINER_PAGES) expect(sources).not.toContain(`docs/${name}`);
    expect(sources.some((source) => source.startsWith("docs/incoming/"))).toBe(false);
  });

  it("each carries a marker: an examples/ file a test runs, a test that runs it, or why it is not run", () => {
    // This file names example files in its own cases: it does not count as running them.
    const tests = testFiles()
      .filter((file) => file !== import.meta.filename)
      .map((file) => readFileSync(file, "utf8"));
    const problems = pages.flatMap((page) => blockProblems(page.source, read(page.source), tests));
    expect(codeBlocks(allText()).length).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });

  it("names an unmarked block, an empty reason, a block that differs from its file, and an example no test runs", () => {
    const file = "examples/quickstart/services.json";
    const text = [
      "```sh\nnpm test\n```",
      "<!-- not-run:  -->\n```sh\nx\n```",
      `<!-- BEGIN ${file} -->\n\`\`\`json\n[]\n\`\`\`\n<!-- END ${file} -->`,
      "<!-- not-run: a fragment -->\n```ts\nx\n```",
    ].join("\n\n");
    expect(blockProblems("sample.md", text, [])).toEqual([
      expect.stringMatching(/^sample\.md:1: a code block without a marker/),
      expect.stringMatching(/^sample\.md:6: a code block without a marker/),
      `sample.md:11: the block differs from ${file}; copy the file into it`,
      `sample.md:11: no test under test/ runs ${file}`,
    ]);
  });
});

/** The flags a bin's help prints, as `--name` (its `main` run in process: the help is what main prints). */
async function helpFlags(bin: "vpcep-mock" | "vpcep-contract", ...args: string[]): Promise<string[]> {
  const { code, output } = await runMain(bin === "vpcep-mock" ? mockMain : contractMain, [...args, "--help"]);
  expect(code, `${bin} ${args.join(" ")} --help`).toBe(0);
  return [...new Set(output.match(/--[a-z][a-z0-9-]*/g) ?? [])];
}

describe("every flag of both bins appears in the guides", () => {
  it.each([
    ["vpcep-mock", []],
    ["vpcep-contract", []],
    ["vpcep-contract", ["check"]],
    ["vpcep-contract", ["validate"]],
  ] as const)(
    "%s %s --help",
    async (bin, args) => {
      const flags = await helpFlags(bin, ...args);
      expect(flags.length).toBeGreaterThan(3);
      const text = allText();
      const missing = flags.filter((flag) => !new RegExp(`${flag}(?![a-z0-9-])`).test(text));
      expect(
        missing,
        `flags of ${bin} ${args.join(" ")} --help that no guide names: document them (docs/testing.md, docs/contract-checks.md)`,
      ).toEqual([]);
    },
    TIMEOUTS.test,
  );

  it("names every check of vpcep-contract in the contract checks guide", () => {
    const guide = read("docs/contract-checks.md");
    const missing = Object.keys(CHECKS).filter((check) => check !== "case" && !guide.includes(`\`${check}\``));
    expect(missing, "checks that docs/contract-checks.md does not name").toEqual([]);
  });
});

interface EntryExports {
  entry: string;
  names: string[];
}

/** Every export (values and types) of every module entry of package.json, read from the compiled declarations. */
function packageExports(): EntryExports[] {
  const pkg = JSON.parse(read("package.json")) as { name: string; exports: Record<string, string | { types?: string }> };
  const entries = Object.entries(pkg.exports).flatMap(([key, target]) =>
    typeof target === "object" && target.types
      ? [{ entry: key === "." ? pkg.name : `${pkg.name}/${key.slice(2)}`, file: target.types }]
      : [],
  );
  const files = entries.map((e) => path.join(repoRoot, e.file));
  for (const file of files) expect(existsSync(file), `${file} (run npm run build)`).toBe(true);
  // Export names need no standard library or global types: without them the program is a quarter
  // of the files (68, not 281) and about a fifth of the CPU, with the same names.
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    noEmit: true,
    noLib: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  return entries.map(({ entry }, index) => {
    const source = program.getSourceFile(files[index]!)!;
    const symbol = checker.getSymbolAtLocation(source)!;
    return { entry, names: checker.getExportsOfModule(symbol).map((s) => s.name) };
  });
}

/** The rows of docs/contract.md's Exports table: entry → names. */
function documentedExports(): Map<string, string[]> {
  const guide = read("docs/contract.md");
  const section = /\n## Exports\n([\s\S]*?)(?:\n## |$)/.exec(guide)?.[1] ?? "";
  const rows = new Map<string, string[]>();
  for (const match of section.matchAll(/^\| `([^`]+)` \| (.*) \|$/gm)) {
    rows.set(
      match[1]!,
      [...match[2]!.matchAll(/`([A-Za-z_$][\w$]*)`/g)].map((m) => m[1]!),
    );
  }
  return rows;
}

describe("every export is documented, and every documented export exists", () => {
  let exported: EntryExports[] = [];
  let documented = new Map<string, string[]>();
  beforeAll(() => {
    exported = packageExports();
    documented = documentedExports();
  }, TIMEOUTS.heavyTest);

  it("reads the five module entries and the table", () => {
    expect(exported.map((e) => e.entry)).toEqual(
      expect.arrayContaining(["vpcep-openapi", "vpcep-openapi/types", "vpcep-openapi/raw", "vpcep-openapi/contract", "vpcep-openapi/msw"]),
    );
    expect(documented.size).toBeGreaterThanOrEqual(5);
  });

  it("each entry of package.json has a row in docs/contract.md's Exports table, and each row an entry", () => {
    const entries = exported.map((e) => e.entry);
    expect(
      entries.filter((entry) => !documented.has(entry)),
      "entries with no row in docs/contract.md's Exports table",
    ).toEqual([]);
    expect(
      [...documented.keys()].filter((entry) => !entries.includes(entry)),
      "rows of docs/contract.md's Exports table for no entry",
    ).toEqual([]);
  });

  it("each row lists exactly its entry's exports", () => {
    const problems: string[] = [];
    for (const { entry, names } of exported) {
      const listed = documented.get(entry) ?? [];
      for (const name of names.filter((n) => !listed.includes(n)))
        problems.push(`${entry} exports ${name}: not in docs/contract.md#exports`);
      for (const name of listed.filter((n) => !names.includes(n)))
        problems.push(`docs/contract.md#exports lists ${name} for ${entry}: not exported`);
    }
    expect(problems).toEqual([]);
  });

  it("every exported name is explained somewhere in the guides besides the table", () => {
    const text = pages
      .map((page) => read(page.source))
      .join("\n")
      .replace(/\n## Exports\n[\s\S]*?(?=\n## )/, "");
    const unexplained = [...new Set(exported.flatMap((e) => e.names))].filter((name) => !new RegExp(`\\b${name}\\b`).test(text));
    expect(unexplained, "exports the guides never describe (only the Exports table names them)").toEqual([]);
  });
});

const REPOSITORY_LINK = /https:\/\/github\.com\/vpcep-openapi\/vpcep-openapi\/[^\s)>\]]*/g;
/** Folders of the repository a reader could take for the package's. */
const PATH_LIKE = /(?<![\w./@-])((?:src|test|scripts|bench|examples|actions|openapi|generated|dist|bin|docs|\.github|\.ci)\/[\w./-]*)/g;

/** The prose a reader sees: no code blocks, no comments, no links into the repository. */
function prose(markdown: string): string {
  return markdown
    .replace(/^(```+|~~~+)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(REPOSITORY_LINK, "");
}

describe("no page names a file the package does not ship", () => {
  let shipped: string[] = [];
  beforeAll(async () => {
    const { stdout } = await exec("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: repoRoot,
      maxBuffer: 64 * 1024 * 1024,
    });
    shipped = (JSON.parse(stdout) as [{ files: { path: string }[] }])[0].files.map((f) => f.path);
  }, TIMEOUTS.heavyTest);

  const isShipped = (name: string) => {
    const clean = name.replace(/[.]+$/, "");
    return shipped.some((file) => file === clean || file.startsWith(clean.endsWith("/") ? clean : `${clean}/`));
  };

  it("reads the packed file list", () => {
    expect(shipped).toContain("dist/src/index.js");
    expect(shipped).not.toContain("src/index.ts");
    expect(isShipped("generated/openapi.yaml")).toBe(true);
    expect(isShipped("src/client/errors.ts")).toBe(false);
  });

  it("in the README and the guides, outside code blocks and links to the repository", () => {
    const problems = pages.flatMap((page) =>
      [...prose(read(page.source)).matchAll(PATH_LIKE)]
        .map((m) => m[1]!)
        .filter((name) => !isShipped(name))
        .map(
          (name) =>
            `${page.source} names ${name}, which the package does not ship: link it (https://github.com/vpcep-openapi/vpcep-openapi/blob/main/${name}) or drop it`,
        ),
    );
    expect(problems).toEqual([]);
  });

  it("would find one: a path in prose, not in a repository link", () => {
    const found = [
      ...prose("See `src/floor/redact.ts`, [x](https://github.com/vpcep-openapi/vpcep-openapi/blob/main/src/msw.ts).").matchAll(PATH_LIKE),
    ];
    expect(found.map((m) => m[1])).toEqual(["src/floor/redact.ts"]);
  });
});

describe("each guide's Contents", () => {
  it("lists every ## section of the guide, by its GitHub anchor", () => {
    const problems: string[] = [];
    for (const page of pages.filter((p) => p.source !== "README.md")) {
      const text = read(page.source).replace(/^(```+|~~~+)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
      const sections = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]!).filter((title) => title !== "Contents");
      if (sections.length < 4) continue; // a short page needs no table of contents
      const contents = /\n## Contents\n([\s\S]*?)\n## /.exec(text)?.[1];
      if (contents === undefined) {
        problems.push(`${page.source} has ${sections.length} sections and no "## Contents" list`);
        continue;
      }
      for (const title of sections) {
        const slug = githubSlug(title.replaceAll("`", ""));
        if (!contents.includes(`](#${slug})`)) problems.push(`${page.source}: Contents has no link to "${title}" (#${slug})`);
      }
    }
    expect(problems).toEqual([]);
  });
});
