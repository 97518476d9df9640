// The `fuzz` check: runs only with `--fuzz N` (fast-check is an optional peer, loaded then).
import type { Check } from "./check-unit.js";

export const fuzz: Check = {
  name: "fuzz",
  description: "Requests generated from the document (--fuzz N --seed S) are answered as the document says.",
  sends: "N queries generated with fast-check from the parameters' types, enumerations and ranges, valid and invalid mixed",
  expects:
    "200 and a valid page for a valid query, 400 and a documented error body for an invalid one; a failure is shrunk to a minimal request with a curl line",
  async run(ctx) {
    if (!ctx.options.fuzz) return;
    const { runFuzz } = await import("./fuzz.js");
    await runFuzz(ctx.suite, ctx.options.fuzz);
  },
};
