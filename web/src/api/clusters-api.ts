import { requestJson } from "./http-client.js";
import { ALL_ITEMS, atlasPath } from "./api-paths.js";
import type { AtlasPage, Cluster } from "./atlas-types.js";

/** The project's clusters. */
export async function listClusters(groupId: string): Promise<Cluster[]> {
  return (await requestJson<AtlasPage<Cluster>>("GET", atlasPath("groups", groupId, "clusters"), { query: ALL_ITEMS })).results;
}

/** Creates a cluster on the embedded backend (only `name` is needed). */
export function createCluster(groupId: string, name: string): Promise<Cluster> {
  return requestJson<Cluster>("POST", atlasPath("groups", groupId, "clusters"), { body: { name } });
}
