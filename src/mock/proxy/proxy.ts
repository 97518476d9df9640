// `vpcep-mock --proxy <upstream>`: forwards every request to a real endpoint, validates the request
// and the answer against the contract, reports each violation as it happens, and records the
// exchanges as HAR 1.2 (secrets masked). The caller receives the upstream's answer byte for byte.
// Bodies stream through both ways; at most `recordBodyLimit` bytes of each are kept (to record, and
// to validate an answer that fits whole); a silent upstream times out; a caller that leaves aborts
// the upstream request.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { isJudgedPath, judgeRefusal, judgeRequest, judgeResponse, type JudgedRequest } from "../../document/judge.js";
import { cut, neutralize, withoutCommands } from "../../floor/printable.js";
import { createRedactor, redactUrl } from "../../floor/redact.js";
import { credentialsOf, HarRecorder, MAX_SESSION_SECRETS, type HarHeader } from "./har.js";
import { type ConnectionBounds, listen } from "../listen.js";
import type { RunningMock } from "../running.js";

export interface ProxyOptions {
  /** The upstream's base URL (`https://vpcep.eu-de.otc.t-systems.com`); the request path is appended. */
  upstream: string;
  host?: string;
  port?: number;
  /** A HAR file to write the exchanges to. */
  record?: string;
  /** Called with each violation of the contract, as it happens. */
  onViolation?: (line: string) => void;
  /** Written into the HAR's creator. */
  version?: string;
  /** The most bytes of each body (request and answer) kept to record and to validate; the rest is relayed, not kept. */
  recordBodyLimit?: number;
  /** How long the upstream may send nothing (before its answer or within its body) before the exchange fails: 504, or the answer cut. */
  upstreamTimeoutMs?: number;
  /** Values masked in the recording and the report, besides the credentials each request carries. */
  secrets?: readonly string[];
  /** The longest time the HAR file may lag behind the last exchange (default 1000 ms). */
  recordFlushMs?: number;
  /** Bounds on the proxy's own connections (callers to it). */
  connections?: ConnectionBounds;
}

export class ProxyConfigError extends Error {
  override name = "ProxyConfigError";
}

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

export function parseUpstream(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ProxyConfigError(
      `--proxy ${JSON.stringify(text.replace(/\/\/[^/@]*@/, "//***@"))} is not a URL; give the upstream's base URL, e.g. https://vpcep.eu-de.otc.t-systems.com`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new ProxyConfigError(`--proxy must be an http or https URL, got ${url.protocol}`);
  if (url.search || url.hash) throw new ProxyConfigError("--proxy takes a base URL without query or fragment");
  return url;
}

/**
 * The recorded text of a body kept whole: decoded when the answer is compressed, at most `limit`
 * bytes decoded (a small compressed body may inflate to gigabytes); undefined when it cannot be.
 */
function decoded(body: Buffer, encoding: string | undefined, limit: number): string | undefined {
  const bounded = { maxOutputLength: Math.max(1, limit) };
  try {
    if (encoding === "gzip") return gunzipSync(body, bounded).toString("utf8");
    if (encoding === "br") return brotliDecompressSync(body, bounded).toString("utf8");
    if (encoding === "deflate") return inflateSync(body, bounded).toString("utf8");
  } catch {
    return undefined;
  }
  return body.toString("utf8");
}

/** The proxy's own answers (never the upstream's): a JSON body naming who failed, shaped like the service's errors. */
function fail(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify({ error_code: code, error_msg: message }));
}

/** The first `limit` bytes of a body that streams past, and its size. */
class BodyTap {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  size = 0;
  constructor(private readonly limit: number) {}
  take(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.kept >= this.limit) return;
    const part = chunk.length > this.limit - this.kept ? chunk.subarray(0, this.limit - this.kept) : chunk;
    this.chunks.push(Buffer.from(part));
    this.kept += part.length;
  }
  get whole(): boolean {
    return this.size <= this.limit;
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

const harHeaders = (raw: readonly string[]): HarHeader[] => {
  const list: HarHeader[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) list.push({ name: raw[i]!, value: raw[i + 1]! });
  return list;
};

/** The report's bounds: lines of one exchange, characters of its URL in a line, characters kept by `output()`. */
export const PROXY_REPORT_LIMITS = {
  /** Lines reported for one exchange; the rest are summed up in one more line (`… and N more problems of this exchange`). */
  linesPerExchange: 10,
  /** Characters of the request's URL shown in a line (masked first, then cut). */
  urlChars: 256,
  /** Characters of a line, past which it is cut (masked first). */
  lineChars: 2048,
  /** Characters `output()` keeps: the most recent lines. */
  outputChars: 256 * 1024,
} as const;

/** A line of the report as it is printed: masked, then cut, on one line, never a workflow command. */
const printable = (masked: string, max: number) => withoutCommands(neutralize(cut(masked, max)));

export const PROXY_DEFAULTS = {
  /** The most bytes of each body kept to record and to validate: 1 MiB. */
  recordBodyLimit: 1024 * 1024,
  /** How long the upstream may stay silent (before its answer, or within its body): 60 s. */
  upstreamTimeoutMs: 60_000,
} as const;

export async function startProxy(options: ProxyOptions): Promise<RunningMock & { description: string }> {
  const { host = "127.0.0.1", port = 0, onViolation } = options;
  const upstream = parseUpstream(options.upstream);
  const limit = options.recordBodyLimit ?? PROXY_DEFAULTS.recordBodyLimit;
  const timeoutMs = options.upstreamTimeoutMs ?? PROXY_DEFAULTS.upstreamTimeoutMs;
  // The most recent lines only: a proxy that runs for days must not hold all it ever printed.
  let log: string[] = [];
  let logChars = 0;
  const keep = (line: string) => {
    log.push(line);
    logChars += line.length + 1;
    if (logChars > 2 * PROXY_REPORT_LIMITS.outputChars) {
      let drop = 0;
      while (logChars > PROXY_REPORT_LIMITS.outputChars && drop < log.length) logChars -= log[drop++]!.length + 1;
      log = log.slice(drop);
    }
  };
  const recorder = options.record
    ? await HarRecorder.open({
        file: options.record,
        creatorVersion: options.version ?? "0.0.0",
        ...(options.secrets ? { secrets: options.secrets } : {}),
        ...(options.recordFlushMs === undefined ? {} : { flushMs: options.recordFlushMs }),
        onError: (message) => reportLine(`vpcep-mock: ${message}`),
      })
    : undefined;
  const basePath = upstream.pathname.replace(/\/$/, "");
  // Lines of the report never carry a credential, in any form (a violation may quote the answer):
  // they are masked with the configured secrets and every credential a request carried since the
  // start (the most recent MAX_SESSION_SECRETS), as the recording is, plus the exchange's own
  // (a signature, new with every request).
  const configured = options.secrets ?? [];
  const seen = new Map<string, true>();
  let mask: ((text: string) => string) | undefined;
  const remember = (secrets: readonly string[]) => {
    for (const secret of secrets) {
      if (secret.length < 4 || seen.has(secret)) continue;
      seen.set(secret, true);
      if (seen.size > MAX_SESSION_SECRETS) seen.delete(seen.keys().next().value as string);
      mask = undefined;
    }
  };
  // Compiled when a line is reported (rare), and again only after a new credential came by.
  const maskAll = (text: string) => (mask ??= createRedactor([...configured, ...seen.keys()]))(text);

  function reportLine(line: string, own: (text: string) => string = (text) => text) {
    const shown = printable(own(maskAll(line)), PROXY_REPORT_LIMITS.lineChars);
    keep(shown);
    try {
      onViolation?.(shown);
    } catch {
      // A report that cannot be written (a closed stderr) never takes the relay down.
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const started = new Date();
    const requestHeaders = harHeaders(req.rawHeaders);
    const credentials = credentialsOf(requestHeaders);
    remember(credentials.session);
    // Compiled when a line is reported (rare): a signed request's signature is new every time.
    let exchangeMask: ((text: string) => string) | undefined;
    const own = (text: string) => (exchangeMask ??= createRedactor(credentials.exchange))(text);
    // At most linesPerExchange lines an exchange; the rest counted, and summed up when it is over.
    let reported = 0;
    let unreported = 0;
    const report = (line: string) => {
      if (reported++ < PROXY_REPORT_LIMITS.linesPerExchange) reportLine(line, own);
      else unreported++;
    };
    // Only origin-form targets (`/path?query`), joined as text: a target such as `//other.host/x` or
    // `http://other.host/x` must never carry the caller's credentials anywhere but the upstream.
    const path = req.url ?? "/";
    const target = path.startsWith("/") ? new URL(`${upstream.origin}${basePath}${path}`) : undefined;
    if (!target || target.origin !== upstream.origin) {
      req.resume();
      fail(res, 400, "vpcep-mock.proxy", "the proxy forwards only origin-form request targets (/path?query)");
      return;
    }
    const covered = isJudgedPath(target.pathname);
    const redacted = new URL(redactUrl(target.toString()));
    // Masked before it is cut: a credential in the URL leaves none of its characters in the cut.
    const url = own(maskAll(`${redacted.pathname}${redacted.search}`));
    const shown = `${req.method} ${cut(url, PROXY_REPORT_LIMITS.urlChars)}`;
    const judged: JudgedRequest | undefined = covered ? judgeRequest(req.method ?? "GET", target) : undefined;
    if (judged) {
      if (judged.method) report(`vpcep-mock: ${shown}: request ${judged.method.path}: ${judged.method.message}`);
      for (const error of judged.errors) report(`vpcep-mock: ${shown}: request ${error.path}: ${error.message}`);
    }

    const headers: IncomingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
    headers.host = target.host;
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    const outgoing = send(target, { method: req.method ?? "GET", headers });
    const sentBody = new BodyTap(limit);
    const receivedBody = new BodyTap(limit);
    let answer: IncomingMessage | undefined;
    let settled = false;

    /** The exchange is over (answered, failed, timed out or abandoned): record it once. */
    const finish = (comment?: string) => {
      if (settled) return;
      settled = true;
      silence.end();
      try {
        judgeAndRecord(comment);
      } catch (error) {
        // A failure to judge or record never takes the relay down: it is reported, the exchange goes on.
        reportLine(`vpcep-mock: ${shown}: could not judge or record this exchange: ${error instanceof Error ? error.message : "unknown"}`);
      }
      if (unreported > 0)
        reportLine(
          `vpcep-mock: ${shown}: … and ${unreported} more problem${unreported === 1 ? "" : "s"} of this exchange (the first ${PROXY_REPORT_LIMITS.linesPerExchange} are shown)`,
        );
    };

    const judgeAndRecord = (comment?: string) => {
      if (comment !== undefined) report(`vpcep-mock: ${shown}: ${comment}`);
      const status = answer?.statusCode ?? 0;
      const encoding = answer?.headers["content-encoding"];
      let responseText: string | undefined;
      let responseNote: string | undefined;
      if (!receivedBody.whole) {
        responseNote = `truncated: the first ${limit} of ${receivedBody.size} bytes are recorded (--record-body-limit)`;
        responseText = encoding && encoding !== "identity" ? "" : receivedBody.bytes().toString("utf8");
        if (covered && answer && comment === undefined)
          report(
            `vpcep-mock: ${shown} → ${status}: response body of ${receivedBody.size} bytes is larger than --record-body-limit ${limit}; not validated`,
          );
      } else if (answer) {
        responseText = decoded(receivedBody.bytes(), encoding, limit);
        if (responseText === undefined) {
          responseNote = `not recorded: the ${encoding} body does not decode within ${limit} bytes (--record-body-limit)`;
          if (covered && comment === undefined)
            report(`vpcep-mock: ${shown} → ${status}: response body does not decode (${encoding}) within ${limit} bytes; not validated`);
        } else if (judged && comment === undefined) {
          const errors = judgeResponse(status, answer.headers as Record<string, string>, responseText);
          for (const error of errors) report(`vpcep-mock: ${shown} → ${status}: response ${error.path}: ${error.message}`);
          const refusal = judgeRefusal(judged, status, responseText, errors);
          if (refusal.kind === "failure")
            report(`vpcep-mock: ${shown} → ${status}: response ${refusal.error.path}: ${refusal.error.message}`);
        }
      }
      const requestNote = sentBody.whole
        ? {}
        : { truncated: `truncated: the first ${limit} of ${sentBody.size} bytes are recorded (--record-body-limit)` };
      recorder?.add({
        started,
        ms: Date.now() - started.getTime(),
        method: req.method ?? "GET",
        url: target.toString(),
        requestHeaders,
        requestBody: { text: sentBody.bytes().toString("utf8"), size: sentBody.size, ...requestNote },
        status,
        statusText: answer?.statusMessage ?? "",
        responseHeaders: answer ? harHeaders(answer.rawHeaders).filter((h) => h.name.toLowerCase() !== "content-encoding") : [],
        responseBody: {
          text: responseText ?? "",
          size: receivedBody.size,
          ...(responseNote === undefined ? {} : { truncated: responseNote }),
        },
        ...(comment === undefined ? {} : { comment }),
      });
    };

    // The upstream's silence, from the request on: reset by every byte either way, paused while the
    // caller is the one not reading (backpressure), so a slow caller is not blamed on the upstream.
    const silence = idleTimer(timeoutMs, () => {
      const message = `upstream ${upstream.origin} sent nothing for ${timeoutMs} ms (--upstream-timeout)`;
      finish(message);
      outgoing.destroy();
      answer?.destroy();
      if (!res.headersSent) fail(res, 504, "vpcep-mock.upstream-timeout", `vpcep-mock proxy: ${message}`);
      else res.destroy();
    });

    // The caller left before its answer was complete: the upstream request is aborted at once.
    res.once("close", () => {
      if (res.writableFinished) return;
      finish("the caller closed the connection before the answer was complete; the upstream request was aborted");
      outgoing.destroy();
      answer?.destroy();
    });

    outgoing.on("error", (error: NodeJS.ErrnoException) => {
      if (settled) return;
      const message = answer
        ? `upstream ${upstream.origin} closed the connection before its answer was complete: ${error.code ?? error.message}`
        : `upstream ${upstream.origin} did not answer: ${error.code ?? error.message}`;
      finish(message);
      if (!res.headersSent) fail(res, 502, "vpcep-mock.upstream", message);
      else res.destroy();
    });

    outgoing.on("response", (incoming) => {
      answer = incoming;
      silence.touch();
      incoming.on("error", () => undefined); // a reset after the headers: handled as "aborted" below
      const relayed: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(incoming.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) relayed[name] = value;
      try {
        res.writeHead(incoming.statusCode ?? 502, incoming.statusMessage, relayed);
      } catch (error) {
        // A status text or header node:http reads but will not send (it checks outgoing ones strictly).
        const message = `upstream ${upstream.origin} answered what cannot be relayed: ${(error as NodeJS.ErrnoException).code ?? "invalid"}`;
        finish(message);
        incoming.destroy();
        fail(res, 502, "vpcep-mock.upstream", message);
        return;
      }
      incoming.on("data", (chunk: Buffer) => {
        silence.touch();
        receivedBody.take(chunk);
        if (!res.write(chunk)) {
          incoming.pause();
          silence.stop();
          res.once("drain", () => {
            silence.touch();
            incoming.resume();
          });
        }
      });
      incoming.once("end", () => {
        silence.stop();
        res.end(() => finish());
      });
      incoming.once("aborted", () => {
        if (settled) return;
        finish(`upstream ${upstream.origin} closed the connection before its answer was complete`);
        res.destroy();
      });
    });

    // The request body streams through the same way, the upstream's backpressure pausing the caller.
    req.on("data", (chunk: Buffer) => {
      silence.touch();
      sentBody.take(chunk);
      if (!outgoing.write(chunk)) {
        req.pause();
        outgoing.once("drain", () => req.resume());
      }
    });
    req.once("end", () => outgoing.end());
    silence.touch();
  }

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      reportLine(`vpcep-mock: the proxy failed on a request: ${error instanceof Error ? error.message : "unknown"}`);
      if (!res.headersSent) fail(res, 502, "vpcep-mock.proxy", "the proxy failed; see its output");
      else res.destroy();
    }
  });
  const listening = await listen(server, host, port, options.connections);
  return {
    ...listening,
    stop: async () => {
      await listening.stop();
      // Exchanges cut by the stop record themselves on the closes it caused, before the last write.
      await new Promise((resolve) => setImmediate(resolve));
      await recorder?.close();
    },
    description: `proxy to ${upstream.origin}${basePath}${options.record ? `, recording to ${options.record}` : ""}`,
    output: () => (log.length ? `${log.join("\n")}\n` : ""),
  };
}

/** A timer that fires after `ms` without a `touch`; `stop` holds it until the next touch, `end` for good. */
function idleTimer(ms: number, onIdle: () => void) {
  let timer: NodeJS.Timeout | undefined;
  let ended = false;
  const stop = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  return {
    touch() {
      if (ended) return;
      if (timer) timer.refresh();
      else timer = setTimeout(onIdle, ms);
    },
    stop,
    end() {
      ended = true;
      stop();
    },
  };
}
