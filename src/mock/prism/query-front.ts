// In front of Prism: what only the stateful mock does refused (stateful-only.ts), the query policy every mode of the mock shares (a parameter the document does
// not list is ignored with a warning, or refused under `--strict-query`), then the request forwarded
// to Prism unchanged and Prism's answer streamed back as it comes. Prism itself listens on loopback.
import { createServer, request as forwardRequest } from "node:http";
import { headerText } from "../exchange.js";
import { type ConnectionBounds, type Listening, listen } from "../listen.js";
import { type QueryPolicy, treatUnlisted, unlistedParameters } from "../query.js";
import { SYSTEM_ERROR } from "../../document/refusals.js";
import { isOperation, targetUrl } from "../route.js";
import { statefulOnlyRefusal } from "./stateful-only.js";

export interface QueryFrontOptions {
  /** Where Prism listens. */
  upstream: { host: string; port: number };
  host: string;
  /** 0 picks a free port. */
  port: number;
  policy: QueryPolicy;
  connections?: ConnectionBounds;
}

const json = (body: unknown) => {
  const text = JSON.stringify(body);
  return { text, headers: { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(text)) } };
};

export function startQueryFront({ upstream, host, port, policy, connections }: QueryFrontOptions): Promise<Listening> {
  const server = createServer((req, res) => {
    const url = targetUrl(req.url ?? "/");
    const statefulOnly = statefulOnlyRefusal(url, headerText(req.headers.prefer));
    if (statefulOnly) {
      const { text, headers } = json(statefulOnly);
      req.resume();
      res.writeHead(400, headers).end(text);
      return;
    }
    const unlisted = isOperation(req.method ?? "GET", url) ? unlistedParameters(url.searchParams) : [];
    const treated = treatUnlisted(unlisted, policy);
    if (!treated.ok) {
      const { text, headers } = json(treated.reply.body);
      req.resume();
      res.writeHead(treated.reply.status, headers).end(text);
      return;
    }
    const forward = forwardRequest({ ...upstream, method: req.method, path: req.url, headers: req.headers });
    forward.on("response", (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
      answer.pipe(res);
      answer.on("error", () => res.destroy());
    });
    forward.on("error", () => {
      if (res.headersSent) return void res.destroy();
      const { text, headers } = json(SYSTEM_ERROR);
      res.writeHead(502, headers).end(text);
    });
    req.on("error", () => forward.destroy());
    // A caller that goes away mid-answer frees Prism's side too.
    res.on("close", () => {
      if (!res.writableFinished) forward.destroy();
    });
    req.pipe(forward);
  });
  return listen(server, host, port, connections);
}
