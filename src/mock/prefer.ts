// The `Prefer` header, as Prism reads it: `code=<status>[, example=<name>]` asks for one of the
// document's examples, `fault=…` (or `delay=<ms>`) for a transport fault. This reads the header and
// picks the documented answer it asks for.
import { defaultResponse, examplesByStatus } from "../document/facts.js";
import { documentedExamples, type Json } from "../document/examples.js";
import { type Outcome, proceed, type Reply, stop } from "./exchange.js";
import { FAULT_KINDS, type Fault, type FaultKind } from "./faults.js";
import { parameterError } from "../document/refusals.js";

/** What a `Prefer` header asks for. */
export interface Preference {
  code?: number;
  example?: string;
  fault?: Fault;
}

export class PreferError extends Error {
  override name = "PreferError";
}

const MAX_FAULT_MS = 60_000;

function faultMs(kind: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Number(text);
  if (!/^\d+$/.test(text) || ms > MAX_FAULT_MS)
    throw new PreferError(`Prefer: fault=${kind}=${text}: the time must be whole milliseconds from 0 to ${MAX_FAULT_MS}`);
  return ms;
}

/** One `name=value` of a `Prefer` header (RFC 7240): the name in lower case, the value unquoted ("" when none). */
export function preferenceOf(item: string): { name: string; value: string } {
  const at = item.indexOf("=");
  const name = (at === -1 ? item : item.slice(0, at)).trim().toLowerCase();
  const value =
    at === -1
      ? ""
      : item
          .slice(at + 1)
          .trim()
          .replace(/^"(.*)"$/, "$1");
  return { name, value };
}

/**
 * Reads `Prefer: code=429, example=APIGW-0308` and `Prefer: fault=reset` (also `fault=delay=500`,
 * `fault=slow-body=3000`, and `delay=500` alone). Throws PreferError naming what is wrong.
 */
export function parsePrefer(header: string | undefined): Preference {
  const preference: Preference = {};
  if (!header) return preference;
  for (const part of header.split(/[,;]/)) {
    if (part.trim() === "") continue;
    const { name, value } = preferenceOf(part);
    if (name === "code") {
      if (!/^[1-5]\d\d$/.test(value)) throw new PreferError(`Prefer: code=${value}: not an HTTP status`);
      preference.code = Number(value);
    } else if (name === "example") {
      preference.example = value;
    } else if (name === "fault") {
      const [kind = "", ms] = value.split("=", 2);
      if (!(FAULT_KINDS as readonly string[]).includes(kind))
        throw new PreferError(`Prefer: fault=${kind}: unknown fault; known: ${FAULT_KINDS.join(", ")}`);
      const parsed = faultMs(kind, ms);
      preference.fault = parsed === undefined ? { kind: kind as FaultKind } : { kind: kind as FaultKind, ms: parsed };
    } else if (name === "delay") {
      preference.fault = { kind: "delay", ms: faultMs("delay", value) ?? 0 };
    }
    // Other preferences (dynamic=, return=, …) are Prism's or RFC 7240's and are ignored here.
  }
  return preference;
}

/** The step: the request's preference, or a 400 `EndPoint.0002` naming what is wrong with the header. */
export function readPreference(header: string | undefined): Outcome<Preference> {
  try {
    return proceed(parsePrefer(header));
  } catch (error) {
    return stop(400, parameterError((error as Error).message));
  }
}

/** The statuses the `default` response covers (its `x-statuses`), answered with its examples. */
const DEFAULT_STATUSES: readonly number[] = defaultResponse?.statuses ?? [];
let defaultExamples: Map<string, Json> | undefined;

/** The examples `code=N` picks from: the status's own, or the `default` response's for a status it covers. */
function examplesFor(code: number): Map<string, Json> | undefined {
  const own = documentedExamples().get(code);
  if (own || !DEFAULT_STATUSES.includes(code)) return own;
  defaultExamples ??= new Map(
    Object.entries((examplesByStatus as Readonly<Record<string, Readonly<Record<string, Json>>>>)["default"] ?? {}),
  );
  return defaultExamples;
}

/**
 * `code=N[, example=name]`: the document's example for that status (the first when none is named;
 * for a status the `default` response covers, one of its examples), with the request's own id
 * where the example carries one. Undefined for `code=200` without an example: the real page.
 * Throws PreferError for a status or an example the document lacks.
 */
export function preferredReply(code: number, example: string | undefined, requestId: string): Reply | undefined {
  const named = examplesFor(code);
  if (!named) {
    const documented = [...documentedExamples().keys()].join(", ");
    const covered = DEFAULT_STATUSES.length > 0 ? `; and through the default response: ${DEFAULT_STATUSES.join(", ")}` : "";
    throw new PreferError(`Prefer: code=${code}: not a documented status; documented: ${documented}${covered}`);
  }
  if (code === 200 && example === undefined) return undefined;
  const name = example ?? named.keys().next().value;
  if (name === undefined || !named.has(name)) {
    throw new PreferError(`Prefer: example=${example}: no such example for ${code}; known: ${[...named.keys()].join(", ") || "none"}`);
  }
  const body = named.get(name);
  return {
    status: code,
    body: body && typeof body === "object" && !Array.isArray(body) && "request_id" in body ? { ...body, request_id: requestId } : body,
  };
}

/**
 * The step: the documented answer a `code=` preference asks for (undefined: none asked, serve the
 * real page), or a 400 when the document has no such answer.
 */
export function choosePreferred(preference: Preference, requestId: string): Outcome<Reply | undefined> {
  if (preference.code === undefined) return proceed(undefined);
  try {
    return proceed(preferredReply(preference.code, preference.example, requestId));
  } catch (error) {
    return stop(400, parameterError((error as Error).message));
  }
}
