import { createVpcepClient, VpcepApiError } from "vpcep-openapi";

const client = createVpcepClient({
  projectId: "my-project",
  baseUrl: process.env.VPCEP_BASE_URL ?? "http://127.0.0.1:4010", // the mock; for the service: region: "eu-de"
  auth: { token: "any-token" }, // the mock takes any token unless started with --token
});

const page = await client.listEndpointServices({ status: "available" });
const names = page.endpoint_services.map((s) => s.service_name);
console.log(page.total_count, names);
// 2 [ 'payments-api', 'orders-api' ]  (newest first: the service's default order)

try {
  await client.listEndpointServices({ limit: 5000 });
} catch (error) {
  if (!(error instanceof VpcepApiError)) throw error;
  console.log(error.status, error.errorCode, error.errorMsg);
  // 400 EndPoint.0006 Invalid limit.
}
