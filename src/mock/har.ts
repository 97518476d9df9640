// Recording exchanges as HAR 1.2, with every secret replaced by `***`: tokens, the signature and
// access key of `Authorization`, security tokens, cookies, and key-like fields of JSON bodies and
// query strings.
import { renameSync, writeFileSync } from "node:fs";
import { MASK, redactUrl, SECRET_FIELD } from "../redact.js";
import type { HarHeader } from "../shared-types.js";

export type { HarHeader };

export interface RecordedExchange {
  started: Date;
  ms: number;
  method: string;
  url: string;
  requestHeaders: HarHeader[];
  requestBody: string;
  status: number;
  statusText: string;
  responseHeaders: HarHeader[];
  responseBody: string;
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

/** A JSON body with key-like fields masked; a body that is not JSON is kept unless it names a secret field. */
export function redactBody(text: string): string {
  if (text === "") return text;
  try {
    return JSON.stringify(redactJson(JSON.parse(text)));
  } catch {
    return text.replace(
      /("?[\w.-]*(?:access[_-]?key|secret|token|signature|password|passwd|credential)[\w.-]*"?\s*[:=]\s*"?)[^"&\s,}]+/gi,
      `$1${MASK}`,
    );
  }
}

const headersSize = -1;

export class HarRecorder {
  private readonly entries: unknown[] = [];

  constructor(
    private readonly file: string,
    private readonly creatorVersion: string,
  ) {
    this.flush();
  }

  add(exchange: RecordedExchange): void {
    const url = redactUrl(exchange.url);
    const requestHeaders = exchange.requestHeaders.map(({ name, value }) => ({ name, value: redactHeader(name, value) }));
    const responseHeaders = exchange.responseHeaders.map(({ name, value }) => ({ name, value: redactHeader(name, value) }));
    const mimeType = exchange.responseHeaders.find((h) => h.name.toLowerCase() === "content-type")?.value ?? "";
    const requestBody = redactBody(exchange.requestBody);
    const responseBody = redactBody(exchange.responseBody);
    this.entries.push({
      startedDateTime: exchange.started.toISOString(),
      time: exchange.ms,
      request: {
        method: exchange.method,
        url,
        httpVersion: "HTTP/1.1",
        cookies: [],
        headers: requestHeaders,
        queryString: [...new URL(url).searchParams].map(([name, value]) => ({ name, value })),
        ...(requestBody === ""
          ? {}
          : {
              postData: { mimeType: requestHeaders.find((h) => h.name.toLowerCase() === "content-type")?.value ?? "", text: requestBody },
            }),
        headersSize,
        bodySize: Buffer.byteLength(exchange.requestBody),
      },
      response: {
        status: exchange.status,
        statusText: exchange.statusText,
        httpVersion: "HTTP/1.1",
        cookies: [],
        headers: responseHeaders,
        content: { size: Buffer.byteLength(exchange.responseBody), mimeType, text: responseBody },
        redirectURL: "",
        headersSize,
        bodySize: Buffer.byteLength(exchange.responseBody),
      },
      cache: {},
      timings: { send: 0, wait: exchange.ms, receive: 0 },
    });
    this.flush();
  }

  /** Rewritten after every exchange, so the file is complete whenever the proxy stops. */
  private flush() {
    const har = { log: { version: "1.2", creator: { name: "vpcep-mock", version: this.creatorVersion }, entries: this.entries } };
    // Written beside it and renamed over it: a reader never sees a half-written file.
    writeFileSync(`${this.file}.partial`, `${JSON.stringify(har, null, 2)}\n`);
    renameSync(`${this.file}.partial`, this.file);
  }
}
