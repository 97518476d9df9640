// AK/SK signing, algorithm SDK-HMAC-SHA256, with Web Crypto only, so it runs in Node 20+,
// browsers, Deno, Bun and edge runtimes.
import { VpcepConfigError } from "../floor/error-base.js";
import { checkHeaderValue, typeName } from "../floor/header-value.js";
import { unknownNames } from "../floor/unknown-names.js";
import { canonicalQuery, canonicalUri, sdkDate } from "./encoding.js";

export const ALGORITHM = "SDK-HMAC-SHA256";

export interface AkSkCredentials {
  accessKey: string;
  secretKey: string;
  /** The security token of temporary credentials; sent as `X-Security-Token` and signed. */
  securityToken?: string | undefined;
}

export interface SignOptions {
  /** The signing time: a `Date`, epoch milliseconds, or an `X-Sdk-Date` string (`20191115T033655Z`); now by default. */
  date?: Date | number | string;
  /**
   * The headers to sign, as an array of names. By default `host`, `x-sdk-date` and whichever of
   * `content-type`, `x-project-id`, `x-sdk-content-sha256` and `x-security-token` the request carries.
   */
  signedHeaders?: readonly string[];
}

/** What a signature covers: the request's method, URL, headers and body. */
export interface SignableRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: ArrayBuffer | Uint8Array;
}

const DEFAULT_OPTIONAL_HEADERS = ["content-type", "x-project-id", "x-sdk-content-sha256", "x-security-token"];
/** With `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` the body is not hashed: the literal takes its place, as in the provider's SDKs. */
export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
const EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const encoder = new TextEncoder();

const toHex = (buffer: ArrayBuffer) => Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");

async function sha256Hex(data: ArrayBuffer | Uint8Array): Promise<string> {
  if (data.byteLength === 0) return EMPTY_BODY_SHA256;
  return toHex(await crypto.subtle.digest("SHA-256", data as BufferSource));
}

/** The canonical request of the signing guide, step 2. */
export async function canonicalRequest(request: SignableRequest, signedHeaders: readonly string[]): Promise<string> {
  const { method, url, headers, body } = request;
  const headerLines = signedHeaders
    .map((name) => `${name}:${(name === "host" ? (headers.get("host") ?? url.host) : (headers.get(name) ?? "")).trim()}\n`)
    .join("");
  return [
    method.toUpperCase(),
    canonicalUri(url.pathname),
    canonicalQuery(url.search),
    headerLines,
    signedHeaders.join(";"),
    headers.get("x-sdk-content-sha256") === UNSIGNED_PAYLOAD ? UNSIGNED_PAYLOAD : await sha256Hex(body),
  ].join("\n");
}

const fail = (message: string): never => {
  throw new VpcepConfigError(message);
};
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function checkCredentials(credentials: unknown): AkSkCredentials {
  if (!isObject(credentials)) return fail("AK/SK signing needs credentials { accessKey, secretKey, securityToken? }");
  const accessKey = checkHeaderValue("accessKey", credentials["accessKey"]);
  const secretKey = checkHeaderValue("secretKey", credentials["secretKey"]);
  const token = credentials["securityToken"];
  return token === undefined ? { accessKey, secretKey } : { accessKey, secretKey, securityToken: checkHeaderValue("securityToken", token) };
}

const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** An `X-Sdk-Date` (`YYYYMMDDTHHMMSSZ`) as epoch milliseconds, or undefined when it is not that form or not a real time. */
export function parseSdkDate(text: string): number | undefined {
  const parts = SDK_DATE.exec(text)?.slice(1).map(Number);
  if (!parts) return undefined;
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = parts;
  const time = new Date(0);
  time.setUTCFullYear(year, month - 1, day);
  time.setUTCHours(hour, minute, second, 0);
  return sdkDate(time) === text ? time.getTime() : undefined;
}

/** `X-Sdk-Date` of the given time: a Date, epoch milliseconds or an `X-Sdk-Date` string; now when absent. */
export function signingDate(date: unknown): string {
  if (date === undefined) return sdkDate(new Date());
  let time: Date;
  if (date instanceof Date) time = new Date(date.getTime());
  else if (typeof date === "number") time = new Date(date);
  else if (typeof date === "string") {
    if (!SDK_DATE.test(date)) return fail("options.date as a string must be an X-Sdk-Date, YYYYMMDDTHHMMSSZ (e.g. 20191115T033655Z)");
    const ms = parseSdkDate(date);
    if (ms === undefined) return fail("options.date is not a real UTC date and time (YYYYMMDDTHHMMSSZ)");
    time = new Date(ms);
  } else return fail(`options.date must be a Date, epoch milliseconds or an X-Sdk-Date string, not ${typeName(date)}`);
  if (Number.isNaN(time.getTime())) return fail("options.date is an invalid date");
  const year = time.getUTCFullYear();
  if (year < 0 || year > 9999) return fail("options.date must fall in the years 0000 to 9999 (X-Sdk-Date has four digits for the year)");
  return sdkDate(time);
}

/** The options of signRequest, checked: an object or undefined, with known fields of the right types. */
export function checkSignOptions(options: unknown): SignOptions {
  if (options === undefined) return {};
  if (!isObject(options)) return fail(`signRequest's options must be an object { date?, signedHeaders? }, not ${typeName(options)}`);
  const unknown = unknownNames(Object.keys(options), ["date", "signedHeaders"]);
  if (unknown) fail(`signRequest's options have unknown field(s) ${unknown}; known: date, signedHeaders`);
  const { signedHeaders } = options;
  if (signedHeaders !== undefined) {
    if (!Array.isArray(signedHeaders)) fail('options.signedHeaders must be an array of header names, e.g. ["host", "x-sdk-date"]');
    for (const name of signedHeaders as unknown[]) {
      if (typeof name !== "string" || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
        fail("options.signedHeaders must hold only header names (non-empty strings of token characters)");
    }
  }
  return options as SignOptions;
}

function chooseSignedHeaders(headers: Headers, requested: readonly string[] | undefined): string[] {
  const names = requested
    ? requested.map((name) => name.toLowerCase())
    : ["host", "x-sdk-date", ...DEFAULT_OPTIONAL_HEADERS.filter((name) => headers.has(name))];
  if (!names.includes("x-sdk-date")) throw new VpcepConfigError("signedHeaders must include x-sdk-date");
  const missing = names.filter((name) => name !== "host" && !headers.has(name));
  if (missing.length > 0) throw new VpcepConfigError(`signedHeaders names headers the request lacks: ${missing.join(", ")}`);
  return [...new Set(names)].sort();
}

/**
 * A signer for one key pair. It imports the HMAC key once, and sets `X-Sdk-Date`,
 * `X-Security-Token` (temporary credentials) and `Authorization` on the headers it is given.
 */
export function createSigner(given: AkSkCredentials) {
  const credentials = checkCredentials(given);
  let key: Promise<CryptoKey> | undefined;
  const hmacKey = () =>
    (key ??= crypto.subtle.importKey("raw", encoder.encode(credentials.secretKey), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]));

  return async function sign(request: SignableRequest, options: SignOptions = {}): Promise<void> {
    const { headers } = request;
    const date = signingDate(options.date);
    headers.set("X-Sdk-Date", date);
    if (credentials.securityToken) headers.set("X-Security-Token", credentials.securityToken);
    const signedHeaders = chooseSignedHeaders(headers, options.signedHeaders);
    const canonical = await canonicalRequest(request, signedHeaders);
    const stringToSign = `${ALGORITHM}\n${date}\n${await sha256Hex(encoder.encode(canonical))}`;
    const signature = toHex(await crypto.subtle.sign("HMAC", await hmacKey(), encoder.encode(stringToSign)));
    headers.set(
      "Authorization",
      `${ALGORITHM} Access=${credentials.accessKey}, SignedHeaders=${signedHeaders.join(";")}, Signature=${signature}`,
    );
  };
}

/** The request to sign: a `Request`, or a URL (string or `URL`) for a GET without headers. */
export type SignInput = Request | string | URL;

function toRequest(input: unknown): Request {
  if (input instanceof Request) return input;
  if (typeof input === "string" || input instanceof URL) {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      return fail("signRequest needs an absolute URL (e.g. https://vpcep.eu-de.otc.t-systems.com/v1/…) or a Request");
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") fail(`signRequest signs http: and https: URLs, not ${url.protocol}`);
    if (url.username || url.password) fail("the URL to sign must not carry a user name or password");
    return new Request(url);
  }
  return fail(`signRequest needs a Request or a URL, not ${typeName(input)}`);
}

/**
 * Returns a copy of `request` signed with SDK-HMAC-SHA256: `X-Sdk-Date`, `Authorization` and,
 * for temporary credentials, `X-Security-Token`. Every bad input is a `VpcepConfigError`.
 */
export async function signRequest(input: SignInput, credentials: AkSkCredentials, options?: SignOptions): Promise<Request> {
  const request = toRequest(input);
  const checked = checkSignOptions(options);
  const sign = createSigner(credentials);
  const headers = new Headers(request.headers);
  // Read from a clone, so the caller's request stays usable; with UNSIGNED-PAYLOAD it is copied, not hashed.
  const body = request.body === null ? new Uint8Array(0) : await request.clone().arrayBuffer();
  await sign({ method: request.method, url: new URL(request.url), headers, body }, checked);
  // Built from its parts: `new Request(request, init)` would tie the copy to the original's signal.
  return new Request(request.url, {
    method: request.method,
    headers,
    ...(body.byteLength > 0 ? { body } : {}),
    signal: request.signal,
    redirect: request.redirect,
    credentials: request.credentials,
    mode: request.mode,
    cache: request.cache,
    referrerPolicy: request.referrerPolicy,
    integrity: request.integrity,
    keepalive: request.keepalive,
  });
}
