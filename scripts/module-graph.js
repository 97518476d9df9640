// @ts-check
// The picture of the modules and their imports, generated from the code: reads every module of
// src/, bin/ and generated/ (and what they import from packages) with TypeScript's parser
// and writes a Mermaid flowchart into docs/architecture.md. `--check` fails when the file differs
// from what the code says (`npm run check` runs it); `npm run graph` rewrites it. Nothing here
// names a module: a module added, moved or removed shows up on the next run.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import ts from "typescript";
import { commandLine, isMain } from "./lib/cli.js";
import { writeOrCheck } from "./lib/page-file.js";
import { repoRoot } from "./lib/paths.js";

export const GRAPH_FILE = path.join(repoRoot, "docs", "architecture.md");
const ROOTS = ["src", "bin", "generated"];

/** @param {string} dir @returns {Promise<string[]>} repository-relative paths, sorted */
async function modulesUnder(dir) {
  const entries = await readdir(path.join(repoRoot, dir), { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter(
      (e) =>
        e.isFile() &&
        /\.(ts|js|mjs)$/.test(e.name) &&
        !e.name.endsWith(".d.ts") &&
        !path.relative(repoRoot, e.parentPath).split(path.sep).includes("docs"),
    )
    .map((e) => path.relative(repoRoot, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

/**
 * The imports of one module: static (`import`, `export … from`), type-only, and lazy (`import()`).
 * @param {string} file @param {string} text
 * @returns {{ specifier: string, kind: "static" | "type" | "lazy" }[]}
 */
export function importsOf(file, text) {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith(".ts") ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  /** @type {{ specifier: string, kind: "static" | "type" | "lazy" }[]} */
  const found = [];
  /** @param {ts.Node} node */
  const visit = (node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const typeOnly = ts.isImportDeclaration(node)
        ? node.importClause?.isTypeOnly === true ||
          (node.importClause !== undefined &&
            node.importClause.name === undefined &&
            node.importClause.namedBindings !== undefined &&
            ts.isNamedImports(node.importClause.namedBindings) &&
            node.importClause.namedBindings.elements.length > 0 &&
            node.importClause.namedBindings.elements.every((e) => e.isTypeOnly))
        : node.isTypeOnly;
      found.push({ specifier: node.moduleSpecifier.text, kind: typeOnly ? "type" : "static" });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, kind: "lazy" });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, kind: "type" });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * What a specifier of `from` points at: a repository module (`src/x.ts`, `generated/client.ts`; a
 * bin's `../dist/src/x.js` is the `src/x.ts` it was compiled from), a package, or nothing to draw
 * (Node's built-ins).
 * @param {string} from @param {string} specifier @param {Set<string>} known
 * @returns {string | undefined}
 */
export function targetOf(from, specifier, known) {
  if (specifier.startsWith("node:")) return undefined;
  if (!specifier.startsWith(".")) {
    const parts = specifier.split("/");
    return `package:${specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]}`;
  }
  let target = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  if (target.startsWith("dist/")) target = target.slice("dist/".length);
  const stem = target.replace(/\.(js|mjs|ts)$/, "");
  for (const candidate of [target, `${stem}.ts`, `${stem}.js`, `${stem}.mjs`, `${stem}/index.ts`, `${stem}.d.ts`])
    if (known.has(candidate)) return candidate;
  return stem.endsWith(".json") ? target : `${stem}.ts`;
}

const nodeId = (/** @type {string} */ name) => name.replace(/[^A-Za-z0-9]/g, "_");
const label = (/** @type {string} */ name) =>
  name.startsWith("package:") ? name.slice("package:".length) : path.posix.basename(name).replace(/(\.d)?\.(ts|js|mjs)$/, "");
const folderOf = (/** @type {string} */ name) => (name.startsWith("package:") ? "packages" : path.posix.dirname(name));

/** The whole file, from the modules on disk. @returns {Promise<string>} */
export async function renderGraph() {
  const modules = (await Promise.all(ROOTS.map(modulesUnder))).flat();
  // Declarations only (generated/schema.d.ts) are drawn when imported, not read.
  const declarations = (await readdir(path.join(repoRoot, "generated")).catch(() => []))
    .filter((n) => n.endsWith(".d.ts"))
    .map((n) => `generated/${n}`);
  const known = new Set([...modules, ...declarations]);
  /** @type {Map<string, "static" | "type" | "lazy">} */
  const edges = new Map();
  const nodes = new Set(modules);
  const rank = { static: 0, lazy: 1, type: 2 };
  for (const file of modules) {
    for (const { specifier, kind } of importsOf(file, await readFile(path.join(repoRoot, file), "utf8"))) {
      const target = targetOf(file, specifier, known);
      if (target === undefined || target === file) continue;
      nodes.add(target);
      const key = `${file}\u0000${target}`;
      const before = edges.get(key);
      // A module imported both ways is drawn with its strongest link.
      if (before === undefined || rank[kind] < rank[before]) edges.set(key, kind);
    }
  }
  /** @type {Map<string, string[]>} */
  const folders = new Map();
  for (const node of [...nodes].sort()) folders.set(folderOf(node), [...(folders.get(folderOf(node)) ?? []), node]);
  const lines = ["flowchart LR"];
  for (const [folder, members] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`  subgraph ${nodeId(`dir_${folder}`)}["${folder}/"]`);
    for (const member of members) lines.push(`    ${nodeId(member)}["${label(member)}"]`);
    lines.push("  end");
  }
  const arrows = { static: "-->", lazy: "-. lazy .->", type: "-. type .->" };
  for (const [key, kind] of [...edges].sort(([a], [b]) => a.localeCompare(b))) {
    const [from, to] = /** @type {[string, string]} */ (key.split("\u0000"));
    lines.push(`  ${nodeId(from)} ${arrows[kind]} ${nodeId(to)}`);
  }
  const counts = `${modules.length} modules, ${edges.size} imports`;
  return [
    "<!-- Generated by `npm run graph` (scripts/module-graph.js) from the imports of src/, bin/ and generated/. Do not edit: `npm run check` fails when it drifts. -->",
    "# Modules and their imports",
    "",
    `Every module of \`src/\`, \`bin/\` and \`generated/\` (${counts}), grouped by folder, with what it`,
    "imports from packages (Node's built-ins left out). `-->` is an import a module needs to",
    "run, `lazy` an `import()` loaded on first use, `type` an import of types only (gone after",
    "compiling). A bin's import of `dist/src/x.js` is drawn to `src/x.ts`, which it is compiled from.",
    "",
    "```mermaid",
    ...lines,
    "```",
    "",
  ].join("\n");
}

/** Writes the file, or with `--check` only compares. */
async function main() {
  const flags = commandLine("node scripts/module-graph.js", {
    check: {
      type: "boolean",
      description: `fail (exit 1) when ${path.relative(repoRoot, GRAPH_FILE)} differs from the code instead of writing it`,
    },
  });
  await writeOrCheck({
    file: GRAPH_FILE,
    wanted: await renderGraph(),
    check: flags.check === true,
    label: "module-graph",
    differs: "does not match the imports of src/, bin/ and generated/",
    fix: "npm run graph",
  });
}

if (isMain(import.meta.url)) await main();
