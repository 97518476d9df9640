// Where a text stops being JSON, as a line and a column: JSON.parse's own message gives no position
// for some mistakes and quotes the text for others (a file may hold secrets), so it is never shown.

/** Where `text` stops being JSON (1-based line and column), or undefined when it is JSON. */
export function jsonErrorPosition(text: string): { line: number; column: number; endsEarly: boolean } | undefined {
  const offset = firstJsonError(text);
  if (offset === undefined) return undefined;
  const line = 1 + (text.slice(0, offset).match(/\n/g)?.length ?? 0);
  return { line, column: offset - text.lastIndexOf("\n", offset - 1), endsEarly: offset >= text.length };
}

/** ` at line L, column C` of the first character JSON cannot take, or `: it ends too early (line L, column C)`; never the text. */
export function whereJsonBreaks(text: string): string {
  const at = jsonErrorPosition(text);
  if (at === undefined) return "";
  return at.endsEarly ? `: it ends too early (line ${at.line}, column ${at.column})` : ` at line ${at.line}, column ${at.column}`;
}

// The tokens of RFC 8259; each alternative is disjoint, so every match is linear.
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const SCALAR = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
const SPACE = /[ \t\n\r]*/y;

/** The offset where `text` stops being JSON (its length when it ends too early); undefined when it is JSON. Iterative: any depth. */
function firstJsonError(text: string): number | undefined {
  let i = 0;
  const open: string[] = [];
  const match = (pattern: RegExp) => {
    pattern.lastIndex = i;
    if (!pattern.test(text)) return false;
    i = pattern.lastIndex;
    return true;
  };
  const space = () => match(SPACE);
  const key = () => {
    space();
    if (!match(STRING)) return false;
    space();
    if (text[i] !== ":") return false;
    i++;
    return true;
  };
  for (;;) {
    // A value.
    space();
    const c = text[i];
    if (c === "{" || c === "[") {
      i++;
      space();
      if (text[i] === (c === "{" ? "}" : "]")) i++;
      else {
        open.push(c);
        if (c === "{" && !key()) return i;
        continue;
      }
    } else if (!match(STRING) && !match(SCALAR)) return i;
    // After a value: a comma, a closing bracket or the end.
    for (;;) {
      space();
      const top = open.at(-1);
      if (top === undefined) return i < text.length ? i : undefined;
      if (text[i] === ",") {
        i++;
        if (top === "{" && !key()) return i;
        break;
      }
      if (text[i] !== (top === "{" ? "}" : "]")) return i;
      i++;
      open.pop();
    }
  }
}
