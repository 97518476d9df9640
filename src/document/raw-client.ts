// The typed openapi-fetch client generated from the document (generated/raw-client.ts, the only
// module that imports openapi-fetch). Re-exports only.
export * from "../../generated/raw-client.js";
