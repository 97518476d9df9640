// The stateful mock's request and answer as plain data, so that its steps run the same behind
// node:http (node-http.ts) or a fetch handler (a `Request` in, a `Response` out).
import type { BodyReader } from "./body.js";

/** The transport faults a caller may ask for (`Prefer: fault=…`) or the mock injects. */
export const FAULT_KINDS = ["reset", "truncate", "html-502", "delay", "slow-body"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
/** How the transport misbehaves while sending an answer. */
export interface Fault {
  kind: FaultKind;
  /** For `delay`: the wait before answering; for `slow-body`: the time the body takes. */
  ms?: number;
}

/** Header names in lower case, as node:http gives them and `Headers` iterates them. */
export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

export interface MockRequest {
  method: string;
  /** The request target as sent: path and query (`/v1/p/vpc-endpoint-services?limit=5`). */
  target: string;
  headers: RequestHeaders;
  body: BodyReader;
}

/** A decision of a step: the status and the body to answer with, before it is checked and sent. */
export interface Reply {
  status: number;
  body: unknown;
  /** Headers the answer carries besides Content-Type and X-Request-Id (a 429's Retry-After). */
  headers?: Record<string, string>;
}

/** What goes back to the caller. `fault`, when set, is how the transport misbehaves while sending it. */
export interface MockAnswer {
  status: number;
  headers: Record<string, string>;
  /** The body as text; "" for none. */
  body: string;
  fault?: Fault;
}

/** A step's result: go on with `value`, or stop and answer `reply`. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; reply: Reply };

export const proceed = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const stop = (status: number, body: unknown): Outcome<never> => ({ ok: false, reply: { status, body } });

/** One header's value as text (repeated headers joined as HTTP joins them). */
export const headerText = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value.join(", ") : value);
