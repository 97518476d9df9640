// Seeding the stateful mock as the testing guide (docs/testing.md) shows it: its JSON blocks are valid seed data (the
// smallest service and a full one), `--example-data` prints a seed file `--data` loads, and the
// guide's report of a bad file is what the bin prints.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/lib/paths.js";
import { checkSeed } from "../../src/mock/state/store.js";
import { document, at } from "../support/document.js";
import { runNode, startMockProcess } from "../support/processes.js";

const bin = path.join(repoRoot, "bin", "vpcep-mock.js");
let scratch = "";
let section = "";
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "vpcep-seed-"));
  const guide = await readFile(path.join(repoRoot, "docs", "testing.md"), "utf8");
  section = /\n## Seed data\n([\s\S]*?)\n## /.exec(guide)?.[1] ?? "";
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

const blocks = (language: string) => [...section.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\\n\`\`\``, "g"))].map((m) => m[1]!);
const schema = at(document, "components", "schemas", "EndpointService");

describe("the testing guide's seed data", () => {
  it("shows the smallest valid service (exactly the required fields) and a full one (every field), both valid", () => {
    const [smallest, full] = blocks("json").map((text) => checkSeed(JSON.parse(text), "docs/testing.md"));
    expect(smallest).toHaveLength(1);
    expect(Object.keys(smallest![0]!).sort()).toEqual([...(schema["required"] as string[])].sort());
    const properties = Object.entries(at(schema, "properties"))
      .filter(([, property]) => !(property as { deprecated?: boolean }).deprecated)
      .map(([name]) => name);
    const used = new Set(full!.flatMap((service) => Object.keys(service)));
    expect(properties.filter((name) => !used.has(name))).toEqual([]);
  });

  it("shows the report of a bad file as the bin prints it", async () => {
    const [report] = blocks("text");
    const file = path.join(scratch, "services.json");
    const good = JSON.parse(blocks("json")[0]!)[0];
    await writeFile(
      file,
      JSON.stringify([
        good,
        { id: "b", service_name: "b", service_type: "interface", status: 42 },
        { ...good, ports: [{ client_port: 70000, server_port: 1 }] },
      ]),
    );
    const { code, stderr } = await runNode(bin, ["--stateful", "--data", file]);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(report!.replace("services.json", file));
  });
});

describe("vpcep-mock --example-data", () => {
  it("prints a valid seed file that --data loads", async () => {
    const { code, stdout } = await runNode(bin, ["--example-data"]);
    expect(code).toBe(0);
    const services = checkSeed(JSON.parse(stdout), "--example-data");
    expect(services.length).toBeGreaterThan(1);
    const file = path.join(scratch, "example.json");
    await writeFile(file, stdout);
    const mock = await startMockProcess(process.execPath, [bin, "--stateful", "--port", "0", "--data", file]);
    try {
      const page = (await (
        await fetch(`${mock.url}/v1/p/vpc-endpoint-services?limit=1000`, { headers: { "X-Auth-Token": "t" } })
      ).json()) as {
        endpoint_services: { id: string }[];
        total_count: number;
      };
      expect(page.total_count).toBe(services.length);
      expect(page.endpoint_services.map((s) => s.id).sort()).toEqual(services.map((s) => s.id).sort());
    } finally {
      mock.child.kill("SIGTERM");
    }
  });

  it("takes no other flag", async () => {
    const { code, stderr } = await runNode(bin, ["--example-data", "--stateful"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--example-data prints the seed data and exits; it takes no --stateful/);
  });
});
