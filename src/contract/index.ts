// `vpcep-openapi/contract`: the operation's validators, from the document layer (src/document/validators.ts).
export * from "../document/validators.js";
