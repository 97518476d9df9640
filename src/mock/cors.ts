// CORS for browser pages calling the stateful mock, off unless `--cors ORIGIN` turns it on (the
// real service documents none): the headers every answer carries, and the answer to a preflight.
import { headerText, type MockAnswer, type MockRequest } from "./exchange.js";

/** A browser's preflight: an OPTIONS that announces the method it wants to send. */
export const isPreflight = (request: MockRequest) =>
  request.method === "OPTIONS" && request.headers["access-control-request-method"] !== undefined;

/** Allows any method the operation has (GET) and any header the page asks for, for ten minutes. */
export function preflight(request: MockRequest): MockAnswer {
  return {
    status: 204,
    headers: {
      "Access-Control-Allow-Methods": "GET",
      "Access-Control-Allow-Headers": headerText(request.headers["access-control-request-headers"]) ?? "",
      "Access-Control-Max-Age": "600",
    },
    body: "",
  };
}

/** The answer with the CORS headers for `origin` (`*` for any) added; a named origin varies by `Origin`. */
export function withCors(answer: MockAnswer, origin: string): MockAnswer {
  const cors: Record<string, string> = {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Expose-Headers": "X-Request-Id, Retry-After",
  };
  if (origin !== "*") cors["Vary"] = "Origin";
  return { ...answer, headers: { ...cors, ...answer.headers } };
}
