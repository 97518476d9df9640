// The one matcher of the operation's path, derived from the path template of the document: the
// mock's route, the proxy, `vpcep-contract validate` and the request validator all ask it.
import { operationPath } from "./operation.js";

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const [before = "", after = ""] = operationPath.split("{project_id}");
// Unanchored at the start, so a base path before it (an upstream's `/prefix`) is seen as `prefix`;
// `project_id` holds no `/`, so the match, anchored at the end, is the only one.
const PATH = new RegExp(`${escaped(before)}(?<project_id>[^/]*)${escaped(after)}/?$`);

export interface OperationPathMatch {
  /** What comes before the operation's path (a base path such as `/prefix`); `""` when nothing does. */
  prefix: string;
  /** The `project_id` segment as written (still percent-encoded; `""` when empty). */
  projectId: string;
}

/** `/v1/p/vpc-endpoint-services` (a trailing slash allowed) → `{ prefix: "", projectId: "p" }`; any other path → undefined. */
export function matchOperationPath(pathname: string): OperationPathMatch | undefined {
  const match = PATH.exec(pathname);
  if (!match) return undefined;
  return { prefix: pathname.slice(0, match.index), projectId: match.groups?.["project_id"] ?? "" };
}

/**
 * Whether a path is the operation's, with a project id: exactly (the mock serves it so), or, with
 * `underBasePath`, under any base path too (a proxy's upstream or a recording may add one).
 */
export function isOperationPath(pathname: string, { underBasePath = false }: { underBasePath?: boolean } = {}): boolean {
  const match = matchOperationPath(pathname);
  return match !== undefined && match.projectId !== "" && (underBasePath || match.prefix === "");
}
