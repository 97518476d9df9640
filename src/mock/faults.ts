// Behaviour a caller must survive: the gateway's throttling (429 APIGW.0308 beyond N requests per
// second per credential) and transport faults, asked for in `Prefer: fault=…` (prefer.ts reads it)
// or injected at random (a rate and a seed, reproducible), and how node:http sends each.
import { errorBodies } from "../document/facts.js";
import type { ServerResponse } from "node:http";
import { sleep } from "../floor/sleep.js";
import { type Outcome, proceed, stop } from "./exchange.js";
import { RANDOM_CODE_BODIES } from "../document/refusals.js";

// The faults' names and shape belong to the answer (exchange.ts), which carries one.
import type { Fault } from "./exchange.js";
export { FAULT_KINDS, type Fault, type FaultKind } from "./exchange.js";

/** A small seeded generator (mulberry32): the same seed gives the same sequence of faults. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a chaos run injects: a transport fault or a documented error status the caller must retry. */
export type RandomFault = { fault: Fault } | { code: 429 | 500 | 504 };

/** Picks a fault for `rate` of the requests (0 to 1), reproducibly from `seed`. */
export function createRandomFaults(rate: number, seed: number): () => RandomFault | undefined {
  const random = seededRandom(seed);
  const menu: RandomFault[] = [
    { fault: { kind: "reset" } },
    { fault: { kind: "truncate" } },
    { fault: { kind: "html-502" } },
    { fault: { kind: "delay", ms: 500 } },
    { fault: { kind: "slow-body", ms: 1000 } },
    { code: 429 },
    { code: 500 },
    { code: 504 },
  ];
  return () => {
    if (rate <= 0 || random() >= rate) return undefined;
    return menu[Math.floor(random() * menu.length)]!;
  };
}

/** The step that settles the fault a request is answered with, or answers it at once with an error status. */
export type FaultStep = (asked: { code?: number; fault?: Fault }, requestId: string) => Outcome<Fault | undefined>;

/**
 * The step of a chaos run (`--faults RATE`): for a request that asks for no fault and no code, maybe
 * a transport fault to send the answer with, maybe a documented error status to answer at once.
 * `rateLimit` is what a random 429 says the limit is.
 */
export function createChaos(rate: number, seed: number, rateLimit: number | undefined): FaultStep {
  const pick = createRandomFaults(rate, seed);
  return (asked, requestId) => {
    if (asked.fault || asked.code !== undefined) return proceed(asked.fault);
    const picked = pick();
    if (picked === undefined || "fault" in picked) return proceed(picked?.fault);
    return picked.code === 429 ? throttled(rateLimit ?? 1, requestId) : stop(picked.code, RANDOM_CODE_BODIES[picked.code]);
  };
}

/** The step without a chaos run: the fault the request asked for, if any. */
export const askedFault: FaultStep = (asked) => proceed(asked.fault);

/** A fixed one-second window per credential, like the gateway's `policy user … time:1 second`. */
export function createThrottle(perSecond: number, now: () => number = Date.now): (principal: string) => boolean {
  const windows = new Map<string, { second: number; count: number }>();
  return (principal) => {
    const second = Math.floor(now() / 1000);
    const window = windows.get(principal);
    if (!window || window.second !== second) {
      // Windows of past seconds count for nothing: drop them before they pile up (one per caller).
      if (!window && windows.size >= 1000) for (const [key, old] of windows) if (old.second !== second) windows.delete(key);
      windows.set(principal, { second, count: 1 });
      return true;
    }
    window.count++;
    return window.count <= perSecond;
  };
}

/**
 * What a throttled caller waits before its next try: the throttle's windows are whole seconds, so
 * the current one ends within a second, and a request sent a second later falls in a later window.
 */
export const RETRY_AFTER_SECONDS = 1;

/** The gateway's 429 `APIGW.0308`, with `Retry-After` saying when the next window opens. */
export const throttled = (limit: number, requestId: string): Outcome<never> => ({
  ok: false,
  reply: { status: 429, body: throttledBody(limit, requestId), headers: { "Retry-After": String(RETRY_AFTER_SECONDS) } },
});

export const throttledBody = (limit: number, requestId: string) => ({
  error_code: errorBodies["APIGW.0308"].error_code,
  error_msg: errorBodies["APIGW.0308"].error_msg.replace(/limit:\d+/, `limit:${limit}`),
  request_id: requestId,
});

export const HTML_502 =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

export const DEFAULT_SLOW_BODY_MS = 2000;

/**
 * Sends `body` with `fault` applied. `reset` drops the connection before any byte; `truncate`
 * announces the full length and sends half; `html-502` answers a proxy's HTML page; `delay` waits
 * then answers; `slow-body` sends the body in ten pieces spread over the time.
 */
export async function sendWithFault(
  res: ServerResponse,
  fault: Fault,
  status: number,
  headers: Record<string, string>,
  body: string,
): Promise<void> {
  const bytes = Buffer.from(body);
  switch (fault.kind) {
    case "reset":
      res.socket?.resetAndDestroy?.() ?? res.destroy();
      return;
    case "truncate":
      res.writeHead(status, { ...headers, "Content-Length": String(bytes.length) });
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
      return;
    case "html-502":
      res
        .writeHead(502, {
          "Content-Type": "text/html",
          "Content-Length": String(Buffer.byteLength(HTML_502)),
          "X-Request-Id": headers["X-Request-Id"] ?? "",
        })
        .end(HTML_502);
      return;
    case "delay":
      await sleep(fault.ms ?? 0, undefined);
      if (!res.destroyed) res.writeHead(status, headers).end(bytes);
      return;
    case "slow-body": {
      const total = fault.ms ?? DEFAULT_SLOW_BODY_MS;
      res.writeHead(status, { ...headers, "Content-Length": String(bytes.length) });
      const pieces = 10;
      const size = Math.ceil(bytes.length / pieces);
      for (let n = 0; n < pieces && !res.destroyed; n++) {
        res.write(bytes.subarray(n * size, (n + 1) * size));
        await sleep(total / pieces, undefined);
      }
      if (!res.destroyed) res.end();
      return;
    }
  }
}
