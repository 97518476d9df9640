// Who may call the control API (/__mock/…), checked before it is reached. The control API resets,
// seeds and moves the clock of a mock other code is being tested against, so:
// - Host: only the address the mock listens on (or localhost, 127.0.0.1, [::1] with its port):
//   a page that rebinds its own name to 127.0.0.1 (DNS rebinding) sends its own name. 421 otherwise.
// - No page on another origin: browsers mark their requests (Fetch Metadata's `Sec-Fetch-Site`,
//   and `Origin` on every POST), scripts (curl, a test runner) send neither. A request whose
//   `Sec-Fetch-Site` is not same-origin or none, or whose `Origin` is not the mock's own, gets 403.
// - No preflight is ever allowed: a browser page can send a "simple" request (a form or text/plain
//   POST) without asking, so a body, when there is one, must be `application/json` (415 otherwise),
//   which a page can only send after a preflight, and a preflight to /__mock/ gets 405 without any
//   Access-Control-*. A POST without a body (`curl -X POST …/reset`) needs no Content-Type.
// - Credentials: when the mock checks credentials (tokens or key pairs) or has a control token,
//   control calls need one of them: the same `X-Auth-Token`, a valid AK/SK signature (the gateway's
//   own check), or `Authorization: Bearer <control token>`. 401 otherwise. A mock with neither has
//   nothing a caller could not already do through the operation, so it stays open (Host and
//   content-type rules still apply).
import { BODY_LIMITS } from "../body.js";
import { headerText, type MockAnswer, type MockRequest } from "../exchange.js";
import { type Gateway, sameText } from "../gateway.js";

export interface ControlGuardOptions {
  /** The gateway, when credentials are configured; control calls may then use them. */
  gateway?: Gateway;
  /** A token for the control API only, sent as `Authorization: Bearer <token>`. */
  controlToken?: string;
}

/** Refuses a control call: the reason goes in `{ "error": … }`, never a credential. */
const refuse = (status: number, error: string, headers: Record<string, string> = {}): MockAnswer => ({
  status,
  headers: { "Content-Type": "application/json", ...headers },
  body: JSON.stringify({ error }),
});

const JSON_TYPE = /^application\/json\s*(;|$)/i;
const WITH_BODY = new Set(["POST", "PATCH", "PUT"]);

export type ControlGuard = (request: MockRequest, url: URL, hosts: ReadonlySet<string> | undefined) => Promise<MockAnswer | undefined>;

/** Checks a control call; resolves with the refusal, or undefined to let it through. `hosts` undefined: no Host check (a fetch handler in-process). */
export function createControlGuard({ gateway, controlToken }: ControlGuardOptions): ControlGuard {
  const guarded = gateway !== undefined || controlToken !== undefined;
  const ways = [
    ...(gateway ? ["the X-Auth-Token or AK/SK signature the mock accepts"] : []),
    ...(controlToken === undefined ? [] : ["Authorization: Bearer <the control token>"]),
  ].join(", or ");

  async function authorized(request: MockRequest, url: URL): Promise<boolean> {
    const authorization = headerText(request.headers.authorization) ?? "";
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
    if (controlToken !== undefined && bearer !== undefined) return sameText(bearer, controlToken);
    if (!gateway) return false;
    // A signed body is verified whole, up to the control API's own limit.
    const verdict = await gateway.check(request.method, url, request.headers, () => request.body(BODY_LIMITS.control));
    return verdict.ok;
  }

  /** Whether the body, read whole up to the control API's limit, holds anything (past the limit counts as something). */
  async function hasBody(request: MockRequest): Promise<boolean> {
    const bytes = await request.body(BODY_LIMITS.control);
    return bytes === undefined || bytes.length > 0;
  }

  return async (request, url, hosts) => {
    const host = headerText(request.headers.host)?.toLowerCase();
    if (hosts !== undefined && (host === undefined || !hosts.has(host))) {
      return refuse(
        421,
        `the control API answers only requests addressed to the mock itself (Host: ${[...hosts][0] ?? "its address"}, or localhost with its port)`,
      );
    }
    if (request.method === "OPTIONS")
      return refuse(405, "the control API allows no cross-origin calls: it answers no preflight", { Allow: "GET, POST, PATCH, DELETE" });
    const crossSite = fromAnotherOrigin(request, host);
    if (crossSite) return refuse(403, `the control API refuses calls from a web page on another origin (${crossSite})`);
    if (guarded && !(await authorized(request, url)))
      return refuse(401, `the control API needs credentials: ${ways}`, { "WWW-Authenticate": 'Bearer realm="vpcep-mock control API"' });
    if (WITH_BODY.has(request.method) && !JSON_TYPE.test(headerText(request.headers["content-type"]) ?? "") && (await hasBody(request)))
      return refuse(415, `${request.method} ${url.pathname} takes a body only as Content-Type: application/json`);
    return undefined;
  };
}

const OWN_SITE = new Set(["same-origin", "none"]);

/**
 * Which browser marker shows a request from a page on another origin, or undefined: `Sec-Fetch-Site`
 * other than same-origin or none (a typed URL), or an `Origin` whose host is not the `Host` the
 * request was sent to. Never echoes the values (a hostile page chooses them).
 */
function fromAnotherOrigin(request: MockRequest, host: string | undefined): string | undefined {
  const site = headerText(request.headers["sec-fetch-site"])?.trim().toLowerCase();
  if (site !== undefined && !OWN_SITE.has(site)) return "Sec-Fetch-Site is not same-origin";
  const origin = headerText(request.headers.origin)?.trim();
  if (origin === undefined) return undefined;
  const own = URL.canParse(origin) && host !== undefined && new URL(origin).host === host;
  return own ? undefined : "Origin is not the mock's own";
}
