// Plain fetch, no library: Node 18+, browsers, Deno, Bun.
const url = new URL(`https://vpcep.eu-de.otc.t-systems.com/v1/${process.env.OS_PROJECT_ID}/vpc-endpoint-services`);
url.searchParams.set("status", "available");
url.searchParams.set("limit", "50");

const response = await fetch(url, { headers: { "X-Auth-Token": process.env.OS_TOKEN } });
const body = await response.json();
if (!response.ok) {
  // Usually {"error_code": "EndPoint.0002", "error_msg": "Parameter error."}; also {"error": {"code", "message"}} or {"code", "message"}.
  const code = body.error_code ?? body.error?.code ?? body.code;
  const message = body.error_msg ?? body.error?.message ?? body.message;
  throw new Error(`HTTP ${response.status} ${code}: ${message}`);
}
console.log(`${body.total_count} available:`, body.endpoint_services.map((s) => s.service_name));
