// Canonical forms of SDK-HMAC-SHA256 (the provider's API request signing guide).

/** Percent-encodes per RFC 3986: keeps A-Z a-z 0-9 - _ . ~, upper-case hex, space as %20. */
export function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decodeLoosely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Each path segment encoded, ending in `/` even when the sent path does not. */
export function canonicalUri(pathname: string): string {
  const encoded = pathname
    .split("/")
    .map((segment) => encodeRfc3986(decodeLoosely(segment)))
    .join("/");
  return encoded.endsWith("/") ? encoded : `${encoded}/`;
}

/** Names and values encoded, sorted by name then value, `k=v` joined by `&`; an empty value keeps its `=`. */
export function canonicalQuery(search: string): string {
  const raw = search.startsWith("?") ? search.slice(1) : search;
  if (raw === "") return "";
  return raw
    .split("&")
    .filter((pair) => pair !== "")
    .map((pair) => {
      const at = pair.indexOf("=");
      const name = at === -1 ? pair : pair.slice(0, at);
      const value = at === -1 ? "" : pair.slice(at + 1);
      return [encodeRfc3986(decodeLoosely(name)), encodeRfc3986(decodeLoosely(value))] as const;
    })
    .sort(([n1, v1], [n2, v2]) => (n1 < n2 ? -1 : n1 > n2 ? 1 : v1 < v2 ? -1 : v1 > v2 ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
}

/** `YYYYMMDDTHHMMSSZ`, UTC. */
export function sdkDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}
