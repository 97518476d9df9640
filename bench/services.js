// @ts-check
// The service the bench servers serve: the fields of the provider's example, numbered.

/** @param {number} n */
export const service = (n) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  port_id: "4189d3c2-8882-4871-a3c2-d380272eed88",
  vpc_id: "4189d3c2-8882-4871-a3c2-d380272eed80",
  status: "available",
  approval_enabled: false,
  service_name: `svc-${n}`,
  server_type: "VM",
  service_type: "interface",
  ports: [{ client_port: 8080, server_port: 90, protocol: "TCP" }],
  project_id: "6e9dfd51d1124e8d8498dce894923a0d",
  created_at: "2024-01-01T00:00:00Z",
  updated_at: "2024-01-01T00:00:00Z",
});
