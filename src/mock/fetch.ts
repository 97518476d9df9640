// The stateful mock as a fetch handler (a `Request` in, a `Response` out), on the same steps as the
// node:http server: for service workers, MSW and edge runtimes. Faults are played as far as a
// `Response` can: `delay` waits, `slow-body` streams the body in pieces, `html-502` answers the
// proxy's HTML page; `reset` and `truncate` need a socket and answer as a network error does.
import { bodyOf } from "./body.js";
import type { MockAnswer, MockRequest } from "./exchange.js";
import { DEFAULT_SLOW_BODY_MS, HTML_502 } from "./faults.js";
import { sleep } from "../floor/sleep.js";

export async function requestFromFetch(request: Request): Promise<MockRequest> {
  const url = new URL(request.url);
  const bytes = request.body === null ? new Uint8Array(0) : new Uint8Array(await request.arrayBuffer());
  // A fetch Request never carries `host` (a forbidden header): the gateway's signature check needs
  // the one the caller signed, which is the URL's.
  return {
    method: request.method,
    target: `${url.pathname}${url.search}`,
    headers: { host: url.host, ...Object.fromEntries(request.headers) },
    body: bodyOf(bytes),
  };
}

/** The body in ten pieces spread over `total` ms, as the node:http server's `slow-body` sends it. */
function slowBody(text: string, total: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  const pieces = 10;
  const size = Math.ceil(bytes.length / pieces);
  let n = 0;
  return new ReadableStream({
    async pull(controller) {
      if (n >= pieces) return controller.close();
      controller.enqueue(bytes.subarray(n * size, (n + 1) * size));
      n++;
      await sleep(total / pieces, undefined);
    },
  });
}

export async function responseOf(answer: MockAnswer): Promise<Response> {
  const { fault, status, headers } = answer;
  const body = answer.body === "" ? null : answer.body;
  switch (fault?.kind) {
    case undefined:
      return new Response(body, { status, headers });
    case "delay":
      await sleep(fault.ms ?? 0, undefined);
      return new Response(body, { status, headers });
    case "slow-body":
      return new Response(body === null ? null : slowBody(body, fault.ms ?? DEFAULT_SLOW_BODY_MS), { status, headers });
    case "html-502":
      return new Response(HTML_502, {
        status: 502,
        headers: { "Content-Type": "text/html", "X-Request-Id": headers["X-Request-Id"] ?? "" },
      });
    default:
      return Response.error();
  }
}

/** `handle` (from createStatefulHandler) as `(request: Request) => Promise<Response>`. */
export const fetchHandler =
  (handle: (request: MockRequest) => Promise<MockAnswer>) =>
  async (request: Request): Promise<Response> =>
    responseOf(await handle(await requestFromFetch(request)));
