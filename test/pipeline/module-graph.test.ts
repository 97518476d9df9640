// The module graph and its rules (docs/architecture.md): every kind of import is found, a bin's
// dist/ import is drawn to its source; the rooms are read from the page's one table, and a cycle,
// a second upward import, an import between the mock and the checker, an import of generated/ from
// outside the document layer, an arrow the table does not allow and a file in no room are each named;
// the Known violations list fails on a new violation and on a listed one that is gone.
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/lib/paths.js";
import {
  BEGIN,
  cyclesOf,
  END,
  importsOf,
  judge,
  parseKnown,
  parseRooms,
  problemsOf,
  readHouse,
  renderAppendix,
  roomOf,
  targetOf,
  violationsOf,
  withAppendix,
} from "../../scripts/module-graph.js";

type Kind = "static" | "type" | "lazy";
/** A graph from `from > to` lines (`from -type> to` for a type-only import). */
function graphOf(...lines: string[]) {
  const edges = lines.map((line) => {
    const [from, arrow, to] = line.split(" ") as [string, string, string];
    const kind: Kind = arrow === "-type>" ? "type" : arrow === "-lazy>" ? "lazy" : "static";
    return { from, to, kind };
  });
  const modules = [...new Set(edges.flatMap((e) => [e.from, e.to]).filter((m) => !m.startsWith("package:")))].sort();
  // As the script reads a checkout: modules and imports sorted.
  return { modules, edges: edges.sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to)) };
}
const noTools = { modules: [], edges: [] };

/** A page with a Rooms table of the given rows (`name | files | rank | may import`) and Known violations. */
function page(rows: string[], known: string[] = []) {
  return [
    "# Architecture",
    "",
    "## Rooms",
    "",
    "| Room | Files | Rank | Holds | May import |",
    "| --- | --- | --- | --- | --- |",
    ...rows.map((row) => {
      const [name, files, rank, imports] = row.split(" | ") as [string, string, string, string];
      const tick = (list: string) =>
        list === ""
          ? "—"
          : list
              .split(" ")
              .map((x) => `\`${x}\``)
              .join(", ");
      return `| \`${name}\` | ${tick(files)} | ${rank} | what it holds | ${tick(imports)} |`;
    }),
    "",
    "## Known violations",
    "",
    ...known.map((entry) => `- \`${entry}\` — someone`),
    "",
  ].join("\n");
}
const ROWS = [
  "floor | src/floor/ | 0 | ",
  "generated | generated/ | 0 | ",
  "document | src/document/ | 1 | floor generated",
  "client | src/client/ | 2 | floor document",
  "mock | src/mock/ | 2 | floor document",
  "contract | src/contract/ | 2 | floor document",
  "mock-state | src/mock/state/ | 3 | floor mock",
  "doors | src/*.ts src/contract/index.ts | 5 | client mock contract document",
];
const rooms = parseRooms(page(ROWS));
const violations = (...lines: string[]) => violationsOf(graphOf(...lines), noTools, rooms).map((v) => `${v.rule}: ${v.key}`);

describe("reading imports", () => {
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
    const known = new Set(["src/cli/mock.ts", "src/floor/error-base.ts", "generated/schema.d.ts"]);
    expect(targetOf("bin/vpcep-mock.js", "../dist/src/cli/mock.js", known)).toBe("src/cli/mock.ts");
    expect(targetOf("src/cli/mock.ts", "../floor/error-base.js", known)).toBe("src/floor/error-base.ts");
    expect(targetOf("src/document/types.ts", "../../generated/schema.js", known)).toBe("generated/schema.d.ts");
    expect(targetOf("src/client/client.ts", "@scope/name/deep/file.js", known)).toBe("package:@scope/name");
    expect(targetOf("src/client/client.ts", "openapi-fetch", known)).toBe("package:openapi-fetch");
    expect(targetOf("src/client/client.ts", "node:fs", known)).toBeUndefined();
  });
});

describe("the Rooms table", () => {
  it("reads each room's files, rank and arrows", () => {
    expect(rooms.find((room) => room.name === "doors")).toEqual({
      name: "doors",
      files: ["src/*.ts", "src/contract/index.ts"],
      rank: 5,
      mayImport: ["client", "mock", "contract", "document"],
    });
    expect(rooms.find((room) => room.name === "floor")?.mayImport).toEqual([]);
  });

  it("puts a module in the room that names it most closely", () => {
    const nameOf = (file: string) => roomOf(file, rooms)?.name;
    expect(nameOf("src/contract/index.ts")).toBe("doors");
    expect(nameOf("src/contract/check.ts")).toBe("contract");
    expect(nameOf("src/mock/state/store.ts")).toBe("mock-state");
    expect(nameOf("src/mock/state/deeper/x.ts")).toBe("mock-state");
    expect(nameOf("src/mock/route.ts")).toBe("mock");
    expect(nameOf("src/index.ts")).toBe("doors");
    expect(nameOf("src/stray/x.ts")).toBeUndefined();
    expect(nameOf("scripts/x.js")).toBeUndefined();
  });

  it("refuses a table that cannot be meant: each mistake named", () => {
    expect(() => parseRooms("# A page\n")).toThrow(/no "## Rooms" section/);
    expect(() => parseRooms(page([]))).toThrow(/no rows/);
    expect(() => parseRooms(page(["a | src/a/ | 0 | ", "a | src/b/ | 1 | "]))).toThrow(/room a is declared twice/);
    expect(() => parseRooms(page(["a | src/a/ | low | "]))).toThrow(/room a has rank "low", not a whole number/);
    expect(() => parseRooms(page(["a | src/a/ | 0 | b"]))).toThrow(/room a may import b, which is no room/);
    expect(() => parseRooms(page(["a | src/a/ | 0 | a"]))).toThrow(/room a lists itself/);
    expect(() => parseRooms(page(["a | src/a/ | 0 | ", "b | src/a/ | 1 | "]))).toThrow(/src\/a\/ is in both a and b/);
    expect(() => parseRooms(page(["a | src/a/ | 0 | b", "b | src/b/ | 1 | c", "c | src/c/ | 2 | a"]))).toThrow(
      /arrows allowed between rooms run in a circle: a → b → c → a/,
    );
    expect(() => parseRooms("## Rooms\n\n| Room | Files |\n| --- | --- |\n| `a` | `src/a/` |\n")).toThrow(/2 cells, not 5/);
  });
});

describe("cycles", () => {
  it("finds a circle through type-only and lazy imports, and a module importing itself", () => {
    const graph = graphOf(
      "src/a.ts > src/b.ts",
      "src/b.ts -type> src/c.ts",
      "src/c.ts -lazy> src/a.ts",
      "src/c.ts > src/d.ts",
      "src/e.ts > src/e.ts",
      "src/f.ts > package:msw",
    );
    expect(cyclesOf(graph)).toEqual([["src/a.ts", "src/b.ts", "src/c.ts"], ["src/e.ts"]]);
  });

  it("finds none in a graph without one, however deep (no recursion to overflow)", () => {
    const chain = Array.from({ length: 10_000 }, (_, i) => `src/m${i}.ts > src/m${i + 1}.ts`);
    expect(cyclesOf(graphOf(...chain))).toEqual([]);
    expect(cyclesOf(graphOf(...chain, "src/m10000.ts -type> src/m0.ts"))[0]).toHaveLength(10_001);
  });
});

describe("the rules, on synthetic graphs", () => {
  it("lets pass what the table allows: down its arrows, within a room, to packages", () => {
    expect(
      violations(
        "src/client/client.ts > src/document/types.ts",
        "src/client/client.ts > src/client/paging.ts",
        "src/client/client.ts > package:openapi-fetch",
        "src/document/types.ts > generated/schema.d.ts",
        "src/mock/state/store.ts > src/mock/body.ts",
        "src/index.ts > src/client/client.ts",
        "src/contract/index.ts > src/document/validators.ts",
      ),
    ).toEqual([]);
  });

  it("names a cycle, also inside one room and also in scripts/ and bench/", () => {
    expect(violations("src/client/a.ts > src/client/b.ts", "src/client/b.ts -type> src/client/a.ts")).toEqual([
      "cycle: src/client/a.ts ↔ src/client/b.ts",
    ]);
    const tools = graphOf("scripts/a.js > scripts/lib/b.js", "scripts/lib/b.js > scripts/a.js");
    expect(violationsOf(graphOf(), tools, rooms).map((v) => v.message)).toEqual([
      "an import cycle through 2 modules: scripts/a.js, scripts/lib/b.js",
    ]);
  });

  it("allows one upward import if the table allows its arrow; names every one when there are two", () => {
    const one = "src/client/wait.ts -type> src/mock/state/store.ts";
    expect(violations(one)).toEqual(["arrow: src/client/wait.ts → src/mock/state/store.ts"]);
    const allowing = parseRooms(page(ROWS.map((row) => (row.startsWith("client ") ? `${row} mock-state` : row))));
    expect(violationsOf(graphOf(one), noTools, allowing)).toEqual([]);
    const two = violationsOf(graphOf(one, "src/floor/a.ts > src/document/b.ts"), noTools, allowing);
    expect(two.map((v) => `${v.rule}: ${v.key}`)).toEqual([
      "upward: src/client/wait.ts → src/mock/state/store.ts",
      "upward: src/floor/a.ts → src/document/b.ts",
    ]);
    expect(two[0]?.message).toBe(
      "src/client/wait.ts → src/mock/state/store.ts (type) runs up from client (rank 2) to mock-state (rank 3); at most 1 import may run up, there are 2",
    );
  });

  it("names an import between src/mock/ and src/contract/ either way, even where the table would allow it", () => {
    const lax = parseRooms(page(ROWS.map((row) => (row.startsWith("mock ") ? `${row} contract` : row))));
    const found = violationsOf(
      graphOf(
        "src/mock/query.ts > src/contract/index.ts",
        "src/contract/exchanges.ts > src/mock/refusals.ts",
        "src/mock/x.ts > src/contract/y.ts",
      ),
      noTools,
      lax,
    );
    expect(found.map((v) => `${v.rule}: ${v.key}`)).toEqual([
      "mock-contract: src/contract/exchanges.ts → src/mock/refusals.ts",
      "mock-contract: src/mock/query.ts → src/contract/index.ts",
      "mock-contract: src/mock/x.ts → src/contract/y.ts",
    ]);
    expect(found[0]?.message).toMatch(/crosses between the mock and the checker/);
  });

  it("names an import once, by its most specific rule, though it also runs up", () => {
    expect(violations("src/contract/a.ts > src/mock/state/store.ts", "src/floor/a.ts > src/document/b.ts")).toEqual([
      "mock-contract: src/contract/a.ts → src/mock/state/store.ts",
      "upward: src/floor/a.ts → src/document/b.ts",
    ]);
  });

  it("names every import of generated/ from src/ outside src/document/, the doors' included", () => {
    expect(
      violations(
        "src/client/paging.ts > generated/operations.ts",
        "src/index.ts -type> generated/schema.d.ts",
        "src/document/facts.ts > generated/document-facts.js",
      ),
    ).toEqual(["generated: src/client/paging.ts → generated/operations.ts", "generated: src/index.ts → generated/schema.d.ts"]);
  });

  it("names an arrow the table does not allow, with what the room may import", () => {
    const found = violationsOf(graphOf("src/mock/fetch.ts > src/client/retry.ts"), noTools, rooms);
    expect(found).toEqual([
      {
        rule: "arrow",
        key: "src/mock/fetch.ts → src/client/retry.ts",
        message:
          "src/mock/fetch.ts → src/client/retry.ts: room mock may not import client (docs/architecture.md, Rooms: mock may import floor, document)",
      },
    ]);
  });

  it("names a module in no room", () => {
    expect(violations("src/stray/x.ts > src/floor/a.ts")).toEqual(["room: src/stray/x.ts"]);
  });
});

describe("the Known violations list", () => {
  const found = violationsOf(
    graphOf("src/mock/fetch.ts > src/client/retry.ts", "src/client/paging.ts > generated/operations.ts"),
    noTools,
    rooms,
  );

  it("is read from the page, notes and backticks left out", () => {
    expect(parseKnown(page(ROWS, ["arrow: src/mock/fetch.ts → src/client/retry.ts"]))).toEqual([
      "arrow: src/mock/fetch.ts → src/client/retry.ts",
    ]);
    expect(parseKnown(page(ROWS))).toEqual([]);
  });

  it("passes listed violations, fails on a new one and on a listed one that is gone", () => {
    const listed = ["arrow: src/mock/fetch.ts → src/client/retry.ts", "generated: src/client/paging.ts → generated/operations.ts"];
    expect(judge(found, listed)).toEqual({ fresh: [], gone: [] });
    expect(judge(found, listed.slice(0, 1)).fresh.map((v) => v.key)).toEqual(["src/client/paging.ts → generated/operations.ts"]);
    expect(judge(found, [...listed, "cycle: src/a.ts ↔ src/b.ts"]).gone).toEqual(["cycle: src/a.ts ↔ src/b.ts"]);
  });
});

describe("a checkout as `npm run check` reads it", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  /** A checkout holding `files` (path → text) and a page with the rooms above and `known`. */
  async function checkout(files: Record<string, string>, known: string[] = []) {
    const root = await mkdtemp(path.join(tmpdir(), "module-graph-"));
    dirs.push(root);
    for (const [file, text] of Object.entries({ ...files, "docs/architecture.md": page(ROWS, known) })) {
      await mkdir(path.join(root, path.dirname(file)), { recursive: true });
      await writeFile(path.join(root, file), text);
    }
    return problemsOf(await readHouse(root));
  }
  const files = {
    "src/floor/sleep.ts": "export const sleep = 1;\n",
    "src/client/retry.ts": 'import { sleep } from "../floor/sleep.js";\nexport const retry = sleep;\n',
    "src/mock/fetch.ts": 'import { retry } from "../client/retry.js";\nexport const f = retry;\n',
    "scripts/a.js": 'import "./lib/b.js";\n',
    "scripts/lib/b.js": 'import "../a.js";\n',
  };

  it("names each broken rule with the import, and the listed violations that are gone", async () => {
    const { problems, knownLeft } = await checkout(files, ["room: src/gone.ts"]);
    expect(problems).toEqual([
      "[cycle: scripts/a.js ↔ scripts/lib/b.js] an import cycle through 2 modules: scripts/a.js, scripts/lib/b.js",
      "[arrow: src/mock/fetch.ts → src/client/retry.ts] src/mock/fetch.ts → src/client/retry.ts: room mock may not import client (docs/architecture.md, Rooms: mock may import floor, document)",
      `"room: src/gone.ts" is listed in docs/architecture.md's Known violations but no longer happens: delete it from the list`,
    ]);
    expect(knownLeft).toBe(0);
  });

  it("passes when what is left is listed", async () => {
    const listed = ["cycle: scripts/a.js ↔ scripts/lib/b.js", "arrow: src/mock/fetch.ts → src/client/retry.ts"];
    expect(await checkout(files, listed)).toEqual({ problems: [], knownLeft: 2 });
  });
});

describe("docs/architecture.md", () => {
  it("keeps the hand-kept text and replaces only the generated appendix", () => {
    const text = `# Page\n\nkept\n\n${BEGIN}\nold\n${END}\n\nafter\n`;
    expect(withAppendix(text, `${BEGIN}\nnew\n${END}`)).toBe(`# Page\n\nkept\n\n${BEGIN}\nnew\n${END}\n\nafter\n`);
    expect(withAppendix("# Page\n\nkept\n", `${BEGIN}\nnew\n${END}`)).toBe(`# Page\n\nkept\n\n${BEGIN}\nnew\n${END}\n`);
  });

  it("puts every module of src/ and bin/ in a room and draws it, whatever it is called", async () => {
    const house = await readHouse();
    const appendix = renderAppendix(house.graph, house.tools, house.rooms);
    const files = (await readdir(path.join(repoRoot, "src"), { recursive: true }))
      .filter((f) => f.endsWith(".ts"))
      .map((f) => `src/${f.split(path.sep).join("/")}`);
    files.push(...(await readdir(path.join(repoRoot, "bin"))).map((f) => `bin/${f}`));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      expect(appendix, file).toContain(`${file.replace(/[^A-Za-z0-9]/g, "_")}["`);
      expect(roomOf(file, house.rooms), file).toBeDefined();
    }
    expect(appendix).toMatch(/^- Import cycles \(type-only imports included.*: \d+; in scripts\/ and bench\/: \d+\.$/m);
    expect(appendix).toMatch(/^\| `src\/client\/` \| \d+ \|$/m);
  });
});
