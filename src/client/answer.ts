// One answer as the client keeps it, shared by the transport and the errors built from it.
import type { HttpAnswer } from "../floor/shared-types.js";

/** A complete answer: status, headers and the body as text, with the status text. */
export interface Answer extends HttpAnswer {
  statusText: string;
}
