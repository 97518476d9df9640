// `vpcep-openapi/msw` (the door src/msw.ts): the stateful mock (`vpcep-mock --stateful`) as MSW
// request handlers, in process, in Node (`msw/node`) and in a browser (`msw/browser`). Not a second
// mock: the handlers feed each request through the very steps the mock process runs
// (../stateful/handler.ts), with the same store, query semantics, error answers, `Prefer` codes and
// credential checks; ../fetch.ts turns the answer into a Response; the control API's methods call
// its typed API (../control/methods.ts). The package root never imports this module, so `msw`
// stays optional.
import * as msw from "msw";
import type { HttpHandler } from "msw";
import type { AkSkCredentials } from "../../auth/sign.js";
import { endpointOf, knownRegions, type Region } from "../../document/regions.js";
import type { EndpointService } from "../../document/types.js";
import { VpcepConfigError } from "../../floor/error-base.js";
import { type ControlMethods, controlMethods } from "../control/methods.js";
import { requestFromFetch, responseOf } from "../fetch.js";
import type { GatewayCredentials } from "../gateway.js";
import { refuseUnknownOptions } from "../options/unknown-options.js";
import { checkBoolean, checkFaults, checkLifecycle, checkRateLimit, checkTokens } from "../options/values.js";
import { CONTROL_PREFIX } from "../route.js";
import type { LifecycleOptions, Transition } from "../state/lifecycle.js";
import { checkSeed } from "../state/store.js";
import { createStatefulHandler } from "../stateful/handler.js";

export interface VpcepMswOptions {
  /** The seed data: services, or `{ endpoint_services: [...] }`, as `vpcep-mock --stateful --data` reads it. */
  services: readonly EndpointService[] | { endpoint_services: readonly EndpointService[] };
  /** One region's endpoint (`"eu-de"` → https://vpcep.eu-de.otc.t-systems.com). */
  region?: Region;
  /** `"all"`: every endpoint the document's servers list (both clouds, every region); or a list of regions. */
  regions?: "all" | readonly Region[];
  /** An origin, with a path prefix if the client adds one (`http://localhost:8080/vpcep`). */
  baseUrl?: string | readonly string[];
  /** The token(s) the gateway accepts in `X-Auth-Token`. */
  token?: string | readonly string[];
  /** One access key the gateway accepts (with `secretKey`, and `securityToken` for temporary keys). */
  accessKey?: string;
  secretKey?: string;
  securityToken?: string;
  /** More key pairs the gateway accepts. */
  keys?: readonly AkSkCredentials[];
  /** Requests per second per credential beyond which the gateway answers 429 APIGW.0308. */
  rateLimit?: number;
  /** Faults injected at random into `rate` (0 to 1) of the requests, reproducibly from `seed`. */
  faults?: { rate: number; seed: number };
  lifecycle?: LifecycleOptions;
  /** Whether the handlers also answer the control API under `/__mock/` on the matched origins, as the mock process does (default true). */
  controlApi?: boolean;
  /** Hears the violations of an answer the mock refused to send (it sends a 500 `EndPoint.0001` instead). */
  onInvalidAnswer?: (problems: string[]) => void;
  /** Refuse a query parameter the document does not list (400 `EndPoint.0002`), as `--strict-query`; by default it is ignored, as by the service. */
  strictQuery?: boolean;
  /** Hears each warning line (an ignored query parameter, once per name, never its value). */
  onWarning?: (line: string) => void;
}

export interface VpcepMsw extends ControlMethods {
  /** Spread them into `setupServer(...)` or `setupWorker(...)`. */
  handlers: HttpHandler[];
  /** What the gateway checks. */
  readonly description: string;
  /** What the mock noted so far: answers it refused to send, failures. */
  output(): string;
}

const OPTION_NAMES = new Set([
  "services",
  "region",
  "regions",
  "baseUrl",
  "token",
  "accessKey",
  "secretKey",
  "securityToken",
  "keys",
  "rateLimit",
  "faults",
  "lifecycle",
  "controlApi",
  "onInvalidAnswer",
  "strictQuery",
  "onWarning",
]);

/** msw 3 exports `isPassthroughResponse`; msw 2 (2.7 and later) does not. */
const isMsw3 = "isPassthroughResponse" in msw;

const fail = (message: string): never => {
  throw new VpcepConfigError(`vpcep-openapi/msw: ${message}`);
};

interface Base {
  origin: string;
  /** A path prefix without its trailing slash ("" for none). */
  prefix: string;
}

function baseOf(text: unknown): Base {
  if (typeof text !== "string" || !URL.canParse(text)) return fail("baseUrl must be an absolute http(s) URL such as http://localhost:8080");
  const url = new URL(text as string);
  if (url.protocol !== "http:" && url.protocol !== "https:") fail(`baseUrl must use http or https, not ${url.protocol}`);
  if (url.username || url.password || url.search || url.hash)
    fail("baseUrl must be an origin with an optional path: no credentials, query or fragment");
  return { origin: url.origin, prefix: url.pathname.replace(/\/+$/, "") };
}

function basesOf(options: VpcepMswOptions): Base[] {
  const chosen = (["region", "regions", "baseUrl"] as const).filter((name) => options[name] !== undefined);
  if (chosen.length > 1) fail(`give one of region, regions or baseUrl, not ${chosen.join(" and ")}`);
  const { region, regions, baseUrl } = options;
  if (baseUrl !== undefined) return (typeof baseUrl === "string" ? [baseUrl] : [...baseUrl]).map(baseOf);
  if (region !== undefined) return [{ origin: endpointOf(region), prefix: "" }];
  if (regions !== undefined && regions !== "all") {
    if (!Array.isArray(regions)) fail('regions must be "all" or an array of region names');
    return regions.map((name) => ({ origin: endpointOf(name), prefix: "" }));
  }
  return knownRegions.map((name) => ({ origin: endpointOf(name), prefix: "" }));
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** A URL (without query and hash) on one of the bases: its origin, then its path prefix as whole segments. */
function baseMatcher(bases: readonly Base[], controlApi: boolean): RegExp {
  const noControl = controlApi ? "" : `(?!${escaped(CONTROL_PREFIX)})`;
  return new RegExp(`^(?:${bases.map(({ origin, prefix }) => escaped(origin + prefix)).join("|")})${noControl}(?=/|$)`);
}

function credentialsOf(options: VpcepMswOptions): GatewayCredentials {
  const { token, accessKey, secretKey, securityToken, keys = [] } = options;
  // Never echo a value: one put in the wrong field may be a secret.
  const tokens = checkTokens(token, fail);
  const pairs = [...keys];
  if (accessKey !== undefined || secretKey !== undefined || securityToken !== undefined) {
    if (typeof accessKey !== "string" || accessKey === "" || typeof secretKey !== "string" || secretKey === "")
      fail("accessKey and secretKey go together, both non-empty strings");
    pairs.push(
      securityToken === undefined
        ? { accessKey: accessKey!, secretKey: secretKey! }
        : { accessKey: accessKey!, secretKey: secretKey!, securityToken },
    );
  }
  return { tokens, keys: pairs };
}

/** The stateful mock as MSW handlers, with its store and clock to drive from the test. */
export function createVpcepMsw(options: VpcepMswOptions): VpcepMsw {
  // msw 3 calls Promise.withResolvers when it intercepts: without it every request would reject
  // with a bare "fetch failed" (Node 20), so say so here instead. msw 2 runs there.
  if (isMsw3 && typeof (Promise as { withResolvers?: unknown }).withResolvers !== "function") {
    const node = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
    fail(
      `msw 3 needs Node 22.12 or newer (or a current browser)${node === undefined ? "" : `; this is Node ${node}`}: on Node 20 use msw 2 (npm install --save-dev msw@2)`,
    );
  }
  if (options === null || typeof options !== "object")
    fail("pass options { services, region | regions | baseUrl, token? | accessKey/secretKey? }");
  refuseUnknownOptions(Object.keys(options), OPTION_NAMES, fail);
  if (options.services === undefined) fail("services is required (the seed data; [] for none)");
  let services: EndpointService[];
  try {
    services = checkSeed(options.services, "services");
  } catch (error) {
    return fail((error as Error).message);
  }
  const bases = basesOf(options);
  const controlApi = checkBoolean("controlApi", options.controlApi, fail) ?? true;
  const strictQuery = checkBoolean("strictQuery", options.strictQuery, fail);
  const rateLimit = checkRateLimit(options.rateLimit, fail);
  const faults = checkFaults(options.faults, fail);
  const lifecycle = checkLifecycle(options.lifecycle, fail);
  const { handle, api, description, output } = createStatefulHandler({
    services,
    credentials: credentialsOf(options),
    ...(rateLimit === undefined ? {} : { rateLimit }),
    ...(faults === undefined ? {} : { faults }),
    ...(lifecycle === undefined ? {} : { lifecycle }),
    ...(options.onInvalidAnswer === undefined ? {} : { onInvalidAnswer: options.onInvalidAnswer }),
    ...(strictQuery === undefined ? {} : { strictQuery }),
    ...(options.onWarning === undefined ? {} : { onWarning: options.onWarning }),
  });

  /** The request's target as the mock process would receive it, or undefined when no base matches. */
  function targetOf(url: URL): string | undefined {
    for (const { origin, prefix } of bases) {
      if (url.origin !== origin) continue;
      if (prefix !== "" && url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) continue;
      const target = `${url.pathname.slice(prefix.length) || "/"}${url.search}`;
      if (!controlApi && target.startsWith(CONTROL_PREFIX)) return undefined;
      return target;
    }
    return undefined;
  }

  // The handler matches only the URLs on a base (the control API's too unless it is off): a
  // catch-all handler would count every request as handled, and msw's unhandled-request option
  // (`onUnhandledRequest`, `onUnhandledFrame`) would never see one (msw 2.7 takes no predicate
  // function; a regular expression it matches against the URL without query and hash).
  const handler = msw.http.all(baseMatcher(bases, controlApi), async ({ request }) => {
    const target = targetOf(new URL(request.url));
    if (target === undefined) return undefined;
    const mockRequest = await requestFromFetch(request);
    return responseOf(await handle({ ...mockRequest, target }));
  });

  return { handlers: [handler], ...controlMethods(api, fail), description, output };
}

/** The one-liner: `setupServer(...vpcepHandlers({ services, region: "eu-de", token: "t" }))`. */
export const vpcepHandlers = (options: VpcepMswOptions): HttpHandler[] => createVpcepMsw(options).handlers;

export type { AkSkCredentials, EndpointService, LifecycleOptions, Region, Transition };
