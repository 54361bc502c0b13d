/** Waiting for a cluster to accept connections (`IDLE`), with progress on stderr. */
import { segment, type ApiClient } from "../api-client/api-client.js";

/** `ClusterDescription` as the CLI reads it. */
export interface Cluster {
  name: string;
  stateName: string;
  createDate?: string;
  connectionStrings?: { standard?: string };
  backend?: { embedded?: object; upstream?: { connectionString: string } };
}

/** The API path of one cluster. */
export function clusterPath(projectId: string, name: string): string {
  return `/groups/${segment(projectId)}/clusters/${segment(name)}`;
}

/**
 * Polls the cluster every `intervalMs` until it is `IDLE`, printing its state once and a dot per poll;
 * fails after `timeoutMs`.
 */
export async function waitForCluster(client: ApiClient, projectId: string, name: string, timeoutMs: number, intervalMs = 1000): Promise<Cluster> {
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    const cluster = (await client.json("GET", clusterPath(projectId, name))) as Cluster;
    if (cluster.stateName === "IDLE") {
      if (announced) process.stderr.write(" ready\n");
      return cluster;
    }
    if (!announced) {
      process.stderr.write(`Waiting for cluster '${name}' (${cluster.stateName}) `);
      announced = true;
    } else process.stderr.write(".");
    if (Date.now() + intervalMs > deadline) {
      process.stderr.write("\n");
      throw new Error(`cluster '${name}' is still ${cluster.stateName} after ${Math.round(timeoutMs / 1000)} s`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
