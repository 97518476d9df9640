// Reads an answer's body against a hostile peer: as a stream, stopping at once past a size cap or
// past MAX_JSON_DEPTH levels of nesting, before anyone parses it. The time bound is the caller's
// signal, which covers the whole body.

/** The deepest nesting of arrays and objects a response body may have: a page nests 4 levels, unknown fields get room to spare. */
export const MAX_JSON_DEPTH = 64;

/**
 * Counts how deep arrays and objects nest in a body as its bytes arrive, outside strings, without
 * parsing (the bytes `"`, `\\`, `[`, `{`, `]`, `}` never occur inside a UTF-8 sequence). Returns a
 * function that takes the next chunk and answers whether the body went deeper than `limit`.
 */
export function depthCounter(limit: number): (chunk: Uint8Array) => boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  return (chunk) => {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34) inString = false;
      } else if (c === 34) inString = true;
      else if (c === 91 || c === 123) {
        if (++depth > limit) return true;
      } else if (c === 93 || c === 125) depth--;
    }
    return false;
  };
}

export const TOO_LARGE = Symbol("too large");
export const TOO_DEEP = Symbol("too deep");

/** The body as text, read chunk by chunk; stops at once, with a marker, past `max` bytes or MAX_JSON_DEPTH. */
export async function readGuarded(response: Response, max: number): Promise<string | typeof TOO_LARGE | typeof TOO_DEEP> {
  if (Number(response.headers.get("Content-Length")) > max) {
    response.body?.cancel().catch(() => undefined);
    return TOO_LARGE;
  }
  const reader = response.body?.getReader();
  if (!reader) return "";
  const decoder = new TextDecoder();
  const deeper = depthCounter(MAX_JSON_DEPTH);
  let text = "";
  for (let size = 0; ; ) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    const problem = size > max ? TOO_LARGE : deeper(value) ? TOO_DEEP : undefined;
    if (problem) {
      reader.cancel().catch(() => undefined);
      return problem;
    }
    text += decoder.decode(value, { stream: true });
  }
}
