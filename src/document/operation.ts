// The operation as the client needs it: its method and path, the document's servers, the largest
// page. Only generated/operations.ts behind it (no validators, no facts), so the token client's
// bundle stays small.
import { operationIndex } from "../../generated/operations.js";

export { maxPageSize, operationIndex, servers } from "../../generated/operations.js";

/** The path template of the operation: `/v1/{project_id}/vpc-endpoint-services`. */
export const operationPath = operationIndex.listEndpointServices.path;
