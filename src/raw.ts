// `vpcep-openapi/raw`: the typed openapi-fetch client (src/client/raw.ts).
export * from "./client/raw.js";
