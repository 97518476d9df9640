// The stateful mock as a fetch handler (a `Request` in, a `Response` out), on the same steps as the
// node:http server: for service workers, MSW and edge runtimes. Transport faults cannot be played
// through a `Response`: `delay` waits, the others answer as a network error does.
import { bodyOf } from "./body.js";
import type { MockAnswer, MockRequest } from "./exchange.js";

export async function requestFromFetch(request: Request): Promise<MockRequest> {
  const url = new URL(request.url);
  const bytes = request.body === null ? new Uint8Array(0) : new Uint8Array(await request.arrayBuffer());
  return {
    method: request.method,
    target: `${url.pathname}${url.search}`,
    headers: Object.fromEntries(request.headers),
    body: bodyOf(bytes),
  };
}

export async function responseOf(answer: MockAnswer): Promise<Response> {
  const { fault } = answer;
  if (fault?.kind === "delay") await new Promise((resolve) => setTimeout(resolve, fault.ms ?? 0));
  else if (fault) return Response.error();
  return new Response(answer.body === "" ? null : answer.body, { status: answer.status, headers: answer.headers });
}

/** `handle` (from createStatefulHandler) as `(request: Request) => Promise<Response>`. */
export const fetchHandler =
  (handle: (request: MockRequest) => Promise<MockAnswer>) =>
  async (request: Request): Promise<Response> =>
    responseOf(await handle(await requestFromFetch(request)));
