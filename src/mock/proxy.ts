// `vpcep-mock --proxy <upstream>`: forwards every request to a real endpoint, validates the request
// and the answer against the contract, reports each violation as it happens, and records the
// exchanges as HAR 1.2 (secrets masked). The caller receives the upstream's answer byte for byte.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import * as compiled from "../../generated/contract-validators.js";
import { validateListEndpointServicesRequest, validateListEndpointServicesResponse } from "../contract/index.js";
import { redactUrl } from "../redact.js";
import { HarRecorder, type HarHeader } from "./har.js";
import { BODY_LIMITS, readStream } from "./body.js";
import { listen } from "./listen.js";
import type { RunningMock } from "./running.js";

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

function decoded(body: Buffer, encoding: string | undefined): string {
  try {
    if (encoding === "gzip") return gunzipSync(body).toString("utf8");
    if (encoding === "br") return brotliDecompressSync(body).toString("utf8");
    if (encoding === "deflate") return inflateSync(body).toString("utf8");
  } catch {
    return "";
  }
  return body.toString("utf8");
}

/** The proxy's own answers (never the upstream's): a JSON body naming who failed. */
function fail(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify({ error_code: code, error_msg: message }));
}

const harHeaders = (raw: readonly string[]): HarHeader[] => {
  const list: HarHeader[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) list.push({ name: raw[i]!, value: raw[i + 1]! });
  return list;
};

export async function startProxy(options: ProxyOptions): Promise<RunningMock & { description: string }> {
  const { host = "127.0.0.1", port = 0, onViolation } = options;
  const upstream = parseUpstream(options.upstream);
  const recorder = options.record ? new HarRecorder(options.record, options.version ?? "0.0.0") : undefined;
  const onOperation = new RegExp(`${compiled.operationPath.replace("{project_id}", "[^/]+")}/?$`);
  const basePath = upstream.pathname.replace(/\/$/, "");
  let log = "";

  function report(line: string) {
    log += `${line}\n`;
    onViolation?.(line);
  }

  function forward(req: IncomingMessage, body: Buffer, target: URL): Promise<IncomingMessage> {
    const headers: IncomingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
    headers.host = target.host;
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const outgoing = send(target, { method: req.method ?? "GET", headers }, resolve);
      outgoing.on("error", reject);
      outgoing.end(body);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const started = new Date();
    const requestBody = await readStream(req, BODY_LIMITS.proxy);
    if (requestBody === undefined) return fail(res, 413, "vpcep-mock.proxy", `the request body is larger than ${BODY_LIMITS.proxy} bytes`);
    // Only origin-form targets (`/path?query`), joined as text: a target such as `//other.host/x` or
    // `http://other.host/x` must never carry the caller's credentials anywhere but the upstream.
    const path = req.url ?? "/";
    const target = path.startsWith("/") ? new URL(`${upstream.origin}${basePath}${path}`) : undefined;
    if (!target || target.origin !== upstream.origin) {
      return fail(res, 400, "vpcep-mock.proxy", "the proxy forwards only origin-form request targets (/path?query)");
    }
    const covered = onOperation.test(target.pathname);
    const redacted = new URL(redactUrl(target.toString()));
    const shown = `${req.method} ${redacted.pathname}${redacted.search}`;
    if (covered) {
      if (req.method !== "GET") report(`vpcep-mock: ${shown}: request method: ${req.method} is not GET`);
      for (const error of validateListEndpointServicesRequest(target).errors)
        report(`vpcep-mock: ${shown}: request ${error.path}: ${error.message}`);
    }
    let answer: IncomingMessage;
    try {
      answer = await forward(req, requestBody, target);
    } catch (error) {
      const message = `upstream ${upstream.origin} did not answer: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
      report(`vpcep-mock: ${shown}: ${message}`);
      return fail(res, 502, "vpcep-mock.upstream", message);
    }
    const responseBody = await readStream(answer, BODY_LIMITS.proxy);
    if (responseBody === undefined) {
      answer.destroy();
      const message = `upstream ${upstream.origin} answered a body larger than ${BODY_LIMITS.proxy} bytes`;
      report(`vpcep-mock: ${shown}: ${message}`);
      return fail(res, 502, "vpcep-mock.upstream", message);
    }
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    const text = decoded(responseBody, answer.headers["content-encoding"]);
    if (covered) {
      for (const error of validateListEndpointServicesResponse(answer.statusCode ?? 0, answer.headers as Record<string, string>, text)
        .errors) {
        report(`vpcep-mock: ${shown} → ${answer.statusCode}: response ${error.path}: ${error.message}`);
      }
    }
    recorder?.add({
      started,
      ms: Date.now() - started.getTime(),
      method: req.method ?? "GET",
      url: target.toString(),
      requestHeaders: harHeaders(req.rawHeaders),
      requestBody: requestBody.toString("utf8"),
      status: answer.statusCode ?? 0,
      statusText: answer.statusMessage ?? "",
      responseHeaders: harHeaders(answer.rawHeaders).filter((h) => h.name.toLowerCase() !== "content-encoding"),
      responseBody: text,
    });
    // Answered last, so that once a caller has its answer the report and the recording hold it too.
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, headers).end(responseBody);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log += `error: ${error instanceof Error ? error.message : String(error)}\n`;
      if (!res.headersSent) fail(res, 502, "vpcep-mock.proxy", "the proxy failed; see its output");
      else res.destroy();
    });
  });
  return {
    ...(await listen(server, host, port)),
    description: `proxy to ${upstream.origin}${basePath}${options.record ? `, recording to ${options.record}` : ""}`,
    output: () => log,
  };
}
