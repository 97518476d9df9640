// AK/SK signing, algorithm SDK-HMAC-SHA256, with Web Crypto only, so it runs in Node 20+,
// browsers, Deno, Bun and edge runtimes.
import { VpcepConfigError } from "../errors.js";
import { canonicalQuery, canonicalUri, sdkDate } from "./encoding.js";

export const ALGORITHM = "SDK-HMAC-SHA256";

export interface AkSkCredentials {
  accessKey: string;
  secretKey: string;
  /** The security token of temporary credentials; sent as `X-Security-Token` and signed. */
  securityToken?: string;
}

export interface SignOptions {
  /** The signing time; now by default. */
  date?: Date;
  /**
   * The headers to sign, lower case. By default `host`, `x-sdk-date` and whichever of
   * `content-type`, `x-project-id` and `x-security-token` the request carries.
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

const DEFAULT_OPTIONAL_HEADERS = ["content-type", "x-project-id", "x-security-token"];
const EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const encoder = new TextEncoder();

const toHex = (buffer: ArrayBuffer) =>
  Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");

async function sha256Hex(data: ArrayBuffer | Uint8Array): Promise<string> {
  if (data.byteLength === 0) return EMPTY_BODY_SHA256;
  return toHex(await crypto.subtle.digest("SHA-256", data as BufferSource));
}

/** The canonical request of the signing guide, step 2. */
export async function canonicalRequest(request: SignableRequest, signedHeaders: readonly string[]): Promise<string> {
  const { method, url, headers, body } = request;
  const headerLines = signedHeaders
    .map((name) => `${name}:${(name === "host" ? headers.get("host") ?? url.host : headers.get(name) ?? "").trim()}\n`)
    .join("");
  return [
    method.toUpperCase(),
    canonicalUri(url.pathname),
    canonicalQuery(url.search),
    headerLines,
    signedHeaders.join(";"),
    await sha256Hex(body),
  ].join("\n");
}

function checkCredentials(credentials: AkSkCredentials) {
  if (typeof credentials?.accessKey !== "string" || credentials.accessKey === "") {
    throw new VpcepConfigError("AK/SK signing needs a non-empty accessKey");
  }
  if (typeof credentials.secretKey !== "string" || credentials.secretKey === "") {
    throw new VpcepConfigError("AK/SK signing needs a non-empty secretKey");
  }
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
export function createSigner(credentials: AkSkCredentials) {
  checkCredentials(credentials);
  let key: Promise<CryptoKey> | undefined;
  const hmacKey = () =>
    (key ??= crypto.subtle.importKey("raw", encoder.encode(credentials.secretKey), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]));

  return async function sign(request: SignableRequest, options: SignOptions = {}): Promise<void> {
    const { headers } = request;
    const date = sdkDate(options.date ?? new Date());
    headers.set("X-Sdk-Date", date);
    if (credentials.securityToken) headers.set("X-Security-Token", credentials.securityToken);
    const signedHeaders = chooseSignedHeaders(headers, options.signedHeaders);
    const canonical = await canonicalRequest(request, signedHeaders);
    const stringToSign = `${ALGORITHM}\n${date}\n${await sha256Hex(encoder.encode(canonical))}`;
    const signature = toHex(await crypto.subtle.sign("HMAC", await hmacKey(), encoder.encode(stringToSign)));
    headers.set("Authorization", `${ALGORITHM} Access=${credentials.accessKey}, SignedHeaders=${signedHeaders.join(";")}, Signature=${signature}`);
  };
}

/**
 * Returns a copy of `request` signed with SDK-HMAC-SHA256: `X-Sdk-Date`, `Authorization` and,
 * for temporary credentials, `X-Security-Token`.
 */
export async function signRequest(request: Request, credentials: AkSkCredentials, options: SignOptions = {}): Promise<Request> {
  const sign = createSigner(credentials);
  const headers = new Headers(request.headers);
  const body = request.body === null ? new Uint8Array(0) : await request.clone().arrayBuffer();
  await sign({ method: request.method, url: new URL(request.url), headers, body }, options);
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
