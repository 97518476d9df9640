// The stateful mock: serves a list of services the way the provider does (fuzzy, case-insensitive
// name filter; id and status filters; sorting; limit/offset paging; total_count), refuses invalid
// requests with the documented 400 body, and validates every answer against the document before
// sending it.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as compiled from "../../generated/contract-validators.js";
import { validateListEndpointServicesRequest, validateListEndpointServicesResponse } from "../contract/index.js";
import { parseVpcepTimestamp } from "../timestamps.js";
import type { EndpointService, ErrorBody } from "../types.js";
import type { RunningMock } from "./prism.js";

/** The documented 400 code for a refused parameter (`EndPoint.0002` for the others). */
const CODE_BY_PARAMETER: Record<string, [string, string]> = {
  limit: ["EndPoint.0006", "Invalid limit."],
  offset: ["EndPoint.0010", "Invalid offset."],
  sort_key: ["EndPoint.0017", "Invalid sort_key."],
  sort_dir: ["EndPoint.0018", "Invalid sort_dir."],
  status: ["EndPoint.0019", "Invalid status."],
  endpoint_service_name: ["EndPoint.1003", "Invalid service name."],
  project_id: ["EndPoint.0014", "Invalid project ID."],
};

export class SeedDataError extends Error {
  override name = "SeedDataError";
}

/** Checks seed data: an array of services (or a page `{ endpoint_services }`), each valid and with a unique id. */
export function checkSeed(data: unknown, source = "seed data"): EndpointService[] {
  const list = Array.isArray(data) ? data : (data as { endpoint_services?: unknown } | null)?.endpoint_services;
  if (!Array.isArray(list)) throw new SeedDataError(`${source}: expected an array of services or { "endpoint_services": [...] }`);
  const ids = new Set<string>();
  list.forEach((service, index) => {
    if (!compiled.endpointService(service)) {
      const first = compiled.endpointService.errors?.[0];
      throw new SeedDataError(`${source}: service ${index} is not a valid EndpointService: ${first?.instancePath || "(service)"} ${first?.message ?? ""}`.trim());
    }
    const id = (service as EndpointService).id;
    if (ids.has(id)) throw new SeedDataError(`${source}: id ${id} appears twice`);
    ids.add(id);
  });
  return list as EndpointService[];
}

function sortTime(service: EndpointService, key: string): number {
  const value = key === "update_at" ? service.updated_at ?? service.update_at ?? service.created_at : service.created_at;
  try {
    return parseVpcepTimestamp(value).getTime();
  } catch {
    return 0;
  }
}

export interface StatefulOptions {
  services: EndpointService[];
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Called with the violations of an answer the mock refused to send (it sends a 500 instead). */
  onInvalidAnswer?: (problems: string[]) => void;
}

export async function startStatefulMock({ services, host = "127.0.0.1", port = 0, onInvalidAnswer }: StatefulOptions): Promise<RunningMock> {
  let log = "";

  function send(res: ServerResponse, status: number, body: unknown) {
    const headers = { "Content-Type": "application/json", "X-Request-Id": randomBytes(16).toString("hex") };
    const checked = validateListEndpointServicesResponse(status, headers, body);
    if (!checked.valid) {
      const problems = checked.errors.map((e) => `${e.path}: ${e.message}`);
      log += `refused to send an invalid answer: ${problems.join("; ")}\n`;
      onInvalidAnswer?.(problems);
      status = 500;
      body = { error_code: "EndPoint.0001", error_msg: "System error. Please retry." } satisfies ErrorBody;
    }
    res.writeHead(status, headers).end(JSON.stringify(body));
  }

  function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://mock.local");
    const onPath = new RegExp(`^${compiled.operationPath.replace("{project_id}", "[^/]+")}/?$`).test(url.pathname);
    if (!onPath || req.method !== "GET") {
      return send(res, 404, { error_code: "EndPoint.0005", error_msg: "The requested resource does not exist." });
    }
    const token = req.headers["x-auth-token"];
    const signed = String(req.headers.authorization ?? "").startsWith("SDK-HMAC-SHA256 ") && req.headers["x-sdk-date"];
    if (!token && !signed) {
      return send(res, 401, { error_code: "EndPoint.0003", error_msg: "Authentication failed or authentication information is invalid." });
    }
    const request = validateListEndpointServicesRequest(url);
    if (!request.valid) {
      const parameter = request.errors[0]?.path.split(".").pop() ?? "";
      const [code, message] = CODE_BY_PARAMETER[parameter] ?? ["EndPoint.0002", "Parameter error."];
      return send(res, 400, { error_code: code, error_msg: message });
    }
    const q = url.searchParams;
    const name = q.get("endpoint_service_name")?.toLowerCase();
    const matching = services.filter(
      (s) =>
        (name === undefined || s.service_name.toLowerCase().includes(name)) &&
        (!q.has("id") || s.id === q.get("id")) &&
        (!q.has("status") || s.status === q.get("status")) &&
        (!q.has("public_border_group") || s.public_border_group === q.get("public_border_group")),
    );
    const key = q.get("sort_key") ?? "create_at";
    const direction = (q.get("sort_dir") ?? "desc") === "asc" ? 1 : -1;
    const sorted = [...matching].sort((a, b) => direction * (sortTime(a, key) - sortTime(b, key)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const limit = Number(q.get("limit") ?? 10);
    const offset = Number(q.get("offset") ?? 0);
    send(res, 200, { endpoint_services: sorted.slice(offset, offset + limit), total_count: matching.length });
  }

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      log += `error: ${error instanceof Error ? error.message : String(error)}\n`;
      if (!res.headersSent) send(res, 500, { error_code: "EndPoint.0001", error_msg: "System error. Please retry." });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}`,
    port: bound,
    output: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
