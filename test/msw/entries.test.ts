// msw is an optional peer: the package root never loads it, the `./msw` entry does; and the `./msw`
// entry's graph holds no Node built-in, so a browser bundler (Vite, esbuild, rolldown) takes it as is;
// nor do its declarations, so a browser project type-checks it without @types/node.
import { readFileSync } from "node:fs";
import path from "node:path";
import { rolldown } from "rolldown";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/lib/paths.js";

async function graph(entry: string): Promise<{ modules: string[]; imports: string[] }> {
  const build = await rolldown({
    input: path.join(repoRoot, entry),
    platform: "browser",
    logLevel: "silent",
    resolve: { extensionAlias: { ".js": [".ts", ".js"] } },
  });
  const { output } = await build.generate({ format: "esm", codeSplitting: false });
  await build.close();
  const chunks = output.flatMap((chunk) => ("modules" in chunk ? [chunk] : []));
  return {
    modules: chunks.flatMap((chunk) => Object.keys(chunk.modules).map((id) => path.relative(repoRoot, id))),
    imports: chunks.flatMap((chunk) => chunk.imports),
  };
}

describe("the msw entry and the root", () => {
  it("the root's graph holds no module of msw", async () => {
    const { modules } = await graph("src/index.ts");
    expect(modules.length).toBeGreaterThan(5);
    expect(modules.filter((id) => id.includes("node_modules/msw/") || id.includes("@mswjs"))).toEqual([]);
  });

  it("the ./msw entry loads msw, and the same steps as the mock process, with no Node built-in", async () => {
    const { modules, imports } = await graph("src/msw.ts");
    expect(modules.some((id) => id.startsWith("node_modules/msw/"))).toBe(true);
    expect(modules).toEqual(
      expect.arrayContaining(["src/mock/stateful/handler.ts", "src/mock/query.ts", "src/mock/gateway.ts", "src/mock/fetch.ts"]),
    );
    expect(modules).not.toContain("src/mock/node-http.ts");
    expect(imports.filter((name) => name.startsWith("node:"))).toEqual([]);
  });
});

/** Every declaration file the compiled entry reaches through relative imports, with its text. */
function declarations(entry: string): Map<string, string> {
  const found = new Map<string, string>();
  const waiting = [path.join(repoRoot, entry)];
  while (waiting.length > 0) {
    const file = waiting.pop()!;
    if (found.has(file)) continue;
    const text = readFileSync(file, "utf8");
    found.set(file, text);
    for (const [, relative] of text.matchAll(/(?:from\s*|import\()\s*"(\.{1,2}\/[^"]+)"/g))
      waiting.push(path.join(path.dirname(file), relative!.replace(/\.js$/, ".d.ts")));
  }
  return found;
}

describe("the msw entry's declarations (dist/, as the package ships them)", () => {
  it("name no Node built-in, Buffer or NodeJS type, so a browser project needs no @types/node", () => {
    const files = declarations("dist/src/msw.d.ts");
    expect(files.size).toBeGreaterThan(5);
    const nodeOnly = [...files].flatMap(([file, text]) =>
      [...text.matchAll(/(?:from\s*|import\()\s*"node:[^"]+"|\bBuffer\b|\bNodeJS\./g)].map(
        (m) => `${path.relative(repoRoot, file)}: ${m[0]}`,
      ),
    );
    expect(nodeOnly).toEqual([]);
  });
});
