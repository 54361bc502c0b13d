/**
 * Brings the open alerts in line with the findings: opens an alert for each new finding, closes those
 * whose condition no longer holds (a CA replaced or removed) and cancels those whose configuration was
 * disabled or deleted. Safe to run concurrently: an alert is opened through a unique `open_key`, and
 * ending one is a conditional update on `status = 'OPEN'`.
 */
import type { Kysely } from "kysely";
import { newId } from "../core/ids.js";
import type { Database } from "../store/schema.js";
import { endAlerts, insertOpenAlert, openKeyOf } from "./alert-rows.js";
import { ALERT_EVENT_TYPES } from "./event-types.js";
import { findExpiring, listEnabledConfigIds, type EvaluationScope } from "./expiry-findings.js";

/** What one reconciliation changed. */
export interface ReconcileOutcome {
  opened: number;
  closed: number;
  cancelled: number;
}

/** Reconciles the alerts in `scope` at `now`. */
export async function reconcileAlerts(db: Kysely<Database>, now: Date, scope: EvaluationScope = {}): Promise<ReconcileOutcome> {
  const [findings, enabled] = await Promise.all([findExpiring(db, now, scope), listEnabledConfigIds(db, scope)]);
  let openQuery = db
    .selectFrom("alerts")
    .select(["id", "alert_config_id", "open_key"])
    .where("status", "=", "OPEN")
    .where("event_type_name", "in", [...ALERT_EVENT_TYPES]);
  if (scope.projectId !== undefined) openQuery = openQuery.where("project_id", "=", scope.projectId);
  const open = await openQuery.execute();
  const openKeys = new Set(open.map((a) => a.open_key));
  const at = now.toISOString();

  let opened = 0;
  const wanted = new Set<string>();
  for (const f of findings) {
    const key = openKeyOf(f.alertConfigId, f.target);
    wanted.add(key);
    if (openKeys.has(key)) continue;
    const inserted = await insertOpenAlert(db, {
      id: newId(),
      project_id: f.projectId,
      org_id: f.orgId,
      alert_config_id: f.alertConfigId,
      event_type_name: f.eventTypeName,
      target: f.target,
      target_label: f.label,
      target_expires_at: f.expiresAt,
      status: "OPEN",
      open_key: key,
      created_at: at,
      updated_at: at,
      resolved_at: null,
      last_notified_at: null,
      acknowledged_until: null,
      acknowledgement_comment: null,
      acknowledging_username: null,
    });
    if (inserted) opened += 1;
  }
  const stale = open.filter((a) => !wanted.has(a.open_key ?? ""));
  const closed = await endAlerts(db, stale.filter((a) => enabled.has(a.alert_config_id)).map((a) => a.id), "CLOSED", at);
  const cancelled = await endAlerts(db, stale.filter((a) => !enabled.has(a.alert_config_id)).map((a) => a.id), "CANCELLED", at);
  return { opened, closed, cancelled };
}
