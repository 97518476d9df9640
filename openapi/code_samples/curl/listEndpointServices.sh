# List the available VPC endpoint services of a project, 50 per page.
# OS_PROJECT_ID: your project ID; OS_TOKEN: an IAM token (X-Subject-Token of POST /v3/auth/tokens).
curl --silent --show-error --fail-with-body \
  "https://vpcep.eu-de.otc.t-systems.com/v1/${OS_PROJECT_ID}/vpc-endpoint-services?status=available&limit=50" \
  --header "X-Auth-Token: ${OS_TOKEN}"
