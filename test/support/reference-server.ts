// A small, independent, faithful server of the operation for the checker's tests (not the package's
// mock): a token, the documented refusals with their codes, every filter, both sort keys in both
// directions, limit and offset with the documented defaults. `breakages` turn it into a copy broken
// in exactly the named ways, each the way a backend regression breaks one thing.
import type { IncomingMessage, ServerResponse } from "node:http";
import { errorBodies } from "../../generated/document-facts.js";
import { type Loopback, sendJson, startLoopback } from "./loopback.js";

export const REFERENCE_TOKEN = "reference-token-value";

const STATUSES = ["available", "creating", "failed"] as const; // no service is `deleting`
const TYPES = ["VM", "LB", "VIP"] as const;
const NAMES = ["Orders-Api", "billing", "Search-Index", "orders-db", "mail-relay", "Payments", "audit-LOG", "cache"];

export interface ReferenceService {
  id: string;
  service_name: string;
  service_type: "interface";
  server_type: (typeof TYPES)[number];
  status: (typeof STATUSES)[number];
  created_at: string;
  updated_at: string;
  approval_enabled: boolean;
  ports: { client_port: number; server_port: number; protocol: "TCP" }[];
}

const stamp = (minutes: number) => new Date(Date.UTC(2024, 0, 1) + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");

/** `count` services: names from a few stems, three statuses, three types, update order unlike creation order. */
export function referenceServices(count = 24): ReferenceService[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
    service_name: `${NAMES[i % NAMES.length]}-${i + 1}`,
    service_type: "interface",
    server_type: TYPES[i % TYPES.length]!,
    status: STATUSES[i % STATUSES.length]!,
    created_at: stamp(i * 10),
    updated_at: stamp(10_000 - ((i * 7) % count) * 10),
    approval_enabled: false,
    ports: [{ client_port: 8080, server_port: 80, protocol: "TCP" }],
  }));
}

/** One behaviour a backend regression can break, with a request on which the broken copy answers otherwise. */
export const BREAKAGES = {
  "auth-open": "answers without credentials",
  "auth-any-token": "accepts any token",
  "id-ignored": "ignores id",
  "status-ignored": "ignores status",
  "name-case-sensitive": "matches endpoint_service_name case-sensitively",
  "name-prefix-only": "matches endpoint_service_name at the start of names only",
  "server-type-inverted": "returns the services NOT of the asked server_type",
  "sort-dir-ignored": "ignores sort_dir (always descending)",
  "sort-key-ignored": "ignores sort_key (always by created_at)",
  "offset-ignored": "ignores offset",
  "offset-past-end": "answers an offset at or past total_count with the last page",
  "default-page-size": "serves 20 services when limit is omitted (documented: 10)",
  "default-order": "sorts ascending when sort_dir is omitted (documented: desc)",
  "limit-max-refused": "refuses limit=1000, the documented maximum",
  "limit-one-ignored": "serves 2 services for limit=1",
  "limit-zero-page": "serves the default page for limit=0",
  "total-count-page": "counts the page in total_count, not the matches",
  "total-count-unstable": "adds one to total_count after the first page",
  "refusal-code": "refuses every invalid value with EndPoint.0002",
  "refusal-lenient-limit": "serves limit=1001 as 1000 instead of refusing it",
  "bad-port": "sends a client_port out of range",
  "content-type": "answers text/plain",
} as const;
export type Breakage = keyof typeof BREAKAGES;

const INVALID = (code: keyof typeof errorBodies) => ({ status: 400, body: errorBodies[code] });
type Answer = { status: number; body: unknown; type?: string };

/** The answer of the faithful server, or of the copy with `broken`, to one request. */
export function referenceAnswer(
  query: URLSearchParams,
  token: string | undefined,
  services: readonly ReferenceService[],
  broken: ReadonlySet<Breakage> = new Set(),
): Answer {
  if (!broken.has("auth-open") || token !== undefined) {
    if (token === undefined) return { status: 401, body: errorBodies["EndPoint.0003"] };
    if (token !== REFERENCE_TOKEN && !broken.has("auth-any-token")) return { status: 401, body: errorBodies["APIGW.0301"] };
  }
  const refused = refusal(query, broken);
  if (refused) return refused;
  const limitText = query.get("limit");
  let limit = limitText === null ? (broken.has("default-page-size") ? 20 : 10) : Number(limitText);
  if (broken.has("refusal-lenient-limit")) limit = Math.min(limit, 1000);
  if (broken.has("limit-one-ignored") && limit === 1) limit = 2;
  if (broken.has("limit-zero-page") && limit === 0) limit = 10;
  let offset = Number(query.get("offset") ?? 0);
  if (broken.has("offset-ignored")) offset = 0;
  const matching = services.filter((s) => matches(s, query, broken));
  const key = query.get("sort_key") === "update_at" && !broken.has("sort-key-ignored") ? "updated_at" : "created_at";
  const defaultDir = broken.has("default-order") ? "asc" : "desc";
  const dir = broken.has("sort-dir-ignored") ? "desc" : (query.get("sort_dir") ?? defaultDir);
  const sorted = [...matching].sort((a, b) => (dir === "asc" ? 1 : -1) * (a[key].localeCompare(b[key]) || a.id.localeCompare(b.id)));
  if (broken.has("offset-past-end") && offset >= sorted.length && sorted.length > 0) offset = Math.max(0, sorted.length - limit);
  let page: unknown[] = sorted.slice(offset, offset + limit);
  if (broken.has("bad-port"))
    page = page.map((s) => ({ ...(s as object), ports: [{ client_port: 70000, server_port: 80, protocol: "TCP" }] }));
  let total = broken.has("total-count-page") ? page.length : sorted.length;
  if (broken.has("total-count-unstable") && offset > 0) total += 1;
  return {
    status: 200,
    body: { endpoint_services: page, total_count: total },
    ...(broken.has("content-type") ? { type: "text/plain" } : {}),
  };
}

function matches(s: ReferenceService, query: URLSearchParams, broken: ReadonlySet<Breakage>): boolean {
  const id = query.get("id");
  if (id !== null && !broken.has("id-ignored") && s.id !== id) return false;
  const status = query.get("status");
  if (status !== null && !broken.has("status-ignored") && s.status !== status) return false;
  const type = query.get("server_type");
  if (type !== null && (broken.has("server-type-inverted") ? s.server_type === type : s.server_type !== type)) return false;
  const name = query.get("endpoint_service_name");
  if (name !== null) {
    const [have, want] = broken.has("name-case-sensitive") ? [s.service_name, name] : [s.service_name.toLowerCase(), name.toLowerCase()];
    if (broken.has("name-prefix-only") ? !have.startsWith(want) : !have.includes(want)) return false;
  }
  return true;
}

const ENUMS: Record<string, { values: readonly string[]; code: keyof typeof errorBodies }> = {
  status: { values: ["creating", "available", "failed", "deleting"], code: "EndPoint.0019" },
  sort_key: { values: ["create_at", "update_at"], code: "EndPoint.0017" },
  sort_dir: { values: ["desc", "asc"], code: "EndPoint.0018" },
  net_type: { values: ["vlan", "vxlan", "all"], code: "EndPoint.0002" },
};

function refusal(query: URLSearchParams, broken: ReadonlySet<Breakage>): Answer | undefined {
  const code = (documented: keyof typeof errorBodies) => INVALID(broken.has("refusal-code") ? "EndPoint.0002" : documented);
  const limit = query.get("limit");
  if (limit !== null) {
    if (!/^\d+$/.test(limit)) return code("EndPoint.0006");
    if (Number(limit) > 1000 && !broken.has("refusal-lenient-limit")) return code("EndPoint.0006");
    if (Number(limit) === 1000 && broken.has("limit-max-refused")) return INVALID("EndPoint.0006");
  }
  const offset = query.get("offset");
  if (offset !== null && !/^\d+$/.test(offset)) return code("EndPoint.0010");
  for (const [name, { values, code: documented }] of Object.entries(ENUMS)) {
    const value = query.get(name);
    if (value !== null && !values.includes(value)) return code(documented);
  }
  const name = query.get("endpoint_service_name");
  if (name !== null && (name.length < 1 || name.length > 128)) return code("EndPoint.1003");
  return undefined;
}

/** Starts the reference server (broken in the named ways) on 127.0.0.1. */
export function startReference(broken: readonly Breakage[] = [], services = referenceServices()): Promise<Loopback> {
  const set = new Set(broken);
  return startLoopback((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://x");
    const token = req.headers["x-auth-token"];
    const answer = referenceAnswer(url.searchParams, typeof token === "string" ? token : undefined, services, set);
    sendJson(res, answer.status, answer.body, answer.type ? { "Content-Type": answer.type } : {});
  });
}
