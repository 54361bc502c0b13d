/**
 * The seed's promise: uploading customer CAs creates the project's CA-expiry alert configuration (30
 * days, every 24 hours, to the project's owners by email) if the project has none, and a change of the
 * CAs closes an alert whose CA is gone or no longer expiring. `user-security.ts` calls
 * {@link onCustomerCasChanged} inside the transaction of the upload or removal, so the configuration
 * exists exactly when the CAs do, and no worker can see one without the other.
 */
import type { Kysely } from "kysely";
import { newId } from "../core/ids.js";
import { findCustomerCas } from "../store/repos/customer-cas.js";
import { findProject } from "../store/repos/organizations.js";
import type { Database } from "../store/schema.js";
import { recordAlertAudit } from "./alert-audit.js";
import { hasAlertConfigOfType, insertAlertConfig } from "../store/repos/alert-configs.js";
import type { DaysThreshold, StoredNotification } from "./alert-types.js";
import { CUSTOMER_CA_EXPIRATION } from "./event-types.js";
import { reconcileProject } from "./reconcile-alerts.js";

/** The seed's threshold: 30 days before the CA expires. */
export const CA_EXPIRY_THRESHOLD: DaysThreshold = { operator: "LESS_THAN", threshold: 30, units: "DAYS" };
/** The seed's repetition: every 24 hours. */
export const CA_EXPIRY_INTERVAL_MIN = 1440;

/** Creates the CA-expiry configuration if the project has none; true when it created one. */
export async function ensureCustomerCaAlertConfig(tx: Kysely<Database>, projectId: string, now: Date): Promise<boolean> {
  if (await hasAlertConfigOfType(tx, projectId, CUSTOMER_CA_EXPIRATION)) return false;
  const notification: StoredNotification = {
    typeName: "GROUP",
    notifierId: newId(),
    delayMin: 0,
    intervalMin: CA_EXPIRY_INTERVAL_MIN,
    emailEnabled: true,
    smsEnabled: false,
    roles: ["GROUP_OWNER"],
  };
  const at = now.toISOString();
  const id = newId();
  const inserted = await insertAlertConfig(tx, {
    id,
    project_id: projectId,
    event_type_name: CUSTOMER_CA_EXPIRATION,
    enabled: 1,
    threshold: JSON.stringify(CA_EXPIRY_THRESHOLD),
    matchers: "[]",
    notifications: JSON.stringify([notification]),
    severity_override: null,
    auto_key: `${projectId}:customer-ca`,
    created_at: at,
    updated_at: at,
  });
  if (inserted) {
    const project = await findProject(tx, projectId);
    if (project === undefined) throw new Error(`project ${projectId} does not exist`);
    await recordAlertAudit(tx, { type: "ALERT_CONFIG_ADDED_AUDIT", orgId: project.org_id, projectId, actor: "certgate", target: `${CUSTOMER_CA_EXPIRATION} ${id}`, at: now });
  }
  return inserted;
}

/**
 * Call inside the transaction that changed the project's customer CAs (after the change): ensures the
 * configuration when CAs are present, then re-evaluates the project's alerts.
 */
export async function onCustomerCasChanged(tx: Kysely<Database>, projectId: string, now: Date): Promise<void> {
  if ((await findCustomerCas(tx, projectId)) !== undefined) await ensureCustomerCaAlertConfig(tx, projectId, now);
  await reconcileProject(tx, now, projectId);
}
