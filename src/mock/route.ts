// Where a request goes: its target read as a URL, the control API's prefix, and the one operation.
import { isOperationPath } from "../document/operation-path.js";

/** The control API's reserved path on the mock's own port. */
export const CONTROL_PREFIX = "/__mock/";

/** The target as a URL on a placeholder origin; an unreadable target reads as `/`. */
export function targetUrl(target: string): URL {
  // Joined as text: `new URL("//", base)` would read a target such as `//` as a host and throw.
  const joined = `http://mock.local${target}`;
  return new URL(URL.canParse(joined) ? joined : "http://mock.local/");
}

/** `GET /v1/{project_id}/vpc-endpoint-services` (a trailing slash allowed), the operation the mock serves. */
export const isOperation = (method: string, url: URL) => method === "GET" && isOperationPath(url.pathname);

/** Under `/__mock/`: the control API. */
export const isControl = (url: URL) => url.pathname.startsWith(CONTROL_PREFIX);
