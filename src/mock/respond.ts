// The last step: a reply becomes the answer sent, with its request id, after the document has
// checked it. An answer the document refuses is never sent: the mock answers 500 instead and says why.
import { validateListEndpointServicesResponse } from "../document/validators.js";
import type { MockAnswer, Reply } from "./exchange.js";
import type { Fault } from "./faults.js";
import { SYSTEM_ERROR } from "../document/refusals.js";

export interface Responder {
  /** The answer for `reply`; `checked` skips the check (a page whose services were checked when they entered). */
  respond(requestId: string, reply: Reply, fault?: Fault, checked?: boolean): MockAnswer;
  /** A 500 instead of an answer with these problems, reported. */
  refuse(requestId: string, problems: string[], fault?: Fault): MockAnswer;
}

/** `report` hears the problems of every answer refused. */
export function createResponder(report: (problems: string[]) => void): Responder {
  function respond(requestId: string, { status, body, headers: extra }: Reply, fault?: Fault, checked = false): MockAnswer {
    const headers: Record<string, string> = { ...extra, "Content-Type": "application/json", "X-Request-Id": requestId };
    if (!checked) {
      const result = validateListEndpointServicesResponse(status, headers, body);
      if (!result.valid)
        return refuse(
          requestId,
          result.errors.map((e) => `${e.path}: ${e.message}`),
          fault,
        );
    }
    const text = typeof body === "string" ? body : JSON.stringify(body);
    return fault === undefined ? { status, headers, body: text } : { status, headers, body: text, fault };
  }

  function refuse(requestId: string, problems: string[], fault?: Fault): MockAnswer {
    report(problems);
    return respond(requestId, { status: 500, body: SYSTEM_ERROR }, fault, true);
  }

  return { respond, refuse };
}
