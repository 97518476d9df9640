// The error code an answer's body carries, in any of the documented shapes.

/** The error code of an error body in any of the provider's three shapes (`error_code`, `error.code`, `code`). */
export function errorCodeOf(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const b = body as Record<string, unknown>;
  const wrapped = b["error"] && typeof b["error"] === "object" ? (b["error"] as Record<string, unknown>)["code"] : undefined;
  const code = b["error_code"] ?? wrapped ?? b["code"];
  return typeof code === "string" ? code : undefined;
}
