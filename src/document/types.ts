// Types only: `import type * as Types from "vpcep-openapi/types"` costs nothing at run time.
import type { components, operations, paths } from "../../generated/schema.js";

export type { components, operations, paths };

/** One VPC endpoint service, as the list returns it. */
export type EndpointService = components["schemas"]["EndpointService"];
/** One page: `endpoint_services` and `total_count`. */
export type ListEndpointServicesResponse = components["schemas"]["ListEndpointServicesResponse"];
/** The query parameters of `GET /v1/{project_id}/vpc-endpoint-services`. */
export type ListEndpointServicesQuery = NonNullable<operations["listEndpointServices"]["parameters"]["query"]>;
/** The body of every error answer, in one of three shapes: `{error_code, error_msg, request_id?}`, `{error: {code, message}}`, `{code, message}`. */
export type ErrorBody = components["schemas"]["ErrorBody"];
export type PortMapping = components["schemas"]["PortMapping"];
export type ResourceTag = components["schemas"]["ResourceTag"];
export type EndpointServiceStatus = components["schemas"]["EndpointServiceStatus"];
