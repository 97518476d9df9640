// The module graph (docs/architecture.md) is read from the code: each kind of import is found, a
// bin's dist/ import is drawn to its source, packages are grouped by name and Node's built-ins
// left out, and every module there is gets drawn. (`npm run check` compares the committed file.)
import { readdir } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/lib/paths.js";
import { importsOf, renderGraph, targetOf } from "../../scripts/module-graph.js";

describe("scripts/module-graph.js", () => {
  it("finds static, type-only and lazy imports, and re-exports", () => {
    const source = [
      'import { a } from "./a.js";',
      'import type { B } from "./b.js";',
      'import { type C } from "./c.js";',
      'export { d } from "./d.js";',
      'export type { E } from "./e.js";',
      'const f = () => import("./f.js");',
      'type G = typeof import("./g.js");',
    ].join("\n");
    expect(importsOf("src/x.ts", source)).toEqual([
      { specifier: "./a.js", kind: "static" },
      { specifier: "./b.js", kind: "type" },
      { specifier: "./c.js", kind: "type" },
      { specifier: "./d.js", kind: "static" },
      { specifier: "./e.js", kind: "type" },
      { specifier: "./f.js", kind: "lazy" },
      { specifier: "./g.js", kind: "type" },
    ]);
  });

  it("resolves a specifier to a module, a package or nothing", () => {
    const known = new Set(["src/cli/mock.ts", "src/errors.ts", "generated/schema.d.ts"]);
    expect(targetOf("bin/vpcep-mock.js", "../dist/src/cli/mock.js", known)).toBe("src/cli/mock.ts");
    expect(targetOf("src/cli/mock.ts", "../errors.js", known)).toBe("src/errors.ts");
    expect(targetOf("src/client.ts", "../generated/schema.js", known)).toBe("generated/schema.d.ts");
    expect(targetOf("src/client.ts", "@scope/name/deep/file.js", known)).toBe("package:@scope/name");
    expect(targetOf("src/client.ts", "openapi-fetch", known)).toBe("package:openapi-fetch");
    expect(targetOf("src/client.ts", "node:fs", known)).toBeUndefined();
  });

  it("draws every module of src/ and bin/ there is, whatever they are called", async () => {
    const graph = await renderGraph();
    const files = (await readdir(path.join(repoRoot, "src"), { recursive: true }))
      .filter((f) => f.endsWith(".ts"))
      .map((f) => `src/${f.split(path.sep).join("/")}`);
    files.push(...(await readdir(path.join(repoRoot, "bin"))).map((f) => `bin/${f}`));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(graph, file).toContain(`${file.replace(/[^A-Za-z0-9]/g, "_")}["`);
  });
});
