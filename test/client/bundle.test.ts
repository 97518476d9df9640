// What `import { createVpcepClient } from "vpcep-openapi"` costs a browser app, bundled from the
// sources as an app's bundler would, with code splitting, by esbuild, rollup and rolldown: no
// openapi-fetch, the AK/SK signer and the error path in chunks loaded on demand, at most 5 kB
// gzipped (level 9, chunk by chunk) up front: the entry chunk and every chunk it imports
// statically. (`npm run bench` prints the same figures from dist/.)
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build, transform } from "esbuild";
import { rolldown } from "rolldown";
import { rollup } from "rollup";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/lib/paths.js";

/** One output chunk, the same for every bundler. */
interface Chunk {
  fileName: string;
  code: string;
  isEntry: boolean;
  /** Chunks it imports statically (loaded with it). */
  imports: string[];
  /** The modules in it, relative to the repository. */
  modules: string[];
}

type Bundler = (entry: string) => Promise<Chunk[]>;

const BUDGET = 5000;

let scratch = "";
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "vpcep-bundle-test-"));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

const fromRepo = (id: string) => path.relative(repoRoot, id);

async function viaRolldown(entry: string, { treeshake = true } = {}): Promise<Chunk[]> {
  const bundle = await rolldown({
    input: entry,
    platform: "browser",
    logLevel: "silent",
    treeshake,
    resolve: { extensionAlias: { ".js": [".ts", ".js"] } },
  });
  const { output } = await bundle.generate({ format: "esm", minify: true });
  await bundle.close();
  return output.flatMap((c) =>
    c.type === "chunk"
      ? [{ fileName: c.fileName, code: c.code, isEntry: c.isEntry, imports: c.imports, modules: Object.keys(c.modules).map(fromRepo) }]
      : [],
  );
}

async function viaEsbuild(entry: string): Promise<Chunk[]> {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: scratch,
    outdir: path.join(scratch, `esbuild-${path.basename(entry, ".js")}`),
    bundle: true,
    splitting: true,
    format: "esm",
    minify: true,
    platform: "browser",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = new Map(result.outputFiles.map((file) => [path.relative(scratch, file.path), file.text]));
  return Object.entries(result.metafile.outputs).flatMap(([fileName, output]) =>
    fileName.endsWith(".js")
      ? [
          {
            fileName,
            code: code.get(fileName) ?? "",
            isEntry: output.entryPoint !== undefined && path.resolve(scratch, output.entryPoint) === entry,
            imports: output.imports.filter((i) => i.kind === "import-statement").map((i) => i.path),
            modules: Object.keys(output.inputs).map((id) => fromRepo(path.resolve(scratch, id))),
          },
        ]
      : [],
  );
}

/** Rollup as an app would run it on TypeScript sources: `.js` specifiers resolved to `.ts`, types stripped, chunks minified (by esbuild). */
async function viaRollup(entry: string): Promise<Chunk[]> {
  const bundle = await rollup({
    input: entry,
    onwarn: () => undefined,
    plugins: [
      {
        name: "typescript-sources",
        resolveId(source, importer) {
          if (!importer || !/^\.|^\//.test(source) || !source.endsWith(".js")) return null;
          const ts = path.resolve(path.dirname(importer), source.replace(/\.js$/, ".ts"));
          return existsSync(ts) ? ts : null;
        },
        async transform(code, id) {
          return id.endsWith(".ts") ? (await transform(code, { loader: "ts", format: "esm" })).code : null;
        },
        async renderChunk(code) {
          return (await transform(code, { minify: true, format: "esm" })).code;
        },
      },
    ],
  });
  const { output } = await bundle.generate({ format: "es" });
  await bundle.close();
  return output.flatMap((c) =>
    c.type === "chunk"
      ? [{ fileName: c.fileName, code: c.code, isEntry: c.isEntry, imports: c.imports, modules: Object.keys(c.modules).map(fromRepo) }]
      : [],
  );
}

async function app(source: string): Promise<string> {
  const entry = path.join(scratch, `app-${Math.random().toString(36).slice(2)}.js`);
  await writeFile(entry, source.replaceAll("SRC/", `${path.join(repoRoot, "src")}/`));
  return entry;
}

const modulesOf = (chunks: Chunk[]) => chunks.flatMap((c) => c.modules);
const upFront = (chunks: Chunk[]) => {
  const names = new Set(chunks.filter((c) => c.isEntry).map((c) => c.fileName));
  for (const chunk of chunks) if (names.has(chunk.fileName)) chunk.imports.forEach((name) => names.add(name));
  // esbuild may list an imported chunk before its importer: follow the imports to the end.
  for (let size = 0; size !== names.size; ) {
    size = names.size;
    for (const chunk of chunks) if (names.has(chunk.fileName)) chunk.imports.forEach((name) => names.add(name));
  }
  return chunks.filter((c) => names.has(c.fileName));
};
const gzipped = (chunks: Chunk[]) => chunks.reduce((sum, c) => sum + gzipSync(c.code, { level: 9 }).length, 0);

const BUNDLERS: [string, Bundler][] = [
  ["esbuild (splitting)", viaEsbuild],
  ["rollup", viaRollup],
  ["rolldown", (entry) => viaRolldown(entry)],
];

describe("the browser bundle of createVpcepClient", () => {
  it.each(BUNDLERS)(
    `%s: holds no openapi-fetch, loads the signer and the error path on demand, and weighs at most ${BUDGET} B gzipped up front`,
    async (name, bundler) => {
      const chunks = await bundler(
        await app('import { createVpcepClient } from "SRC/index.js";\nexport const make = createVpcepClient;\n'),
      );
      const initial = upFront(chunks);
      const lazy = chunks.filter((c) => !initial.includes(c));
      expect(modulesOf(chunks).some((id) => id.includes("openapi-fetch"))).toBe(false);
      for (const onDemand of [
        ["src", "auth", "signer.ts"],
        ["src", "client", "answer-errors.ts"],
        ["src", "floor", "redact.ts"],
        ["src", "client", "paging-walk.ts"],
        ["src", "client", "retry.ts"],
      ]) {
        expect(modulesOf(initial)).not.toContain(path.join(...onDemand));
        expect(modulesOf(lazy)).toContain(path.join(...onDemand));
      }
      const size = gzipped(initial);
      console.log(`${name}: ${size} B gzipped up front in ${initial.length} chunk(s); ${gzipped(lazy)} B in ${lazy.length} on demand`);
      expect(size).toBeLessThanOrEqual(BUDGET);
    },
  );

  it("holds no openapi-fetch even untree-shaken: no module the root imports loads it", async () => {
    const chunks = await viaRolldown(await app('export * from "SRC/index.js";\n'), { treeshake: false });
    const modules = modulesOf(chunks);
    expect(modules).toContain(path.join("generated", "operations.ts"));
    expect(modules.filter((id) => id.includes("openapi-fetch") || id.includes("raw-client"))).toEqual([]);
  });

  it("the raw entry is where openapi-fetch comes in", async () => {
    const chunks = await viaRolldown(
      await app('import { createVpcepRawClient } from "SRC/raw.js";\nexport const make = createVpcepRawClient;\n'),
    );
    expect(modulesOf(upFront(chunks)).some((id) => id.includes("openapi-fetch"))).toBe(true);
  });
});
