// Secrets in recorded or reported URLs and bodies: which names hold one, and how a URL is shown without them.
// A field, parameter or header name that holds a secret, whatever its casing and separators
// (`access_key`, `secretAccessKey`, `X-Amz-Signature`, `access_token`, `credential.access`).
export const SECRET_FIELD = /^(ak|sk|access|secret|token|signature|password|passwd|credentials?)$|access[_-]?key|secret|token|signature|password|passwd|credential/i;
export const MASK = "***";

/** The URL with user and password, and every query parameter named like a secret, masked. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.username || parsed.password) [parsed.username, parsed.password] = [MASK, MASK];
  for (const name of [...parsed.searchParams.keys()]) if (SECRET_FIELD.test(name)) parsed.searchParams.set(name, MASK);
  return parsed.toString();
}
