import { it } from "vitest";
import { exampleServices } from "../../../generated/contract-validators.js";
import { main } from "../../../src/cli/contract.js";
import { startStatefulMock } from "../../../src/mock/stateful.js";
import { runMain } from "../../support/cli.js";
it("scratch", async () => {
  const m = await startStatefulMock({ services: [...exampleServices], credentials: { tokens: ["t"] } });
  const r = await runMain(main, ["check", m.url], { OS_TOKEN: "t" });
  console.log(
    r.output
      .split("\n")
      .filter((l) => !l.startsWith("ok"))
      .join("\n"),
    r.stderr,
    r.code,
  );
  await m.stop();
});
