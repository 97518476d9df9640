// What `import { createVpcepClient } from "vpcep-openapi"` costs a browser app, bundled from the
// sources as an app's bundler would: no openapi-fetch, the AK/SK signer in a chunk of its own,
// at most 5 kB gzipped up front. (`npm run bench` prints the same figures from dist/.)
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { rolldown } from "rolldown";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/lib/paths.js";

interface Chunk {
  fileName: string;
  code: string;
  isEntry: boolean;
  imports: string[];
  dynamicImports: string[];
  modules: Record<string, unknown>;
}

let scratch = "";
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "vpcep-bundle-test-"));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function bundle(source: string, { treeshake = true } = {}): Promise<Chunk[]> {
  const entry = path.join(scratch, `app-${Math.random().toString(36).slice(2)}.js`);
  await writeFile(entry, source.replaceAll("SRC/", `${path.join(repoRoot, "src")}/`));
  const build = await rolldown({
    input: entry,
    platform: "browser",
    logLevel: "silent",
    treeshake,
    resolve: { extensionAlias: { ".js": [".ts", ".js"] } },
  });
  const { output } = await build.generate({ format: "esm", minify: true });
  await build.close();
  return output.flatMap((chunk) => ("code" in chunk ? [chunk as unknown as Chunk] : []));
}

const modulesOf = (chunks: Chunk[]) => chunks.flatMap((c) => Object.keys(c.modules).map((id) => path.relative(repoRoot, id)));
const upFront = (chunks: Chunk[]) => {
  const names = new Set(chunks.filter((c) => c.isEntry).map((c) => c.fileName));
  for (const chunk of chunks) if (names.has(chunk.fileName)) chunk.imports.forEach((name) => names.add(name));
  return chunks.filter((c) => names.has(c.fileName));
};
const gzipped = (chunks: Chunk[]) => chunks.reduce((sum, c) => sum + gzipSync(c.code, { level: 9 }).length, 0);

describe("the browser bundle of createVpcepClient", () => {
  it("holds no openapi-fetch, loads the signer on demand, and weighs at most 5 kB gzipped up front", async () => {
    const chunks = await bundle('import { createVpcepClient } from "SRC/index.js";\nexport const make = createVpcepClient;\n');
    const initial = upFront(chunks);
    expect(modulesOf(chunks).some((id) => id.includes("openapi-fetch"))).toBe(false);
    expect(modulesOf(initial)).not.toContain(path.join("src", "auth", "sign.ts"));
    const lazy = chunks.filter((c) => !initial.includes(c));
    expect(modulesOf(lazy)).toContain(path.join("src", "auth", "sign.ts"));
    expect(gzipped(initial)).toBeLessThanOrEqual(5000);
  });

  it("holds no openapi-fetch even untree-shaken: no module the root imports loads it", async () => {
    const chunks = await bundle('export * from "SRC/index.js";\n', { treeshake: false });
    const modules = modulesOf(chunks);
    expect(modules).toContain(path.join("generated", "operations.ts"));
    expect(modules.filter((id) => id.includes("openapi-fetch") || id.includes("raw-client"))).toEqual([]);
  });

  it("the raw entry is where openapi-fetch comes in", async () => {
    const chunks = await bundle('import { createVpcepRawClient } from "SRC/raw.js";\nexport const make = createVpcepRawClient;\n');
    expect(modulesOf(upFront(chunks)).some((id) => id.includes("openapi-fetch"))).toBe(true);
  });
});
