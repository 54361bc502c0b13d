/**
 * The reads of the alert worker's expiry evaluation: enabled configurations with their project, and
 * what they watch. Certificates are read per project, only those whose expiry falls in the widest
 * threshold window, along the `certificates_unrevoked_expiry` partial index and in pages, so a pass
 * costs in proportion to what it finds and no statement runs long on synchronous SQLite.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../schema.js";
import { nextEventLoopTurn } from "../../shared/event-loop-turn.js";

/** Which projects to look at: all, or one. */
export interface ExpiryScope {
  projectId?: string;
}

/** The columns every finder reads of an enabled configuration and its project. */
export interface ExpiryConfigRow {
  id: string;
  project_id: string;
  org_id: string;
  threshold: string | null;
}

/** Enabled configurations of `eventType` joined with their project: the one join every finder starts from. */
function enabledConfigsQuery(db: Kysely<Database>, eventType: string, scope: ExpiryScope) {
  let query = db
    .selectFrom("alert_configs as c")
    .innerJoin("projects as p", "p.id", "c.project_id")
    .where("c.event_type_name", "=", eventType)
    .where("c.enabled", "=", 1);
  if (scope.projectId !== undefined) query = query.where("c.project_id", "=", scope.projectId);
  return query;
}

/** The enabled configurations of `eventType` in scope. */
export function listEnabledExpiryConfigs(db: Kysely<Database>, eventType: string, scope: ExpiryScope): Promise<ExpiryConfigRow[]> {
  return enabledConfigsQuery(db, eventType, scope).select(["c.id", "c.project_id", "p.org_id", "c.threshold"]).execute();
}

/** Enabled configurations of `eventType` joined with their project's customer CA bundle description. */
export function listCustomerCaExpiryRows(db: Kysely<Database>, eventType: string, scope: ExpiryScope) {
  return enabledConfigsQuery(db, eventType, scope)
    .innerJoin("customer_cas as cc", "cc.project_id", "c.project_id")
    .select(["c.id", "c.project_id", "c.threshold", "p.org_id", "cc.cas_info"])
    .execute();
}

/** Enabled configurations of `eventType` joined with their project's active managed CAs. */
export function listManagedCaExpiryRows(db: Kysely<Database>, eventType: string, scope: ExpiryScope) {
  return enabledConfigsQuery(db, eventType, scope)
    .innerJoin("managed_cas as ca", "ca.project_id", "c.project_id")
    .select(["c.id", "c.project_id", "c.threshold", "p.org_id", "ca.id as ca_id", "ca.subject", "ca.not_after"])
    .where("ca.active", "=", 1)
    .execute();
}

/** An unrevoked certificate of a user that still exists. */
export interface ExpiringCertificateRow {
  id: string;
  serial: string;
  username: string;
  not_after: string;
}

const CERTIFICATE_PAGE = 1000;

/** One page of {@link listCertificatesExpiringBetween}, after the row `after` (exported for the query-plan test). */
export function expiringCertificatesPage(db: Kysely<Database>, projectId: string, from: string, to: string, after?: { not_after: string; id: string }) {
  let query = db
    .selectFrom("certificates")
    .select(["id", "serial", "username", "not_after", "database_user_id"])
    .where("project_id", "=", projectId)
    .where("revoked_at", "is", null)
    .where("not_after", ">", from)
    .where("not_after", "<", to);
  if (after !== undefined) query = query.where(sql<boolean>`(not_after, id) > (${after.not_after}, ${after.id})`);
  return query.orderBy("not_after").orderBy("id").limit(CERTIFICATE_PAGE);
}

/**
 * The project's unrevoked certificates of existing users whose notAfter is after `from` and before
 * `to`, in pages of at most {@link CERTIFICATE_PAGE}, soonest first.
 */
export async function* listCertificatesExpiringBetween(
  db: Kysely<Database>,
  projectId: string,
  from: string,
  to: string,
): AsyncGenerator<ExpiringCertificateRow[]> {
  let after: { not_after: string; id: string } | undefined;
  for (;;) {
    const rows = await expiringCertificatesPage(db, projectId, from, to, after).execute();
    // Orphaned records (the user was deleted) are filtered here rather than in SQL, so the partial index serves the range.
    const live = rows.filter((row) => row.database_user_id !== null);
    if (live.length > 0) yield live;
    if (rows.length < CERTIFICATE_PAGE) return;
    const last = rows[rows.length - 1] as { not_after: string; id: string };
    after = { not_after: last.not_after, id: last.id };
    await nextEventLoopTurn();
  }
}

/** Which of the configurations `ids` are enabled (in scope). */
export async function listEnabledConfigIds(db: Kysely<Database>, scope: ExpiryScope & { ids: readonly string[] }): Promise<Set<string>> {
  const enabled = new Set<string>();
  const ids = [...new Set(scope.ids)];
  // Chunked: SQLite caps bound parameters per statement.
  for (let i = 0; i < ids.length; i += 500) {
    let query = db.selectFrom("alert_configs").select("id").where("enabled", "=", 1).where("id", "in", ids.slice(i, i + 500));
    if (scope.projectId !== undefined) query = query.where("project_id", "=", scope.projectId);
    for (const row of await query.execute()) enabled.add(row.id);
  }
  return enabled;
}
