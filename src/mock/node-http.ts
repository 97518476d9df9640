// The stateful mock behind node:http: an IncomingMessage read as a MockRequest, a MockAnswer written
// to the ServerResponse (with its fault, if any). Nothing else of the mock knows node:http.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { streamBody } from "./stream-body.js";
import type { MockAnswer, MockRequest } from "./exchange.js";
import { sendWithFault } from "./faults.js";

export function requestOf(req: IncomingMessage): MockRequest {
  return { method: req.method ?? "GET", target: req.url ?? "/", headers: req.headers, body: streamBody(req) };
}

const NO_CONTENT = new Set([204, 304]);

export function writeAnswer(res: ServerResponse, answer: MockAnswer): void {
  const { status, headers, body, fault } = answer;
  if (fault) {
    // Set first, so that a fault that writes its own head (html-502) keeps them where it does not override them.
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    return void sendWithFault(res, fault, status, headers, body).catch(() => res.destroy());
  }
  if (NO_CONTENT.has(status)) return void res.writeHead(status, headers).end();
  // A string body goes out with the headers in one write; a Buffer would take a second one.
  res.writeHead(status, { ...headers, "Content-Length": String(Buffer.byteLength(body)) }).end(body);
}

/** A server that answers every request with `handle` (which never throws); a failure while writing ends the connection. */
export function serve(handle: (request: MockRequest) => Promise<MockAnswer>): Server {
  return createServer((req, res) => {
    handle(requestOf(req))
      .then((answer) => writeAnswer(res, answer))
      .catch(() => res.destroy());
  });
}
