// npm install vpcep-openapi
import { createVpcepClient, VpcepApiError } from "vpcep-openapi";

const client = createVpcepClient({
  projectId: process.env.OS_PROJECT_ID!,
  region: "eu-de", // any region of the servers list, e.g. "cn-north-4"
  auth: { token: process.env.OS_TOKEN! }, // or { accessKey, secretKey } to sign with AK/SK
});

try {
  const page = await client.listEndpointServices({ status: "available", limit: 50 });
  console.log(`${page.total_count} available, first page:`, page.endpoint_services.map((s) => s.service_name));

  // Every page, 1000 at a time, each service once:
  for await (const service of client.paginateEndpointServices({ sort_key: "update_at" })) {
    console.log(service.id, service.service_name, service.status);
  }
} catch (error) {
  if (error instanceof VpcepApiError) console.error(error.status, error.errorCode, error.errorMsg, error.requestId);
  throw error;
}
