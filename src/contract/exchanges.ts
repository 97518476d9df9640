// `vpcep-contract validate`: checks recorded exchanges offline, from a HAR file or JSON lines of
// `{ "request": { "method", "url" }, "response": { "status", "headers", "body" } }`.
import type { Observation } from "./coverage.js";
import { checkOfError, problemRequest, problemText, type Problem } from "./problems.js";
import type { CaseResult } from "./suite.js";
import { isJudgedPath, judgeRefusal, judgeRequest, judgeResponse } from "../document/judge.js";
import { createRedactor, redactUrl } from "../floor/redact.js";
import { jsonErrorPosition, whereJsonBreaks } from "../floor/json-position.js";
import { NoveltyCollector, type Novelty } from "./novelty.js";

export interface Exchange {
  method: string;
  url: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** Set when the recording holds only the first bytes of the answer (the HAR content's `truncated: …` comment). */
  truncated?: string;
  /** Set when the exchange did not complete (a HAR entry's comment: the upstream timed out, the caller left). */
  incomplete?: string;
}

export class RecordingError extends Error {
  override name = "RecordingError";
}

import type { HarHeader } from "../floor/shared-types.js";
const headerMap = (list: unknown): Record<string, string> =>
  Array.isArray(list)
    ? Object.fromEntries((list as HarHeader[]).map((h) => [String(h.name).toLowerCase(), String(h.value)]))
    : list && typeof list === "object"
      ? Object.fromEntries(Object.entries(list).map(([k, v]) => [k.toLowerCase(), String(v)]))
      : {};

function checkRequest(where: string, request: { method?: unknown; url?: unknown }): void {
  if (typeof request.url !== "string") throw new RecordingError(`${where}: request.url must be a string`);
  if (request.method !== undefined && typeof request.method !== "string")
    throw new RecordingError(`${where}: request.method must be a string`);
}

/**
 * Reads a HAR document or JSON lines into exchanges; throws RecordingError naming the line at fault.
 * A file that is one JSON document is a HAR whatever its line layout. JSON.parse of the whole text
 * stops after the first line of JSON lines (a second value follows), so no file is parsed twice whole.
 */
export function parseRecording(text: string): Exchange[] {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  let document: unknown;
  try {
    document = JSON.parse(trimmed);
  } catch {
    return notOneDocument(trimmed);
  }
  const entries = (document as { log?: { entries?: unknown } } | null)?.log?.entries;
  if (Array.isArray(entries)) return harEntries(entries);
  if (trimmed.includes("\n")) throw new RecordingError("one JSON document but not a HAR: it has no log.entries array");
  return jsonLines(trimmed);
}

/** A text JSON.parse refused whole: JSON lines when its first line is a JSON value, else a broken document. */
function notOneDocument(trimmed: string): Exchange[] {
  const lineEnd = trimmed.indexOf("\n");
  if (lineEnd === -1) throw new RecordingError(`not valid JSON${whereJsonBreaks(trimmed)}`);
  const first = jsonErrorPosition(trimmed.slice(0, lineEnd));
  // A sound first line, or one broken before its end: JSON lines, read line by line to name the bad one.
  if (first === undefined || !first.endsEarly) return jsonLines(trimmed);
  // The first line opens a value the next lines continue: one document (a HAR) that breaks somewhere.
  const nextEnd = trimmed.indexOf("\n", lineEnd + 1);
  const second = trimmed.slice(lineEnd + 1, nextEnd === -1 ? undefined : nextEnd);
  const alsoLines = jsonErrorPosition(second) === undefined ? "; read as JSON lines, line 1 is not JSON (it ends too early)" : "";
  throw new RecordingError(`not valid JSON${whereJsonBreaks(trimmed)}${alsoLines}`);
}

function harEntries(entries: unknown[]): Exchange[] {
  return entries.map((entry, index) => {
    const e = entry as {
      comment?: unknown;
      request?: { method?: string; url?: string };
      response?: { status?: number; headers?: unknown; content?: { text?: string; encoding?: string; comment?: unknown } };
    };
    const where = `HAR entry ${index + 1}`;
    if (!e.request?.url || typeof e.response?.status !== "number")
      throw new RecordingError(`${where} has no request.url or response.status`);
    checkRequest(where, e.request);
    const content = e.response.content?.text ?? "";
    let body = content;
    if (e.response.content?.encoding === "base64") {
      try {
        body = new TextDecoder().decode(Uint8Array.from(atob(content), (c) => c.charCodeAt(0)));
      } catch {
        throw new RecordingError(`${where}: response.content.text is not valid base64`);
      }
    }
    return {
      method: e.request.method ?? "GET",
      url: e.request.url,
      status: e.response.status,
      headers: headerMap(e.response.headers),
      body,
      ...(typeof e.response.content?.comment === "string" && e.response.content.comment.startsWith("truncated:")
        ? { truncated: e.response.content.comment }
        : {}),
      ...(typeof e.comment === "string" ? { incomplete: e.comment } : {}),
    };
  });
}

/** JSON lines, one exchange a line; throws RecordingError naming the line at fault. */
function jsonLines(trimmed: string): Exchange[] {
  return trimmed.split("\n").flatMap((line, index) => {
    if (line.trim() === "") return [];
    let record: { request?: { method?: string; url?: string }; response?: { status?: number; headers?: unknown; body?: unknown } };
    try {
      record = JSON.parse(line);
    } catch {
      const at = jsonErrorPosition(line);
      const where = at === undefined ? "" : at.endsEarly ? " (it ends too early)" : ` at column ${at.column}`;
      throw new RecordingError(`line ${index + 1} is not JSON${where}`);
    }
    if (!record.request?.url || typeof record.response?.status !== "number") {
      throw new RecordingError(`line ${index + 1} has no request.url or response.status`);
    }
    checkRequest(`line ${index + 1}`, record.request);
    return [
      {
        method: record.request.method ?? "GET",
        url: record.request.url,
        status: record.response.status,
        headers: headerMap(record.response.headers),
        body: record.response.body ?? "",
      },
    ];
  });
}

export interface Validated {
  results: CaseResult[];
  /** Exchanges of other operations: counted, not validated. */
  skipped: number;
  observations: Observation[];
  /** What the answers held that the document does not describe. */
  novelties: Novelty[];
}

/**
 * Whom `validate` judges. `server` (default): an invalid request answered with the documented
 * refusal is correct behaviour ("refused as documented"), one answered 200 is the server's failure,
 * and a parameter the document does not list is ignored by the service, so no finding. `client`:
 * every invalid request, an unlisted parameter included, is the caller's failure.
 */
export type Judge = "server" | "client";
export const JUDGES: readonly Judge[] = ["server", "client"];

export interface ValidateOptions {
  judge?: Judge;
  /** Masks secrets in the novelty report (the CLI passes the credentials it knows). */
  secrets?: readonly (string | undefined)[];
}

const parsedBody = (body: unknown) => {
  if (typeof body !== "string") return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
};

/** One result per exchange of the operation, numbered from 1 in file order and labelled with method and URL. */
export function validateExchanges(exchanges: readonly Exchange[], { judge = "server", secrets = [] }: ValidateOptions = {}): Validated {
  let skipped = 0;
  const observations: Observation[] = [];
  const novelty = new NoveltyCollector(createRedactor(secrets));
  const results = exchanges.flatMap((exchange, index): CaseResult[] => {
    // Absolute or relative (`/v1/…?token=…`), query parameters named like a secret are masked.
    const label = `exchange ${index + 1}: ${exchange.method.toUpperCase()} ${URL.canParse(exchange.url) ? redactUrl(exchange.url) : problemRequest(exchange.url).url}`;
    let url: URL;
    try {
      url = new URL(exchange.url, "http://recorded.local");
    } catch {
      const failure: Problem = { check: "url", path: "url", message: "not a URL" };
      return [
        {
          name: label,
          requests: [`${exchange.method} ${exchange.url}`],
          status: exchange.status,
          problems: [problemText(failure)],
          failures: [failure],
          ms: 0,
        },
      ];
    }
    if (!isJudgedPath(url.pathname)) {
      skipped++;
      return [];
    }
    const unseen =
      exchange.incomplete !== undefined || exchange.status === 0
        ? `no whole answer was recorded (${exchange.incomplete ?? "status 0"}); a network failure is not the contract's to judge`
        : exchange.truncated !== undefined
          ? `the recording holds only part of the answer (${exchange.truncated}); record with a larger --record-body-limit to check it`
          : undefined;
    if (unseen !== undefined) {
      // Part of an answer, or none, is not the answer: judging it would fail a correct server. The
      // request is still the caller's to answer for under --judge client.
      const line = `${exchange.method.toUpperCase()} ${redactUrl(url.href)}`;
      const request = problemRequest(line);
      const failures: Problem[] =
        judge === "client"
          ? judgeRequest(exchange.method, exchange.url).errors.map((e) => ({
              check: "request-schema",
              path: e.path,
              message: e.message,
              request,
            }))
          : [];
      return [
        {
          name: label,
          requests: [line],
          status: exchange.status,
          problems: failures.map((failure) => `request ${problemText(failure)}`),
          failures,
          ms: 0,
          notRun: unseen,
        },
      ];
    }
    const body = parsedBody(exchange.body);
    observations.push({ query: Object.fromEntries(url.searchParams), status: exchange.status, body });
    const shown = new URL(redactUrl(url.href));
    const requestLine = `${exchange.method.toUpperCase()} ${shown.pathname}${shown.search}`;
    const request = problemRequest(requestLine);
    novelty.add({
      where: `exchange ${index + 1}`,
      request: `${request.method} ${request.url}`,
      status: exchange.status,
      headers: exchange.headers,
      body,
    });
    // Each line names the side it is about: `request query.limit: …`, `response total_count: …`.
    const lines: string[] = [];
    const failures: Problem[] = [];
    const found = (problem: Problem, side = "") => {
      failures.push(problem);
      lines.push(`${side}${problemText(problem)}`);
    };
    const judged = judgeRequest(exchange.method, exchange.url);
    if (judged.method) found({ check: "method", path: judged.method.path, message: judged.method.message, request });
    // A parameter the document does not list is accepted and ignored by the service
    // (`x-unlisted-query-parameters: ignore`): the caller's mistake, never the server's.
    if (judge === "client")
      for (const e of judged.errors) found({ check: "request-schema", path: e.path, message: e.message, request }, "request ");
    const responseErrors = judgeResponse(exchange.status, exchange.headers, exchange.body);
    for (const e of responseErrors) found({ check: checkOfError(e), path: e.path, message: e.message, request }, "response ");
    let note: string | undefined;
    if (judge === "server") {
      const refusal = judgeRefusal(judged, exchange.status, body, responseErrors);
      if (refusal.kind === "failure")
        found({ check: refusal.check, path: refusal.error.path, message: refusal.error.message, request }, "response ");
      else if (refusal.kind === "refused as documented") note = `refused as documented (${refusal.why})`;
    }
    if (judge === "server" && judged.unlisted.length > 0 && failures.length === 0)
      note = [note, `${judged.unlisted.map((e) => e.path).join(", ")}: not a parameter of this operation; the service ignores it`]
        .filter(Boolean)
        .join("; ");
    return [
      {
        name: label,
        requests: [requestLine],
        status: exchange.status,
        problems: lines,
        failures,
        ms: 0,
        ...(note ? { note } : {}),
      },
    ];
  });
  return { results, skipped, observations, novelties: novelty.list() };
}
