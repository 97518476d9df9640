// Requests to the Prism mock started by the global setup.
import { inject } from "vitest";

export const PROJECT_ID = "6e9dfd51d1124e8d8498dce894923a0d";
export const TOKEN_HEADERS = { "X-Auth-Token": "mock-token" };

export interface Violation {
  location: string[];
  severity: string;
  code: string | number;
  message: string;
}

export interface MockAnswer {
  status: number;
  headers: Headers;
  body: unknown;
  violations: Violation[];
}

/** GETs the operation with `query` (a query string or pairs) and the given headers. */
export async function listOnMock(
  query: string | Record<string, string> = "",
  headers: Record<string, string> = TOKEN_HEADERS,
  projectId = PROJECT_ID,
): Promise<MockAnswer> {
  const search = typeof query === "string" ? query : new URLSearchParams(query).toString();
  const url = `${inject("mockUrl")}/v1/${encodeURIComponent(projectId)}/vpc-endpoint-services${search ? `?${search}` : ""}`;
  const response = await fetch(url, { headers });
  const text = await response.text();
  const violations = JSON.parse(response.headers.get("sl-violations") ?? "[]") as Violation[];
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined, violations };
}
