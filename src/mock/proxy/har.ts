// Recording exchanges as HAR 1.2, with every secret replaced by `***`: the credentials the caller's
// request carried (and any configured ones) in every form the upstream may echo them (raw,
// JSON-escaped, percent-encoded; `createRedactor`), in URLs, headers and bodies of the request and
// the answer; plus, by name, tokens, cookies, `Authorization`'s access key and signature, and
// key-like fields of JSON bodies and query strings. Every step is linear in the text.
//
// Writing: each entry is appended to a spool file (created exclusively in the target's folder,
// written through its descriptor only), so a long recording costs each entry once and holds no
// entry in memory. The HAR is published from the spool: a temporary file created exclusively
// (O_EXCL: never through a link planted at its name) in the same folder gets the spool and the
// closing brackets, then is renamed over the target (replacing a link there, never writing through
// it), so a reader always sees a whole HAR. Publishing copies the whole recording, so it happens at
// most every `flushMs` and only within a budget: all publishing together writes at most
// PUBLISH_BUDGET times the bytes recorded, plus PUBLISH_ALLOWANCE (a large recording is published
// when it has grown by a quarter since, a small one every `flushMs`). On close it is published whole.
import { randomBytes } from "node:crypto";
import { open, rename, unlink, type FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { createMasker, MASK, MIN_SECRET, redactBody as redactDecoded, redactUrl, SECRET_FIELD, type Masker } from "../../floor/redact.js";
import type { HarHeader } from "../../floor/shared-types.js";

export type { HarHeader };

/** A body as recorded: its first bytes (at most the record limit) and how many there were in all. */
export interface RecordedBody {
  /** The text recorded: the whole body, or its first bytes when `truncated`. */
  text: string;
  /** Bytes on the wire. */
  size: number;
  /** Why the text is not the whole body, when it is not. */
  truncated?: string;
}

export interface RecordedExchange {
  started: Date;
  ms: number;
  method: string;
  url: string;
  requestHeaders: HarHeader[];
  requestBody: RecordedBody;
  status: number;
  statusText: string;
  responseHeaders: HarHeader[];
  responseBody: RecordedBody;
  /** What went wrong with the exchange (timeout, the caller left), for the entry's comment. */
  comment?: string;
}

const SECRET_HEADERS = new Set(["x-auth-token", "x-subject-token", "x-security-token", "cookie", "set-cookie", "proxy-authorization"]);

export function redactHeader(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (SECRET_HEADERS.has(lower)) return MASK;
  if (lower === "authorization") {
    const signed = /^(SDK-HMAC-SHA256)\s+Access=[^,]*,\s*SignedHeaders=([^,]*),\s*Signature=\S*/.exec(value);
    return signed ? `${signed[1]} Access=${MASK}, SignedHeaders=${signed[2]}, Signature=${MASK}` : MASK;
  }
  return value;
}

/**
 * The credentials a request carries, as values to mask wherever they appear: tokens, the security
 * token, cookies' values, and `Authorization`'s access key and signature (or its whole value).
 * `session` are kept for the whole recording (an upstream may echo them later); `exchange` only
 * for this exchange (a signature is new with every request).
 */
export function credentialsOf(headers: readonly HarHeader[]): { session: string[]; exchange: string[] } {
  const session: string[] = [];
  const exchange: string[] = [];
  for (const { name, value } of headers) {
    const lower = name.toLowerCase();
    if (lower === "x-auth-token" || lower === "x-subject-token" || lower === "x-security-token") session.push(value.trim());
    else if (lower === "cookie") {
      // Only cookie values long enough to be a session's secret: `lang=en` must not mask every "en".
      for (const pair of value.split(";")) {
        const cookie = pair.slice(pair.indexOf("=") + 1).trim();
        if (cookie.length >= 8) session.push(cookie);
      }
    } else if (lower === "authorization" || lower === "proxy-authorization") {
      // The access key runs to `, SignedHeaders=`: a key with a comma in it is still masked whole.
      const signed =
        /Access=([\s\S]*?),\s*SignedHeaders=[\s\S]*Signature=([^,]*)/.exec(value) ?? /Access=([^,]*),[\s\S]*Signature=([^,]*)/.exec(value);
      if (signed) {
        session.push(signed[1]!.trim());
        exchange.push(signed[2]!.trim());
      } else {
        session.push(value.trim(), value.replace(/^\S+\s+/, "").trim());
      }
    }
  }
  return { session, exchange };
}

function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        SECRET_FIELD.test(key) && inner !== null && typeof inner !== "object" ? MASK : redactJson(inner),
      ]),
    );
  }
  return value;
}

// `name=value` or `"name": "value"` pairs of a text that is not JSON. A name is matched from its
// first character only (the look-behind) and at most 256 characters long, its value found by a
// plain scan: no quantifier runs over an unbounded stretch, so the scan is linear and its
// backtracking bounded (the pattern before took 11 s on 100 KB of text).
const NAMED_PAIR = /(?<![\w.-])("?)([\w.-]{1,256})("?[ \t]{0,64}[:=][ \t]{0,64}"?)/g;
const VALUE_END = new Set(['"', "&", ",", "}", " ", "\t", "\n", "\r", "\f", "\v"]);

function redactNamedPairs(text: string): string {
  const pattern = new RegExp(NAMED_PAIR);
  let out = "";
  let copied = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (!SECRET_FIELD.test(match[2]!)) continue;
    // Scanned only after a secret's name, and never again: each character is looked at once.
    const start = match.index + match[0].length;
    let end = start;
    while (end < text.length && !VALUE_END.has(text[end]!)) end++;
    if (end === start) continue;
    out += `${text.slice(copied, start)}${MASK}`;
    copied = end;
    pattern.lastIndex = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** A JSON body with key-like fields masked; a body that is not JSON with its `secret=value` pairs masked. */
export function redactBody(text: string): string {
  if (text === "") return text;
  try {
    return JSON.stringify(redactJson(JSON.parse(text)));
  } catch {
    return redactNamedPairs(text);
  }
}

/** The longest form (raw, JSON-escaped, percent-encoded) `secret` can take on the wire, in UTF-16 units. */
function longestForm(secret: string): number {
  let length = 0;
  for (const char of secret) length += Math.max(6 * char.length, 3 * Buffer.byteLength(char), 2);
  return length;
}

/**
 * A body's first bytes may end inside a secret: every whole form is masked later, and here the text
 * is cut where the start of a form could still be cut short: the first character, among the last
 * `longest` (the longest form of any secret), that can begin one (a secret's first character, or
 * `\\`, `%`, `+` of the escaped forms), unless a whole form covers that point. So no beginning of a
 * secret is recorded either.
 */
function redactTruncated(text: string, masker: Masker, longest: number, starts: ReadonlySet<string>): string {
  if (longest === 0) return text;
  let cut = text.length;
  for (let i = Math.max(0, text.length - longest); i < text.length; i++) {
    if (starts.has(text[i]!)) {
      cut = i;
      break;
    }
  }
  if (cut === text.length) return text;
  for (const [start, end] of masker.spans(text)) {
    if (start <= cut && end > cut) cut = end;
    if (start > cut) break;
  }
  return text.slice(0, cut);
}

const headersSize = -1;
/** Bytes publishing may write for each byte recorded, and besides: so writes stay proportional to the recording. */
const PUBLISH_BUDGET = 4;
const PUBLISH_ALLOWANCE = 1024 * 1024;
/** Session credentials kept to mask (the most recent); beyond, the oldest are forgotten. */
export const MAX_SESSION_SECRETS = 64;

export interface HarRecorderOptions {
  /** The HAR file. Its folder must exist. */
  file: string;
  creatorVersion: string;
  /** Values masked in every entry, besides the credentials each request carries. */
  secrets?: readonly string[];
  /** The longest time the file on disk may lag behind the last entry (default 1000 ms). */
  flushMs?: number;
  /** Called when writing fails (disk full, folder removed): the recording goes on in the spool. */
  onError?: (message: string) => void;
}

/** Opens `name-like` files exclusively in `folder`, trying another name while one exists (a planted link). */
async function createExclusive(folder: string, stem: string, suffix: string): Promise<{ handle: FileHandle; path: string }> {
  for (let attempt = 0; ; attempt++) {
    const path = join(folder, `.${stem}.${process.pid}.${attempt < 8 ? attempt : randomBytes(6).toString("hex")}${suffix}`);
    try {
      return { handle: await open(path, "wx+", 0o600), path };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 64) throw error;
    }
  }
}

export class HarRecorder {
  private readonly configured: readonly string[];
  private readonly session = new Map<string, true>();
  private redactor: { key: string; masker: Masker; longest: number; starts: ReadonlySet<string> } | undefined;
  private spool: { handle: FileHandle; path: string } | undefined;
  private spoolSize = 0;
  private entries = 0;
  private writing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private published = 0;
  /** Bytes all publishing wrote so far, against the budget. */
  private publishedBytes = 0;

  /** Bytes written so far: the entries once (to the spool), and every publishing of the HAR. */
  get bytesWritten(): number {
    return this.spoolSize + this.publishedBytes;
  }
  private closed = false;
  private readonly flushMs: number;
  private readonly head: string;

  private constructor(private readonly options: HarRecorderOptions) {
    this.configured = options.secrets ?? [];
    this.flushMs = options.flushMs ?? 1000;
    this.head = `{"log":{"version":"1.2","creator":${JSON.stringify({ name: "vpcep-mock", version: options.creatorVersion })},"entries":[`;
  }

  /** Creates the spool and publishes an empty HAR, so the file exists (and is valid) from the start. */
  static async open(options: HarRecorderOptions): Promise<HarRecorder> {
    const recorder = new HarRecorder(options);
    try {
      recorder.spool = await createExclusive(dirname(options.file), basename(options.file), ".entries");
      await recorder.publish();
    } catch (error) {
      await recorder.spool?.handle.close().catch(() => undefined);
      if (recorder.spool) await unlink(recorder.spool.path).catch(() => undefined);
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new Error(`cannot record to ${options.file}: ${code} (the folder must be writable and the path not a folder)`);
    }
    return recorder;
  }

  private redactorFor(extra: readonly string[]) {
    const known = [...new Set([...this.configured, ...this.session.keys(), ...extra])].filter((s) => s.length >= MIN_SECRET);
    const key = known.join("\u0000");
    if (this.redactor?.key !== key) {
      const starts = new Set(["\\", "%", "+", ...known.map((secret) => String.fromCodePoint(secret.codePointAt(0)!))]);
      // A secret starting with an astral character begins with its high surrogate in the text.
      for (const secret of known) starts.add(secret[0]!);
      this.redactor = { key, masker: createMasker(known), longest: Math.max(0, ...known.map(longestForm)), starts };
    }
    return this.redactor;
  }

  /** The entry for an exchange, with every secret masked, as HAR 1.2. */
  entryOf(exchange: RecordedExchange): Record<string, unknown> {
    const { session, exchange: own } = credentialsOf(exchange.requestHeaders);
    for (const secret of session) {
      if (secret.length < 4) continue;
      this.session.delete(secret);
      this.session.set(secret, true);
      if (this.session.size > MAX_SESSION_SECRETS) this.session.delete(this.session.keys().next().value as string);
    }
    const { masker, longest, starts } = this.redactorFor(own);
    const redact = masker.redact;
    // Masked before and after the by-name pass, which may rewrite a JSON body's escapes; the last
    // pass also masks what a reader decodes from a JSON body (a secret the upstream escaped twice).
    const text = (body: RecordedBody) =>
      redactDecoded(
        redact,
        redactBody(redact(body.truncated === undefined ? body.text : redactTruncated(body.text, masker, longest, starts))),
      );
    const headers = (list: HarHeader[]) =>
      list.map(({ name, value }) => ({ name: redact(name), value: redact(redactHeader(name, value)) }));
    const url = redact(redactUrl(exchange.url));
    const requestHeaders = headers(exchange.requestHeaders);
    const responseHeaders = headers(exchange.responseHeaders);
    const typeOf = (list: HarHeader[]) => list.find((h) => h.name.toLowerCase() === "content-type")?.value ?? "";
    const note = (body: RecordedBody) => (body.truncated === undefined ? {} : { comment: redact(body.truncated) });
    const requestText = text(exchange.requestBody);
    let queryString: { name: string; value: string }[] = [];
    try {
      queryString = [...new URL(url).searchParams].map(([name, value]) => ({ name, value: redact(value) }));
    } catch {}
    return {
      startedDateTime: exchange.started.toISOString(),
      time: exchange.ms,
      request: {
        method: exchange.method,
        url,
        httpVersion: "HTTP/1.1",
        cookies: [],
        headers: requestHeaders,
        queryString,
        ...(exchange.requestBody.size === 0
          ? {}
          : { postData: { mimeType: typeOf(exchange.requestHeaders), text: requestText, ...note(exchange.requestBody) } }),
        headersSize,
        bodySize: exchange.requestBody.size,
      },
      response: {
        status: exchange.status,
        statusText: redact(exchange.statusText),
        httpVersion: "HTTP/1.1",
        cookies: [],
        headers: responseHeaders,
        content: {
          size: exchange.responseBody.size,
          mimeType: typeOf(exchange.responseHeaders),
          text: text(exchange.responseBody),
          ...note(exchange.responseBody),
        },
        redirectURL: "",
        headersSize,
        bodySize: exchange.responseBody.size,
      },
      cache: {},
      timings: { send: 0, wait: exchange.ms, receive: 0 },
      ...(exchange.comment === undefined ? {} : { comment: redact(exchange.comment) }),
    };
  }

  /** Redacts the exchange and appends it to the spool; the HAR on disk follows within `flushMs`. */
  add(exchange: RecordedExchange): void {
    if (this.closed) return;
    // One entry a line, indented: a line starting with `{` would read as JSON lines to some readers.
    const line = `${this.entries++ === 0 ? "\n" : ",\n"}  ${JSON.stringify(this.entryOf(exchange))}`;
    this.enqueue(async () => {
      const bytes = Buffer.from(line);
      await this.spool!.handle.write(bytes, 0, bytes.length, this.spoolSize);
      this.spoolSize += bytes.length;
    });
    this.schedule();
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    this.writing = this.writing.then(step).catch((error: unknown) => {
      this.options.onError?.(`recording to ${this.options.file} failed: ${(error as Error).message}`);
    });
    return this.writing;
  }

  private schedule() {
    if (this.timer || this.closed) return;
    const wait = Math.max(0, this.published + this.flushMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.enqueue(async () => {
        // Over budget: the next entry tries again; close publishes whatever the budget.
        const size = this.head.length + this.spoolSize;
        if (this.publishedBytes + size <= PUBLISH_BUDGET * this.spoolSize + PUBLISH_ALLOWANCE) await this.publish();
      });
    }, wait);
  }

  /** Copies the spool into a new exclusive temporary file, closes the brackets, renames it over the target. */
  private async publish(): Promise<void> {
    const temp = await createExclusive(dirname(this.options.file), basename(this.options.file), ".tmp");
    try {
      let offset = 0;
      const head = Buffer.from(this.head);
      await temp.handle.write(head, 0, head.length, 0);
      offset += head.length;
      const chunk = Buffer.allocUnsafe(1024 * 1024);
      for (let read = 0; read < this.spoolSize; ) {
        const { bytesRead } = await this.spool!.handle.read(chunk, 0, Math.min(chunk.length, this.spoolSize - read), read);
        if (bytesRead === 0) break;
        await temp.handle.write(chunk, 0, bytesRead, offset);
        read += bytesRead;
        offset += bytesRead;
      }
      const tail = Buffer.from(`${this.entries ? "\n" : ""}]}}\n`);
      await temp.handle.write(tail, 0, tail.length, offset);
      await temp.handle.close();
      await rename(temp.path, this.options.file);
      this.published = Date.now();
      this.publishedBytes += offset + tail.length;
    } catch (error) {
      await temp.handle.close().catch(() => undefined);
      await unlink(temp.path).catch(() => undefined);
      throw error;
    }
  }

  /** Writes what is pending, publishes the HAR a last time and removes the spool. */
  async close(): Promise<void> {
    if (this.closed) return this.writing;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.enqueue(() => this.publish());
    await this.spool?.handle.close().catch(() => undefined);
    if (this.spool) await unlink(this.spool.path).catch(() => undefined);
  }
}
