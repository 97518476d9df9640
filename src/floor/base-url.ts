// The one rule for a base URL, shared by the client's `baseUrl` and `vpcep-contract check URL`: an
// absolute http(s) URL without credentials, query or fragment (the operation's path is appended to it).

/** What is wrong with `baseUrl`, phrased to follow its name ("… must not carry a query"); undefined when it fits. Never echoes the URL. */
export function baseUrlProblem(baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return "is not an absolute URL (e.g. http://127.0.0.1:4010)";
  }
  if (!/^https?:$/.test(url.protocol)) return `must be an http: or https: URL, not ${url.protocol}`;
  if (url.username || url.password) return "must not carry a user name or password";
  // The text, not the parsed URL: an empty query or fragment ("http://h/?") parses to none.
  if (baseUrl.includes("?")) return "must not carry a query";
  if (baseUrl.includes("#")) return "must not carry a fragment";
  return undefined;
}
