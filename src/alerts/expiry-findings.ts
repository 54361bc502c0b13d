/**
 * Finds what the enabled alert configurations should be alerting about right now: every CA or
 * certificate whose expiry is closer than its configuration's threshold. The store reads only what lies
 * inside the thresholds (store/repos/alert-expiry.ts); each row is then compared in memory.
 */
import type { Kysely } from "kysely";
import type { CustomerCaInfo } from "../core/types.js";
import {
  listCustomerCaExpiryRows,
  listCertificatesExpiringBetween,
  listEnabledExpiryConfigs,
  listManagedCaExpiryRows,
  type ExpiryConfigRow,
  type ExpiryScope,
} from "../store/repos/alert-expiry.js";
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
export type EvaluationScope = ExpiryScope;

/** Every finding in scope at `now`. */
export async function findExpiring(db: Kysely<Database>, now: Date, scope: EvaluationScope): Promise<Finding[]> {
  const customer = await findCustomerCas(db, now, scope);
  const userCerts = await findManagedUserCerts(db, now, scope);
  const managedCas = await findManagedCas(db, now, scope);
  return [...customer, ...userCerts, ...managedCas];
}

/** A finding of configuration `row` about `target`, which expires at `expiresAt`. */
function findingOf(row: ExpiryConfigRow, eventTypeName: AlertEventType, watched: { target: string; label: string; expiresAt: string }): Finding {
  return { alertConfigId: row.id, projectId: row.project_id, orgId: row.org_id, eventTypeName, ...watched };
}

async function findCustomerCas(db: Kysely<Database>, now: Date, scope: EvaluationScope): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const row of await listCustomerCaExpiryRows(db, CUSTOMER_CA_EXPIRATION, scope)) {
    const cutoff = cutoffOf(row, now);
    for (const ca of JSON.parse(row.cas_info) as CustomerCaInfo[]) {
      if (Date.parse(ca.notAfter) >= cutoff) continue;
      findings.push(findingOf(row, CUSTOMER_CA_EXPIRATION, { target: ca.sha256Fingerprint, label: ca.subject, expiresAt: ca.notAfter }));
    }
  }
  return findings;
}

/**
 * Expiring user certificates: per project with an enabled configuration, only the unrevoked records
 * inside the widest threshold window (expired, revoked and orphaned certificates no longer need
 * renewing, so they raise nothing).
 */
async function findManagedUserCerts(db: Kysely<Database>, now: Date, scope: EvaluationScope): Promise<Finding[]> {
  const byProject = new Map<string, ExpiryConfigRow[]>();
  for (const config of await listEnabledExpiryConfigs(db, MANAGED_USER_CERTS_EXPIRATION, scope)) {
    byProject.set(config.project_id, [...(byProject.get(config.project_id) ?? []), config]);
  }
  const findings: Finding[] = [];
  for (const [projectId, configs] of byProject) {
    const widest = new Date(Math.max(...configs.map((config) => cutoffOf(config, now)))).toISOString();
    for await (const page of listCertificatesExpiringBetween(db, projectId, now.toISOString(), widest)) {
      for (const config of configs) {
        const cutoff = cutoffOf(config, now);
        for (const cert of page) {
          if (Date.parse(cert.not_after) >= cutoff) continue;
          findings.push(findingOf(config, MANAGED_USER_CERTS_EXPIRATION, { target: cert.serial, label: `certificate ${cert.serial} of ${cert.username}`, expiresAt: cert.not_after }));
        }
      }
    }
  }
  return findings;
}

async function findManagedCas(db: Kysely<Database>, now: Date, scope: EvaluationScope): Promise<Finding[]> {
  return (await listManagedCaExpiryRows(db, MANAGED_CA_EXPIRATION, scope))
    .filter((row) => Date.parse(row.not_after) < cutoffOf(row, now))
    .map((row) => findingOf(row, MANAGED_CA_EXPIRATION, { target: row.ca_id, label: row.subject, expiresAt: row.not_after }));
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
