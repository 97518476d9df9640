// Requests to the Prism mock started by the global setup.
import { inject } from "vitest";
import { TIMEOUTS, waitFor } from "./timeouts.js";

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

let ready: Promise<string> | undefined;

/**
 * The URL of the global setup's Prism once it answers: the setup starts Prism alongside the first
 * files instead of before them, so a file that calls the mock runs `beforeAll(mockReady, TIMEOUTS.prismStart)`.
 */
export function mockReady(): Promise<string> {
  ready ??= (async () => {
    const url = inject("mockUrl");
    const answers = async () => {
      try {
        await (await fetch(url, { signal: AbortSignal.timeout(TIMEOUTS.poll) })).arrayBuffer();
        return true;
      } catch {
        return false;
      }
    };
    await waitFor(
      `the global setup's Prism at ${url} answering (its error, if it failed, is printed by the global setup)`,
      answers,
      (up) => up,
      { timeoutMs: TIMEOUTS.prismStart, intervalMs: 100 },
    );
    return url;
  })();
  return ready;
}

/** GETs the operation with `query` (a query string or pairs) and the given headers. */
export async function listOnMock(
  query: string | Record<string, string> = "",
  headers: Record<string, string> = TOKEN_HEADERS,
  projectId = PROJECT_ID,
): Promise<MockAnswer> {
  const search = typeof query === "string" ? query : new URLSearchParams(query).toString();
  const url = `${await mockReady()}/v1/${encodeURIComponent(projectId)}/vpc-endpoint-services${search ? `?${search}` : ""}`;
  const response = await fetch(url, { headers });
  const text = await response.text();
  const violations = JSON.parse(response.headers.get("sl-violations") ?? "[]") as Violation[];
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined, violations };
}
