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

const DEFAULT_OPTIONAL_HEADERS = ["content-type", "x-project-id", "x-security-token"];
const encoder = new TextEncoder();

const toHex = (buffer: ArrayBuffer) =>
  Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");

async function sha256Hex(data: ArrayBuffer | Uint8Array): Promise<string> {
  return toHex(await crypto.subtle.digest("SHA-256", data as BufferSource));
}

async function hmacSha256Hex(key: string, message: string): Promise<string> {
  const cryptoKey = await crypto.subtle.importKey("raw", encoder.encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return toHex(await crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(message)));
}

export interface CanonicalRequestParts {
  method: string;
  url: URL;
  headers: Headers;
  signedHeaders: readonly string[];
  body: ArrayBuffer | Uint8Array;
}

/** The canonical request of the signing guide, step 2. */
export async function canonicalRequest({ method, url, headers, signedHeaders, body }: CanonicalRequestParts): Promise<string> {
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
 * Returns a copy of `request` signed with SDK-HMAC-SHA256: `X-Sdk-Date`, `Authorization` and,
 * for temporary credentials, `X-Security-Token`.
 */
export async function signRequest(request: Request, credentials: AkSkCredentials, options: SignOptions = {}): Promise<Request> {
  checkCredentials(credentials);
  const url = new URL(request.url);
  const headers = new Headers(request.headers);
  const date = sdkDate(options.date ?? new Date());
  headers.set("X-Sdk-Date", date);
  if (credentials.securityToken) headers.set("X-Security-Token", credentials.securityToken);
  const signedHeaders = chooseSignedHeaders(headers, options.signedHeaders);
  const body = request.body === null ? new Uint8Array(0) : await request.clone().arrayBuffer();
  const canonical = await canonicalRequest({ method: request.method, url, headers, signedHeaders, body });
  const stringToSign = `${ALGORITHM}\n${date}\n${await sha256Hex(encoder.encode(canonical))}`;
  const signature = await hmacSha256Hex(credentials.secretKey, stringToSign);
  headers.set("Authorization", `${ALGORITHM} Access=${credentials.accessKey}, SignedHeaders=${signedHeaders.join(";")}, Signature=${signature}`);
  return new Request(request, { headers });
}
