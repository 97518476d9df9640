import { validateListEndpointServicesRequest, validateListEndpointServicesResponse } from "vpcep-openapi/contract";

// A request your code sends: its path and query.
const request = validateListEndpointServicesRequest("/v1/p/vpc-endpoint-services?limit=5000&status=gone");
const messages = (result) => result.errors.map((e) => `${e.path}: ${e.message}`);
console.log(request.valid, messages(request));
// false [ 'query.status: must be equal to one of the allowed values', 'query.limit: must be <= 1000' ]

// An answer your server gives: status, headers and body text (never throws, whatever the input).
const body = JSON.stringify({
  total_count: 1,
  endpoint_services: [
    {
      id: "svc-1",
      service_name: "orders-api",
      service_type: "interface",
      status: "available",
      created_at: "2024-01-31T08:00:00Z",
      ports: [{ client_port: 70000, server_port: 8443, protocol: "TCP" }],
    },
  ],
});
const response = validateListEndpointServicesResponse(200, { "content-type": "application/json" }, body);
console.log(response.valid, messages(response));
// false [ 'endpoint_services[0].ports[0].client_port: must be <= 65535' ]
