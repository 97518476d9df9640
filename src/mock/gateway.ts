// The API gateway's credential check: tokens must match a configured one; AK/SK requests are
// re-signed with SDK-HMAC-SHA256 (the client's own signer and canonical request, src/auth/sign.ts)
// over the request as received (its body included, unless `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD`
// says the body is not signed), and `X-Sdk-Date` must be within 15 minutes of the mock's clock.
// With nothing configured, any token or signature is accepted (presence only). Web Crypto and
// plain JS only, so the same check runs in a browser (MSW's service worker) as in Node.
import { errorBodies } from "../document/facts.js";
import { ALGORITHM, createSigner, parseSdkDate, UNSIGNED_PAYLOAD, type AkSkCredentials } from "../auth/sign.js";
import { BODY_LIMITS, type BodyReader, NO_BODY } from "./body.js";
import { headerText, type RequestHeaders } from "./exchange.js";

export interface GatewayCredentials {
  tokens?: readonly string[];
  keys?: readonly AkSkCredentials[];
}

export const MAX_SKEW_MS = 15 * 60 * 1000;

export type Verdict =
  | { ok: true /** Who is calling, for throttling: never a secret itself. */; principal: string }
  | { ok: false; status: 401; code: string; message: string };

const AUTHORIZATION = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)\s*$/;

const refuse = (code: string, message: string): Verdict => ({ ok: false, status: 401, code, message });
// The gateway's code and wording (the document's APIGW.0301 example is the signature's); the token's
// reason and the mock's own notes follow the same `Incorrect IAM authentication information:` form.
const IAM = errorBodies["APIGW.0301"];
const IAM_PREFIX = IAM.error_msg.slice(0, IAM.error_msg.indexOf(":"));
const UNAUTHENTICATED = errorBodies["EndPoint.0003"];
const badToken = () => refuse(IAM.error_code, `${IAM_PREFIX}: decrypt token fail`);
const badSignature = () => refuse(IAM.error_code, IAM.error_msg);

const utf8 = new TextEncoder();

/** Compares two secrets in time that depends on their lengths only, not on where they differ. */
export function sameText(a: string, b: string): boolean {
  const left = utf8.encode(a);
  const right = utf8.encode(b);
  if (left.length !== right.length) return false;
  let difference = 0;
  for (let i = 0; i < left.length; i++) difference |= left[i]! ^ right[i]!;
  return difference === 0;
}

const digests = new Map<string, string>();
/** A token's digest, remembered for the few tokens a test uses. */
async function tokenDigest(token: string): Promise<string> {
  let digest = digests.get(token);
  if (digest === undefined) {
    if (digests.size >= 1000) digests.clear();
    const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", utf8.encode(token)));
    digest = `token:${btoa(String.fromCharCode(...bytes))}`;
    digests.set(token, digest);
  }
  return digest;
}

export interface Gateway {
  /** Said in the ready line: what the mock checks. */
  readonly description: string;
  /** Whether any token or key pair is configured (otherwise any credential passes). */
  readonly configured: boolean;
  check(method: string, url: URL, headers: RequestHeaders, body?: BodyReader): Verdict | Promise<Verdict>;
}

export function createGateway(credentials: GatewayCredentials, now: () => number): Gateway {
  const tokens = [...(credentials.tokens ?? [])];
  const keys = new Map((credentials.keys ?? []).map((key) => [key.accessKey, { key, sign: createSigner(key) }]));
  const configured = tokens.length > 0 || keys.size > 0;

  async function checkSignature(method: string, url: URL, headers: RequestHeaders, readBody: BodyReader): Promise<Verdict> {
    if (!configured) {
      const accessKey = /Access=([^,\s]+)/.exec(headerText(headers.authorization) ?? "")?.[1] ?? "";
      return headers["x-sdk-date"]
        ? { ok: true, principal: `ak:${accessKey}` }
        : refuse(UNAUTHENTICATED.error_code, UNAUTHENTICATED.error_msg);
    }
    const match = AUTHORIZATION.exec(headerText(headers.authorization) ?? "");
    if (!match) return badSignature();
    const [, accessKey, signedHeaderList, signature] = match as unknown as [string, string, string, string];
    const dateText = headerText(headers["x-sdk-date"]);
    const date = dateText === undefined ? undefined : parseSdkDate(dateText);
    if (date === undefined) return badSignature();
    if (Math.abs(now() - date) > MAX_SKEW_MS) {
      return refuse(
        errorBodies["APIGW.0303"].error_code,
        "Incorrect IAM authentication information: the X-Sdk-Date is more than 15 minutes from the server time",
      );
    }
    const known = keys.get(accessKey);
    if (!known) return badSignature();
    if (known.key.securityToken !== undefined && !sameText(headerText(headers["x-security-token"]) ?? "", known.key.securityToken)) {
      return badSignature();
    }
    const signedHeaders = signedHeaderList.toLowerCase().split(";");
    const copy = new Headers();
    for (const name of signedHeaders) {
      const value = headerText(headers[name]);
      if (value !== undefined) copy.set(name, value);
    }
    // The gateway, like the signer's canonicalRequest, takes UNSIGNED-PAYLOAD from the header as
    // received, signed or not; the body is then not hashed, so it need not be read (nor fit the limit).
    const payload = headerText(headers["x-sdk-content-sha256"]);
    if (payload !== undefined) copy.set("x-sdk-content-sha256", payload);
    const body = copy.get("x-sdk-content-sha256") === UNSIGNED_PAYLOAD ? new Uint8Array(0) : await readBody(BODY_LIMITS.signed);
    if (body === undefined)
      return refuse(IAM.error_code, `${IAM_PREFIX}: vpcep-mock verifies the hash of request bodies up to ${BODY_LIMITS.signed} bytes`);
    try {
      // The gateway reads the query form-decoded: a `+` is a space (the SDK's HTTP client sends spaces so).
      const received = url.search.includes("+") ? new URL(`${url.pathname}${url.search.replace(/\+/g, "%20")}`, url) : url;
      await known.sign({ method, url: received, headers: copy, body }, { date: new Date(date), signedHeaders });
    } catch {
      return badSignature(); // signed headers the request lacks, or no x-sdk-date among them
    }
    const expected = /Signature=([0-9a-f]+)$/.exec(copy.get("authorization") ?? "")?.[1] ?? "";
    return sameText(expected, signature.toLowerCase()) ? { ok: true, principal: `ak:${accessKey}` } : badSignature();
  }

  return {
    configured,
    description: configured
      ? `credentials checked like the gateway: ${tokens.length} token(s), ${keys.size} access key(s)`
      : "credentials: any X-Auth-Token or signature accepted (presence only)",
    check(method, url, headers, body = NO_BODY) {
      const token = headerText(headers["x-auth-token"]);
      if (token !== undefined && token !== "") {
        // Unconfigured, each token is its own caller for throttling (kept as a digest, never as the token).
        if (!configured) return tokenDigest(token).then((principal) => ({ ok: true, principal }));
        const index = tokens.findIndex((known) => sameText(known, token));
        return index === -1 ? badToken() : { ok: true, principal: `token:${index}` };
      }
      if (headers.authorization !== undefined && String(headers.authorization).startsWith(`${ALGORITHM} `)) {
        return checkSignature(method, url, headers, body);
      }
      return configured
        ? refuse(IAM.error_code, `${IAM_PREFIX}: no X-Auth-Token or Authorization header`)
        : refuse(UNAUTHENTICATED.error_code, UNAUTHENTICATED.error_msg);
    },
  };
}
