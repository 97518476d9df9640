// A check: one named unit of `vpcep-contract check` with its description beside its code. `--checks`
// and `--exclude-checks` select checks by name, `--list-checks` prints them, and
// `scripts/checks-page.js` writes docs/checks.md from the same fields.
import type { CheckContext } from "./check-context.js";

export interface Check {
  name: string;
  /** What it proves, in one sentence. */
  description: string;
  /** The requests it sends. */
  sends: string;
  /** What it expects of the answers. */
  expects: string;
  /** Why it needs a server that keeps state: skipped under `--stateless`, with this reason. */
  needsState?: string;
  run(ctx: CheckContext): Promise<void>;
}
