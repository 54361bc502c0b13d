/** Clusters and the deployment server CA. */
import type { Kysely, Selectable } from "kysely";
import type { ClustersTable, DeploymentServerCaTable } from "../clusters-schema.js";
import type { Database } from "../schema.js";

/** A stored cluster. */
export type ClusterRow = Selectable<ClustersTable>;
/** The stored deployment server CA. */
export type DeploymentServerCaRow = Selectable<DeploymentServerCaTable>;

/** Records a new cluster; a taken name or port violates a unique constraint. */
export async function insertCluster(db: Kysely<Database>, row: ClusterRow): Promise<void> {
  await db.insertInto("clusters").values(row).execute();
}

/** The project's clusters, oldest first. */
export async function listProjectClusters(db: Kysely<Database>, projectId: string): Promise<ClusterRow[]> {
  return db.selectFrom("clusters").selectAll().where("project_id", "=", projectId).orderBy("created_at").orderBy("id").execute();
}

/** Every cluster of the deployment (what the gateways serve). */
export async function listAllClusters(db: Kysely<Database>): Promise<ClusterRow[]> {
  return db.selectFrom("clusters").selectAll().orderBy("port").execute();
}

/** One cluster by project and name. */
export async function findCluster(db: Kysely<Database>, projectId: string, name: string): Promise<ClusterRow | undefined> {
  return db.selectFrom("clusters").selectAll().where("project_id", "=", projectId).where("name", "=", name).executeTakeFirst();
}

/** The ports already given to clusters. */
export async function listTakenPorts(db: Kysely<Database>): Promise<Set<number>> {
  const rows = await db.selectFrom("clusters").select("port").execute();
  return new Set(rows.map((r) => Number(r.port)));
}

/** Removes a cluster; false when it was already gone. */
export async function deleteCluster(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom("clusters").where("id", "=", id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Sets a cluster's state (CREATING until a gateway listens, then IDLE). */
export async function setClusterState(db: Kysely<Database>, id: string, stateName: string): Promise<void> {
  await db.updateTable("clusters").set({ state_name: stateName }).where("id", "=", id).execute();
}

const SERVER_CA_ID = "server-ca";

/** The deployment server CA, if one was created. */
export async function findDeploymentServerCa(db: Kysely<Database>): Promise<DeploymentServerCaRow | undefined> {
  return db.selectFrom("deployment_server_ca").selectAll().where("id", "=", SERVER_CA_ID).executeTakeFirst();
}

/**
 * Stores the deployment server CA unless another instance stored one first; returns the one that
 * is stored either way.
 */
export async function saveDeploymentServerCa(db: Kysely<Database>, row: Omit<DeploymentServerCaRow, "id">): Promise<DeploymentServerCaRow> {
  await db
    .insertInto("deployment_server_ca")
    .values({ id: SERVER_CA_ID, ...row })
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
  const stored = await findDeploymentServerCa(db);
  if (stored === undefined) throw new Error("the deployment server CA row vanished right after it was written");
  return stored;
}
