// The signature itself, SDK-HMAC-SHA256 with Web Crypto only (Node 20+, browsers, Deno, Bun, edge
// runtimes), for credentials already checked: the client checks them when it is created, sign.ts
// for everyone else. It imports nothing of the client's, so browser bundles load it as a chunk of
// its own that shares no module with the code loaded up front.
import { canonicalQuery, canonicalUri, sdkDate } from "./encoding.js";

export const ALGORITHM = "SDK-HMAC-SHA256";

export interface AkSkCredentials {
  accessKey: string;
  secretKey: string;
  /** The security token of temporary credentials; sent as `X-Security-Token` and signed. */
  securityToken?: string | undefined;
}

/** What a signature covers: the request's method, URL, headers and body. */
export interface SignableRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: ArrayBuffer | Uint8Array;
}

export const DEFAULT_OPTIONAL_HEADERS = ["content-type", "x-project-id", "x-sdk-content-sha256", "x-security-token"];
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

/** The form of `X-Sdk-Date`: `YYYYMMDDTHHMMSSZ`. */
export const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

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

/** `host`, `x-sdk-date` and whichever of DEFAULT_OPTIONAL_HEADERS the request carries, sorted. */
export const defaultSignedHeaders = (headers: Headers): string[] =>
  ["host", "x-sdk-date", ...DEFAULT_OPTIONAL_HEADERS.filter((name) => headers.has(name))].sort();

/**
 * Signs requests with one key pair: sets `X-Sdk-Date` (`date`, now by default), `X-Security-Token`
 * (temporary credentials) and `Authorization` on the request's headers. The HMAC key is imported once.
 */
export function hmacSigner(credentials: AkSkCredentials) {
  let key: Promise<CryptoKey> | undefined;
  const hmacKey = () =>
    (key ??= crypto.subtle.importKey("raw", encoder.encode(credentials.secretKey), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]));

  return async function sign(
    request: SignableRequest,
    date = sdkDate(new Date()),
    chooseHeaders: (headers: Headers) => string[] = defaultSignedHeaders,
  ): Promise<void> {
    const { headers } = request;
    headers.set("X-Sdk-Date", date);
    if (credentials.securityToken) headers.set("X-Security-Token", credentials.securityToken);
    const signedHeaders = chooseHeaders(headers);
    const canonical = await canonicalRequest(request, signedHeaders);
    const stringToSign = `${ALGORITHM}\n${date}\n${await sha256Hex(encoder.encode(canonical))}`;
    const signature = toHex(await crypto.subtle.sign("HMAC", await hmacKey(), encoder.encode(stringToSign)));
    headers.set(
      "Authorization",
      `${ALGORITHM} Access=${credentials.accessKey}, SignedHeaders=${signedHeaders.join(";")}, Signature=${signature}`,
    );
  };
}
