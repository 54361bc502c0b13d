import { ApiRequestError } from "./api-request-error.js";
import { requestJson, requestText } from "./http-client.js";
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

/** Deletes a cluster: its gateway stops listening and its connections close (Atlas's DELETE). */
export async function deleteCluster(groupId: string, clusterName: string): Promise<void> {
  await requestJson<void>("DELETE", atlasPath("groups", groupId, "clusters", clusterName));
}

/**
 * The PEM CA certificate that signs the cluster's gateway certificate, for `--tlsCAFile` (certgate
 * extension); `undefined` when the operator supplied the gateways' certificate themselves.
 */
export async function getClusterTlsCa(groupId: string, clusterName: string): Promise<string | undefined> {
  try {
    return await requestText("GET", atlasPath("groups", groupId, "clusters", clusterName, "tlsCA"));
  } catch (err) {
    if (err instanceof ApiRequestError && err.status === 404) return undefined;
    throw err;
  }
}
