// Region → endpoint, from the servers of the document (generated/client.ts).
import { servers } from "../generated/client.js";
import { VpcepConfigError } from "./errors.js";

function hostsByRegion(): Map<string, string> {
  const hosts = new Map<string, string>();
  for (const server of servers) {
    const variable = "region" in server.variables ? server.variables.region : undefined;
    if (variable) {
      for (const region of variable.enum) hosts.set(region, server.url.replace("{region}", region));
    } else {
      const fixed = /^https:\/\/vpcep\.([^.]+)\./.exec(server.url)?.[1];
      if (fixed) hosts.set(fixed, server.url);
    }
  }
  return hosts;
}

const endpoints = hostsByRegion();

/** Every region the document lists, Huawei Cloud's and Open Telekom Cloud's. */
export const knownRegions: readonly string[] = [...endpoints.keys()];

/** The endpoint (`https://vpcep.<region>.…`) of a region; throws listing the known regions otherwise. */
export function endpointOf(region: string): string {
  const endpoint = endpoints.get(region);
  if (!endpoint) {
    throw new VpcepConfigError(`unknown region ${JSON.stringify(region)}; known regions: ${knownRegions.join(", ")}. For another endpoint pass baseUrl instead.`);
  }
  return endpoint;
}
