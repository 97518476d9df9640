// Requests both sides of the differential test are sent (the MSW handlers, the mock process), and
// how one is sent and its answer read, the same in Node 20 (the process side) and Node 22 (MSW's).
import { signRequest } from "../../src/auth/sign-request.js";

export const TOKEN = "msw-token";
export const KEY = { accessKey: "MSWACCESSKEY", secretKey: "msw-secret-key" };

export type Credential = "token" | "token-wrong" | "ak" | "ak-wrong-secret" | "ak-unknown" | "ak-stale" | "none";

export interface Case {
  /** Path after the origin, with the query (already encoded). */
  target: string;
  credential: Credential;
  prefer?: string;
  method?: string;
}

export interface Seen {
  status: number | "network-error";
  contentType?: string;
  body?: string;
}

async function withCredential(request: Request, credential: Credential): Promise<Request> {
  switch (credential) {
    case "none":
      return request;
    case "token":
    case "token-wrong":
      request.headers.set("X-Auth-Token", credential === "token" ? TOKEN : "not-the-token");
      return request;
    case "ak":
      return signRequest(request, KEY);
    case "ak-wrong-secret":
      return signRequest(request, { ...KEY, secretKey: "another-secret" });
    case "ak-unknown":
      return signRequest(request, { ...KEY, accessKey: "UNKNOWNKEY" });
    case "ak-stale":
      return signRequest(request, KEY, { date: new Date(Date.now() - 20 * 60_000) });
  }
}

/** Sends `c` to `origin`; a fetch that fails is `network-error`, as a reset connection is. */
export async function send(origin: string, c: Case): Promise<Seen> {
  const headers = new Headers();
  if (c.prefer !== undefined) headers.set("Prefer", c.prefer);
  const request = await withCredential(new Request(`${origin}${c.target}`, { method: c.method ?? "GET", headers }), c.credential);
  try {
    const response = await fetch(request);
    return { status: response.status, contentType: response.headers.get("content-type") ?? "", body: await response.text() };
  } catch {
    return { status: "network-error" };
  }
}

/** What legitimately differs between two runs of the mock: the request id (body and header). */
export function comparable(seen: Seen): Seen {
  if (seen.body === undefined || !seen.contentType?.includes("json")) return seen;
  try {
    const body = JSON.parse(seen.body) as Record<string, unknown>;
    if (body && typeof body === "object" && "request_id" in body) body.request_id = "<request id>";
    return { ...seen, body: JSON.stringify(body) };
  } catch {
    return seen;
  }
}
