// Region → endpoint, from the servers of the document (generated/operations.ts).
import { servers } from "./operation.js";
import { VpcepConfigError } from "../floor/error-base.js";

function hostsByRegion(): Map<string, string> {
  const hosts = new Map<string, string>();
  for (const server of servers) {
    const variable = (server.variables as { region?: { enum: readonly string[] } }).region;
    if (variable) {
      for (const region of variable.enum) hosts.set(region, server.url.replace("{region}", region));
    } else {
      const fixed = /^https:\/\/vpcep\.([^.]+)\./.exec(server.url)?.[1];
      if (fixed) hosts.set(fixed, server.url);
    }
  }
  return hosts;
}

type Server = (typeof servers)[number];
type RegionsOf<S extends Server> = S["variables"] extends { region: { enum: readonly (infer R)[] } }
  ? R
  : S["url"] extends `https://vpcep.${infer R}.${string}`
    ? R
    : never;

/** Every region the document lists (`"eu-de"`, `"cn-north-4"`, …), for completion in editors. */
export type KnownRegion = Server extends infer S ? (S extends Server ? RegionsOf<S> : never) : never;
/**
 * A known region, completed by editors; any string also type-checks (a region read from the
 * environment), and is checked when the client is created.
 */
export type Region = KnownRegion | (string & {});

const endpoints = hostsByRegion();

/** Every region the document lists, Huawei Cloud's and Open Telekom Cloud's. */
export const knownRegions = [...endpoints.keys()] as readonly KnownRegion[];

/** The endpoint (`https://vpcep.<region>.…`) of a region; throws listing the known regions otherwise. */
export function endpointOf(region: Region): string {
  const endpoint = endpoints.get(region);
  if (!endpoint) {
    // Echoed only when it looks like a region name: a value put in the wrong field may be a secret.
    const named = /^[a-z]{2,}(-[a-z0-9]+){1,4}$/.test(region) && region.length <= 32 ? ` ${JSON.stringify(region)}` : "";
    throw new VpcepConfigError(`unknown region${named}; known regions: ${knownRegions.join(", ")}; for a newer region pass its baseUrl`);
  }
  return endpoint;
}
