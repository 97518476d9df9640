// What only the stateful mock does, asked of the Prism mock (vpcep-mock's default mode): the control
// API (/__mock/…) and the transport faults of `Prefer: fault=…` / `delay=…`. Prism would answer
// the first 404 and ignore the second (a 200 with the example): a test that asked for a fault would
// pass without meeting it. The query front answers both with this 400 instead, naming --stateful.
import { isControl } from "../route.js";

export const STATEFUL_ONLY_CODE = "VPCEP_MOCK.STATEFUL_ONLY";

export interface StatefulOnlyBody {
  error_code: typeof STATEFUL_ONLY_CODE;
  error_msg: string;
}

const FAULT_PREFERENCES = new Set(["fault", "delay"]);

/** Whether a `Prefer` header asks for a transport fault (`fault=…` or `delay=…`), read as prefer.ts reads it. */
function asksForFault(prefer: string | undefined): boolean {
  if (!prefer) return false;
  return prefer.split(/[,;]/).some((part) => FAULT_PREFERENCES.has((part.split("=", 1)[0] ?? "").trim().toLowerCase()));
}

/** The refusal for a request only the stateful mock can answer, or undefined to pass it on to Prism. */
export function statefulOnlyRefusal(url: URL, prefer: string | undefined): StatefulOnlyBody | undefined {
  if (isControl(url) || url.pathname === "/__mock")
    return {
      error_code: STATEFUL_ONLY_CODE,
      error_msg: "vpcep-mock: the control API (/__mock/) needs the stateful mock: start it with vpcep-mock --stateful",
    };
  if (asksForFault(prefer))
    return {
      error_code: STATEFUL_ONLY_CODE,
      error_msg: "vpcep-mock: Prefer: fault=… and delay=… need the stateful mock: start it with vpcep-mock --stateful",
    };
  return undefined;
}
