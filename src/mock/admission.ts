// The gateway in front of the service: the caller's credentials (gateway.ts), then its share of the
// rate limit (429 APIGW.0308 beyond N requests per second per credential).
import type { MockRequest, Outcome } from "./exchange.js";
import { proceed, stop } from "./exchange.js";
import { createThrottle, throttled } from "./faults.js";
import type { Gateway } from "./gateway.js";
import { credentialRefusal } from "../document/refusals.js";

export interface Admission {
  /** The step: go on, or the gateway's 401 or 429. */
  admit(request: MockRequest, url: URL, requestId: string): Promise<Outcome<void>>;
  /** Forgets every throttling window (the control API's reset). */
  reset(): void;
}

export function createAdmission(gateway: Gateway, rateLimit: number | undefined): Admission {
  let throttle = rateLimit === undefined ? undefined : createThrottle(rateLimit);
  return {
    async admit(request, url, requestId) {
      const verdict = await gateway.check("GET", url, request.headers, request.body);
      if (!verdict.ok) return stop(verdict.status, credentialRefusal(verdict, requestId));
      if (throttle && !throttle(verdict.principal)) return throttled(rateLimit!, requestId);
      return proceed(undefined);
    },
    reset() {
      if (rateLimit !== undefined) throttle = createThrottle(rateLimit);
    },
  };
}
