/**
 * Finds what the enabled alert configurations should be alerting about right now: every CA or
 * certificate whose expiry is closer than its configuration's threshold. One set-based query per event
 * type (configurations joined with what they watch), then a comparison per row in memory.
 */
import type { Kysely } from "kysely";
import type { CustomerCaInfo } from "../core/types.js";
import type { Database } from "../store/schema.js";
import { thresholdOf } from "./alert-config-rows.js";
import { CUSTOMER_CA_EXPIRATION, MANAGED_CA_EXPIRATION, MANAGED_USER_CERTS_EXPIRATION, type AlertEventType } from "./event-types.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** One condition that holds: configuration `alertConfigId` should have an open alert about `target`. */
export interface Finding {
  alertConfigId: string;
  projectId: string;
  orgId: string;
  eventTypeName: AlertEventType;
  target: string;
  label: string;
  expiresAt: string;
}

/** Which projects to look at: all, or one (a CA upload re-evaluates its own project). */
export interface EvaluationScope {
  projectId?: string;
}

/** Which of the configurations `ids` are enabled (in scope). */
export async function listEnabledConfigIds(db: Kysely<Database>, scope: EvaluationScope & { ids: readonly string[] }): Promise<Set<string>> {
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

/** Every finding in scope at `now`. */
export async function findExpiring(db: Kysely<Database>, now: Date, scope: EvaluationScope): Promise<Finding[]> {
  const [customer, userCerts, managedCas] = await Promise.all([
    findCustomerCas(db, now, scope),
    findManagedUserCerts(db, now, scope),
    findManagedCas(db, now, scope),
  ]);
  return [...customer, ...userCerts, ...managedCas];
}

/** The rows a customer-CA evaluation reads: enabled configurations joined with their project's bundle. */
export function customerCaRowsQuery(db: Kysely<Database>, scope: EvaluationScope) {
  let query = db
    .selectFrom("alert_configs as c")
    .innerJoin("customer_cas as cc", "cc.project_id", "c.project_id")
    .innerJoin("projects as p", "p.id", "c.project_id")
    .select(["c.id", "c.project_id", "c.threshold", "p.org_id", "cc.cas_info"])
    .where("c.event_type_name", "=", CUSTOMER_CA_EXPIRATION)
    .where("c.enabled", "=", 1);
  if (scope.projectId !== undefined) query = query.where("c.project_id", "=", scope.projectId);
  return query;
}

/** The columns every finder selects from a configuration and its project. */
interface ConfigRow {
  id: string;
  project_id: string;
  org_id: string;
  threshold: string | null;
}

/** A finding of configuration `row` about `target`, which expires at `expiresAt`. */
function findingOf(row: ConfigRow, eventTypeName: AlertEventType, watched: { target: string; label: string; expiresAt: string }): Finding {
  return { alertConfigId: row.id, projectId: row.project_id, orgId: row.org_id, eventTypeName, ...watched };
}

async function findCustomerCas(db: Kysely<Database>, now: Date, scope: EvaluationScope): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const row of await customerCaRowsQuery(db, scope).execute()) {
    const cutoff = cutoffOf(row, now);
    for (const ca of JSON.parse(row.cas_info) as CustomerCaInfo[]) {
      if (Date.parse(ca.notAfter) >= cutoff) continue;
      findings.push(findingOf(row, CUSTOMER_CA_EXPIRATION, { target: ca.sha256Fingerprint, label: ca.subject, expiresAt: ca.notAfter }));
    }
  }
  return findings;
}

async function findManagedUserCerts(db: Kysely<Database>, now: Date, scope: EvaluationScope): Promise<Finding[]> {
  const configs = await enabledConfigsOf(db, MANAGED_USER_CERTS_EXPIRATION, scope);
  if (configs.length === 0) return [];
  const widest = new Date(now.getTime() + Math.max(...configs.map((c) => c.days)) * DAY_MS).toISOString();
  let query = db
    .selectFrom("alert_configs as c")
    .innerJoin("certificates as cert", "cert.project_id", "c.project_id")
    .innerJoin("projects as p", "p.id", "c.project_id")
    .select(["c.id", "c.project_id", "c.threshold", "p.org_id", "cert.serial", "cert.username", "cert.not_after"])
    .where("c.event_type_name", "=", MANAGED_USER_CERTS_EXPIRATION)
    .where("c.enabled", "=", 1)
    // Expired, revoked and orphaned certificates no longer need renewing, so they raise nothing.
    .where("cert.revoked_at", "is", null)
    .where("cert.database_user_id", "is not", null)
    .where("cert.not_after", ">", now.toISOString())
    .where("cert.not_after", "<", widest);
  if (scope.projectId !== undefined) query = query.where("c.project_id", "=", scope.projectId);
  return (await query.execute())
    .filter((row) => Date.parse(row.not_after) < cutoffOf(row, now))
    .map((row) => findingOf(row, MANAGED_USER_CERTS_EXPIRATION, { target: row.serial, label: `certificate ${row.serial} of ${row.username}`, expiresAt: row.not_after }));
}

async function findManagedCas(db: Kysely<Database>, now: Date, scope: EvaluationScope): Promise<Finding[]> {
  let query = db
    .selectFrom("alert_configs as c")
    .innerJoin("managed_cas as ca", "ca.project_id", "c.project_id")
    .innerJoin("projects as p", "p.id", "c.project_id")
    .select(["c.id", "c.project_id", "c.threshold", "p.org_id", "ca.id as ca_id", "ca.subject", "ca.not_after"])
    .where("c.event_type_name", "=", MANAGED_CA_EXPIRATION)
    .where("c.enabled", "=", 1)
    .where("ca.active", "=", 1);
  if (scope.projectId !== undefined) query = query.where("c.project_id", "=", scope.projectId);
  return (await query.execute())
    .filter((row) => Date.parse(row.not_after) < cutoffOf(row, now))
    .map((row) => findingOf(row, MANAGED_CA_EXPIRATION, { target: row.ca_id, label: row.subject, expiresAt: row.not_after }));
}

async function enabledConfigsOf(db: Kysely<Database>, eventType: AlertEventType, scope: EvaluationScope): Promise<{ days: number }[]> {
  let query = db.selectFrom("alert_configs").select("threshold").where("event_type_name", "=", eventType).where("enabled", "=", 1);
  if (scope.projectId !== undefined) query = query.where("project_id", "=", scope.projectId);
  return (await query.execute()).map((row) => ({ days: thresholdOf(row)?.threshold ?? 0 }));
}

/** Thresholds parsed once per distinct JSON text: nearly every configuration has the same one. */
const thresholdDays = new Map<string, number>();

/** The instant before which an expiry is "less than threshold days" away. */
function cutoffOf(row: { threshold: string | null }, now: Date): number {
  const text = row.threshold ?? "";
  let days = thresholdDays.get(text);
  if (days === undefined) {
    days = thresholdOf(row)?.threshold ?? 0;
    if (thresholdDays.size < 1000) thresholdDays.set(text, days);
  }
  return now.getTime() + days * DAY_MS;
}
