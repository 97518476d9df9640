import { it } from "vitest";
import { writeFileSync } from "node:fs";
import { main } from "../../../src/cli/contract.js";
import { runMain } from "../../support/cli.js";
import { BREAKAGES, REFERENCE_TOKEN, startReference, type Breakage } from "../../support/reference-server.js";
it("table", async () => {
  const rows: string[] = [];
  for (const b of [undefined, ...Object.keys(BREAKAGES)] as (Breakage | undefined)[]) {
    const s = await startReference(b ? [b] : []);
    const cells: string[] = [];
    for (const extra of [[], ["--fuzz", "200", "--seed", "1"]]) {
      const t = performance.now();
      const r = await runMain(main, ["check", s.url, "--reporter", "json", ...extra], { OS_TOKEN: REFERENCE_TOKEN });
      const ms = performance.now() - t;
      const rep = JSON.parse(r.output) as { cases: { check?: string; problems: string[] }[] };
      const failed = [...new Set(rep.cases.filter((c) => c.problems.length).map((c) => c.check))].join(", ");
      cells.push(`exit ${r.code}${failed ? ` (${failed})` : ""}`, `${(ms / 1000).toFixed(2)} s`);
    }
    rows.push(`| ${b ?? "(faithful)"} | ${cells.join(" | ")} |`);
    await s.close();
  }
  writeFileSync("/tmp/i22-table.md", rows.join("\n") + "\n");
}, 600_000);
