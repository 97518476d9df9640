// The validators Ajv compiled from the document (generated/contract-validators.js), with the
// examples' services. Re-exports only.
export * from "../../generated/contract-validators.js";
