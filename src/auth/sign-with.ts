// AK/SK signing with every input checked (`VpcepConfigError` naming what is wrong, never a value),
// algorithm SDK-HMAC-SHA256. The errors and header checks come in as arguments: this module is the
// chunk the package root's signRequest loads on first use, and a module it shared with the code
// loaded up front would become a chunk of its own (sign.ts binds them for everyone else).
import type { VpcepConfigError as ConfigError } from "../floor/error-base.js";
import type { checkHeaderValue as CheckHeaderValue, typeName as TypeName } from "../floor/header-value.js";
import type { unknownNames as UnknownNames } from "../floor/unknown-names.js";
import { sdkDate } from "./encoding.js";
import { type AkSkCredentials, DEFAULT_OPTIONAL_HEADERS, hmacSigner, SDK_DATE, parseSdkDate, type SignableRequest } from "./signer.js";

export interface SignOptions {
  /** The signing time: a `Date`, epoch milliseconds, or an `X-Sdk-Date` string (`20191115T033655Z`); now by default. */
  date?: Date | number | string;
  /**
   * The headers to sign, as an array of names. By default `host`, `x-sdk-date` and whichever of
   * `content-type`, `x-project-id`, `x-sdk-content-sha256` and `x-security-token` the request carries.
   */
  signedHeaders?: readonly string[];
}

/** The request to sign: a `Request`, or a URL (string or `URL`) for a GET without headers. */
export type SignInput = Request | string | URL;

/** What the checks need from the lowest floor. */
export interface SigningFloor {
  VpcepConfigError: typeof ConfigError;
  checkHeaderValue: typeof CheckHeaderValue;
  typeName: typeof TypeName;
  unknownNames: typeof UnknownNames;
}

/** The checked signing functions, throwing the given `VpcepConfigError`. */
export function signing({ VpcepConfigError, checkHeaderValue, typeName, unknownNames }: SigningFloor) {
  const fail = (message: string): never => {
    throw new VpcepConfigError(message);
  };
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value);

  function checkCredentials(credentials: unknown): AkSkCredentials {
    if (!isObject(credentials)) return fail("AK/SK signing needs credentials { accessKey, secretKey, securityToken? }");
    const accessKey = checkHeaderValue("accessKey", credentials["accessKey"]);
    const secretKey = checkHeaderValue("secretKey", credentials["secretKey"]);
    const token = credentials["securityToken"];
    return token === undefined
      ? { accessKey, secretKey }
      : { accessKey, secretKey, securityToken: checkHeaderValue("securityToken", token) };
  }

  /** `X-Sdk-Date` of the given time: a Date, epoch milliseconds or an `X-Sdk-Date` string; now when absent. */
  function signingDate(date: unknown): string {
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
  function checkSignOptions(options: unknown): SignOptions {
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
   * A signer for one key pair, its credentials checked (`VpcepConfigError`). It imports the HMAC key
   * once, and sets `X-Sdk-Date`, `X-Security-Token` (temporary credentials) and `Authorization` on
   * the headers it is given.
   */
  function createSigner(given: AkSkCredentials) {
    const sign = hmacSigner(checkCredentials(given));
    return async (request: SignableRequest, options: SignOptions = {}): Promise<void> =>
      sign(request, signingDate(options.date), (headers) => chooseSignedHeaders(headers, options.signedHeaders));
  }

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
  async function signRequest(input: SignInput, credentials: AkSkCredentials, options?: SignOptions): Promise<Request> {
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

  return { checkSignOptions, createSigner, signingDate, signRequest };
}
