// The novelty report: what a server sends that the document does not describe (a response field, a
// value of an open enumeration, a header, a status, an error code). Open responses accept all of it,
// so none is a violation; each is listed with where it was first seen and an example value (secrets
// masked, values cut short), so a user learns when the service moves on. Memory stays bounded
// whatever the server sends: at most MAX_NOVELTIES entries, bodies walked to MAX_DEPTH.
import { defaultResponse, documentedStatuses, errorBodies, examplesByStatus, responseFields, responseHeaders } from "../document/facts.js";
import { errorCodeOf } from "../document/error-code.js";
import { MASK, SECRET_FIELD } from "../floor/redact.js";

export { errorCodeOf };

export type NoveltyKind = "field" | "enum value" | "header" | "status" | "error code";
/** The kinds in the order reports list them. */
export const NOVELTY_KINDS: readonly NoveltyKind[] = ["field", "enum value", "header", "status", "error code"];

export interface Novelty {
  kind: NoveltyKind;
  /** What: `endpoint_services[].ip_version`, `endpoint_services[].server_type=ECS`, `x-trace-id`, `418`, `EndPoint.3021`. */
  item: string;
  /** Where it was first seen: the case (check) or the exchange (validate). */
  where: string;
  /** The request that got it (method, path and query; secrets masked), when known. */
  request?: string;
  /** An example value as JSON (secrets masked, at most EXAMPLE_CHARS characters). */
  example: string;
  /** How many answers carried it. */
  seen: number;
}

/** One answer as the collector reads it. */
export interface SeenAnswer {
  where: string;
  request?: string;
  status: number;
  headers?: Headers | Record<string, string>;
  /** The parsed body (or its text when it is not JSON). */
  body: unknown;
}

export const MAX_NOVELTIES = 500;
const MAX_DEPTH = 32;
const EXAMPLE_CHARS = 80;

// Headers HTTP itself defines for transport, representation, caching, CORS and security: any server
// may send them, so they are not the service moving on. `Retry-After` is not among them: no source
// documents it for this operation (`responseHeaders` lists it when the document does).
const HTTP_HEADERS = new Set([
  "accept-ranges",
  "age",
  "alt-svc",
  "cache-control",
  "connection",
  "content-encoding",
  "content-language",
  "content-length",
  "content-security-policy",
  "content-type",
  "date",
  "etag",
  "expires",
  "keep-alive",
  "last-modified",
  "pragma",
  "referrer-policy",
  "server",
  "strict-transport-security",
  "transfer-encoding",
  "vary",
  "via",
  "x-content-type-options",
  "x-frame-options",
  "x-xss-protection",
]);
const CORS_HEADER = /^access-control-/;
const SECRET_HEADER = /^(authorization|cookie|set-cookie|proxy-authorization)$/;

const successPaths = new Set(responseFields.success.map((f) => f.path));
const errorPaths = new Set(responseFields.error.map((f) => f.path));
const enumOf = new Map<string, readonly string[]>(
  [...responseFields.success, ...responseFields.error].flatMap((f) => (f.enum ? [[f.path, f.enum] as const] : [])),
);
const describedHeaders = new Set<string>(responseHeaders);
const describedStatuses = new Set<number>([...documentedStatuses, ...(defaultResponse?.statuses ?? [])]);
const describedCodes = new Set(Object.keys(errorBodies));
/** The statuses the document's examples give each error code (`default`'s examples: any status it covers). */
const statusesOfCode = new Map<string, Set<number>>();
for (const [status, examples] of Object.entries(examplesByStatus)) {
  const statuses = status === "default" ? (defaultResponse?.statuses ?? []) : [Number(status)];
  for (const example of Object.values(examples as Record<string, unknown>)) {
    const code = codeOf(example).code;
    if (code === undefined) continue;
    const known = statusesOfCode.get(code) ?? new Set<number>();
    for (const s of statuses) known.add(s);
    statusesOfCode.set(code, known);
  }
}

/**
 * JSON of a value, cut at `max` characters without serialising more than that; names like a secret
 * keep `***` as their value, and every string is masked with `redact` before it is cut.
 */
export function preview(value: unknown, max = EXAMPLE_CHARS, redact: (text: string) => string = (text) => text): string {
  let out = "";
  const push = (text: string) => {
    out += text;
    return out.length <= max;
  };
  const write = (v: unknown, depth: number): boolean => {
    if (typeof v === "string") {
      // At most `max` characters are masked: a longer string is cut there, with room for what masking may shorten.
      const masked = redact(v.length > 4 * max ? v.slice(0, 4 * max) : v);
      return push(JSON.stringify(masked.length > max ? masked.slice(0, max) : masked));
    }
    if (v === null || typeof v !== "object") return push(JSON.stringify(v) ?? String(v));
    if (depth > 4) return push(Array.isArray(v) ? "[…]" : "{…}");
    if (Array.isArray(v)) {
      if (!push("[")) return false;
      for (let i = 0; i < v.length; i++) if ((i > 0 && !push(",")) || !write(v[i], depth + 1)) return false;
      return push("]");
    }
    if (!push("{")) return false;
    let first = true;
    for (const [key, inner] of Object.entries(v)) {
      if ((!first && !push(",")) || !push(`${JSON.stringify(redact(key))}:`)) return false;
      first = false;
      if (!(SECRET_FIELD.test(key) ? push(JSON.stringify(MASK)) : write(inner, depth + 1))) return false;
    }
    return push("}");
  };
  write(value, 0);
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

const lastName = (path: string) =>
  path
    .replace(/\[\]$/, "")
    .split(/[.[\]]+/)
    .filter(Boolean)
    .at(-1) ?? path;

function headerEntries(headers: SeenAnswer["headers"]): [string, string][] {
  if (!headers) return [];
  if (headers instanceof Headers) return [...headers.entries()];
  return Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)]);
}

function codeOf(body: unknown): { code?: string; message?: unknown } {
  const code = errorCodeOf(body);
  if (code === undefined) return {};
  const b = body as Record<string, unknown>;
  const wrapped = b["error"] && typeof b["error"] === "object" ? (b["error"] as Record<string, unknown>) : undefined;
  return { code, message: b["error_msg"] ?? wrapped?.["message"] ?? b["message"] };
}

/** Collects the novelties of answers as they come; `list()` gives them in report order. */
export class NoveltyCollector {
  private readonly found = new Map<string, Novelty>();
  /** Novelties past MAX_NOVELTIES: counted, not kept. */
  dropped = 0;

  constructor(private readonly redact: (text: string) => string = (text) => text) {}

  private preview(value: unknown): string {
    return preview(value, EXAMPLE_CHARS, this.redact);
  }

  private note(kind: NoveltyKind, item: string, answer: SeenAnswer, example: () => string): void {
    const key = `${kind}\u0000${item}`;
    const known = this.found.get(key);
    if (known) {
      known.seen++;
      return;
    }
    if (this.found.size >= MAX_NOVELTIES) {
      this.dropped++;
      return;
    }
    this.found.set(key, {
      kind,
      item: this.redact(item),
      where: this.redact(answer.where),
      ...(answer.request ? { request: this.redact(answer.request) } : {}),
      example: this.redact(example()),
      seen: 1,
    });
  }

  add(answer: SeenAnswer): void {
    const { status, body } = answer;
    if (!describedStatuses.has(status) && Number.isInteger(status)) this.note("status", String(status), answer, () => this.preview(body));
    for (const [name, value] of headerEntries(answer.headers)) {
      if (describedHeaders.has(name) || HTTP_HEADERS.has(name) || CORS_HEADER.test(name)) continue;
      this.note("header", name, answer, () => (SECRET_HEADER.test(name) || SECRET_FIELD.test(name) ? MASK : this.preview(value)));
    }
    const success = status >= 200 && status <= 299;
    if (!success) {
      const { code, message } = codeOf(body);
      if (code !== undefined && !describedCodes.has(code) && !statusesOfCode.has(code))
        this.note("error code", code, answer, () => this.preview(message ?? null));
      // A described code at a status the document never gives it: the code means something new there.
      else if (code !== undefined && statusesOfCode.has(code) && !statusesOfCode.get(code)!.has(status))
        this.note("error code", `${code} (with status ${status})`, answer, () => this.preview(message ?? null));
    }
    this.walk(body, "", success ? successPaths : errorPaths, answer, 0);
  }

  /** Field paths (arrays as `[]`) the document does not list, and values outside an enumeration's known ones. */
  private walk(value: unknown, at: string, known: ReadonlySet<string>, answer: SeenAnswer, depth: number): void {
    if (depth > MAX_DEPTH) return;
    if (Array.isArray(value)) {
      for (const item of value) this.walk(item, `${at}[]`, known, answer, depth + 1);
      return;
    }
    if (value && typeof value === "object") {
      for (const [name, inner] of Object.entries(value)) {
        const path = at ? `${at}.${name}` : name;
        // An undescribed field is reported once, with its value: what lies below it is new too.
        if (!known.has(path))
          this.note("field", path, answer, () => (SECRET_FIELD.test(name) ? JSON.stringify(MASK) : this.preview(inner)));
        else this.walk(inner, path, known, answer, depth + 1);
      }
      return;
    }
    const values = enumOf.get(at);
    if (values && (typeof value === "string" || typeof value === "number") && !values.includes(String(value)))
      this.note("enum value", `${at}=${String(value)}`, answer, () => (SECRET_FIELD.test(lastName(at)) ? MASK : this.preview(value)));
  }

  list(): Novelty[] {
    const order = (n: Novelty) => NOVELTY_KINDS.indexOf(n.kind);
    return [...this.found.values()].sort((a, b) => order(a) - order(b) || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
  }
}

/** The novelties of a list of answers. */
export function findNovelties(answers: Iterable<SeenAnswer>, redact?: (text: string) => string): Novelty[] {
  const collector = new NoveltyCollector(redact);
  for (const answer of answers) collector.add(answer);
  return collector.list();
}

const WHAT: Record<NoveltyKind, string> = {
  field: "response field",
  "enum value": "enum value",
  header: "header",
  status: "status",
  "error code": "error code",
};

/** Lines for the table reporter; none when there is no novelty. */
export function renderNoveltyTable(novelties: readonly Novelty[]): string[] {
  if (novelties.length === 0) return [];
  return [
    `novelty: ${novelties.length} thing(s) the document does not describe (not violations; --fail-on-novelty makes them fail)`,
    ...novelties.map(
      (n) =>
        `  ${WHAT[n.kind].padEnd(14)} ${n.item}  e.g. ${n.example}  (${n.seen}×, first in ${n.where}${n.request && !n.where.includes(n.request) ? `: ${n.request}` : ""})`,
    ),
  ];
}

const listed = (parts: string[]) => (parts.length < 2 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`);

/** A Markdown code span that holds any text: no line breaks, table pipes escaped, a fence longer than any backtick run. */
function code(text: string): string {
  const flat = text.replace(/[\r\n\u2028\u2029]+/g, " ").replace(/\|/g, "\\|");
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") || longest > 0 ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * The Markdown novelty report (`--report-novelty`, the drift issue's body): empty when there is no
 * novelty. Every value that comes from the server sits in a code span, so nothing it sends renders
 * as a link, an image or a mention.
 */
export function noveltyMarkdown(
  novelties: readonly Novelty[],
  { suite, version, dropped = 0 }: { suite: string; version?: string; dropped?: number },
): string {
  if (novelties.length === 0) return "";
  const counts = NOVELTY_KINDS.map((kind) => [kind, novelties.filter((n) => n.kind === kind).length] as const).filter(([, n]) => n > 0);
  const rows = novelties.map((n) => {
    const where = n.request && !n.where.includes(n.request) ? `${n.where}: ${n.request}` : n.where;
    return `| ${WHAT[n.kind]} | ${code(n.item)} | ${code(n.example)} | ${n.seen} | ${code(where)} |`;
  });
  return [
    `### Novelty: what the server sends that the document does not describe`,
    ``,
    `\`${suite}\`${version ? ` (vpcep-openapi ${version})` : ""} saw ${listed(counts.map(([kind, n]) => `${n} ${WHAT[kind]}${n === 1 ? "" : kind === "status" ? "es" : "s"}`))} that the document does not describe. Responses are open, so none of them is a contract violation; each is a candidate for the next version of the document. Examples are cut to ${EXAMPLE_CHARS} characters, secrets masked.`,
    ``,
    `| Kind | What | Example | Seen | First seen in |`,
    `| --- | --- | --- | --- | --- |`,
    ...rows,
    ...(dropped > 0 ? [``, `… and ${dropped} more sightings of other novelties, not kept (at most ${MAX_NOVELTIES} are).`] : []),
    ``,
  ].join("\n");
}
