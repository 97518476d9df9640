// The document's facts (generated/document-facts.js): statuses, examples, error bodies, query
// parameters, response headers and fields. Re-exports only.
export {
  defaultResponse,
  documentedStatuses,
  errorBodies,
  examplesByStatus,
  type Json,
  queryParameters,
  type ResponseField,
  responseFields,
  responseHeaders,
} from "../../generated/document-facts.js";
