/**
 * Brings the open alerts in line with the findings: opens an alert for each new finding, closes those
 * whose condition no longer holds (a CA replaced or removed) and cancels those whose configuration was
 * disabled or deleted.
 *
 * Concurrency: every change to a project's alerts happens in a transaction that first locks the
 * project's row ({@link reconcileProject}); the CA upload's hook and the configuration writes take the
 * same lock. So a worker that read the old CA bundle cannot open an alert for it after the upload has
 * replaced it, nor close an alert the upload has just opened: whichever transaction comes second sees
 * what the first committed. An alert is also opened through a unique `open_key` and ended by a
 * conditional update on `status = 'OPEN'`, so two workers cannot do either twice.
 */
import type { Kysely } from "kysely";
import { newId } from "../core/ids.js";
import type { Database } from "../store/schema.js";
import type { Store } from "../store/store.js";
import { endAlerts, insertOpenAlerts, listOpenExpiryAlerts } from "../store/repos/alerts.js";
import { openKeyOf } from "./alert-rows.js";
import { ALERT_EVENT_TYPES } from "./event-types.js";
import { listEnabledConfigIds } from "../store/repos/alert-expiry.js";
import { lockProjectRowByUpdate } from "../store/repos/organizations.js";
import { findExpiring, type EvaluationScope, type Finding } from "./expiry-findings.js";

/** What one reconciliation changed. */
export interface ReconcileOutcome {
  opened: number;
  closed: number;
  cancelled: number;
}

/** The changes a reconciliation would make. */
export interface ReconcilePlan {
  toOpen: Finding[];
  toClose: { id: string; projectId: string }[];
  toCancel: { id: string; projectId: string }[];
}

/** Works out the changes in `scope` at `now` without making them. */
export async function planReconcile(db: Kysely<Database>, now: Date, scope: EvaluationScope = {}): Promise<ReconcilePlan> {
  const findings = await findExpiring(db, now, scope);
  const open = await listOpenExpiryAlerts(db, ALERT_EVENT_TYPES, scope.projectId);
  const openKeys = new Set(open.map((a) => a.open_key));
  const wanted = new Set(findings.map((f) => openKeyOf(f.alertConfigId, f.target)));
  const stale = open.filter((a) => !wanted.has(a.open_key ?? ""));
  // Only stale alerts need telling apart (resolved or configuration off), so the lookup waits for one.
  const enabled = stale.length === 0 ? new Set<string>() : await listEnabledConfigIds(db, { ...scope, ids: stale.map((a) => a.alert_config_id) });
  return {
    toOpen: findings.filter((f) => !openKeys.has(openKeyOf(f.alertConfigId, f.target))),
    toClose: stale.filter((a) => enabled.has(a.alert_config_id)).map((a) => ({ id: a.id, projectId: a.project_id })),
    toCancel: stale.filter((a) => !enabled.has(a.alert_config_id)).map((a) => ({ id: a.id, projectId: a.project_id })),
  };
}

/** Makes the planned changes. */
async function applyPlan(db: Kysely<Database>, plan: ReconcilePlan, now: Date): Promise<ReconcileOutcome> {
  const at = now.toISOString();
  const opened = await insertOpenAlerts(
    db,
    plan.toOpen.map((f) => ({
      id: newId(),
      project_id: f.projectId,
      org_id: f.orgId,
      alert_config_id: f.alertConfigId,
      event_type_name: f.eventTypeName,
      target: f.target,
      target_label: f.label,
      target_expires_at: f.expiresAt,
      status: "OPEN",
      open_key: openKeyOf(f.alertConfigId, f.target),
      created_at: at,
      updated_at: at,
      resolved_at: null,
      last_notified_at: null,
      acknowledged_until: null,
      acknowledgement_comment: null,
      acknowledging_username: null,
    })),
  );
  const closed = await endAlerts(db, plan.toClose.map((a) => a.id), "CLOSED", at);
  const cancelled = await endAlerts(db, plan.toCancel.map((a) => a.id), "CANCELLED", at);
  return { opened, closed, cancelled };
}

/**
 * Reconciles one project inside `tx` (a transaction) after locking the project's row, so concurrent
 * reconciliations of the project and CA changes are serialized.
 */
export async function reconcileProject(tx: Kysely<Database>, now: Date, projectId: string): Promise<ReconcileOutcome> {
  await lockProjectRowByUpdate(tx, projectId);
  return applyPlan(tx, await planReconcile(tx, now, { projectId }), now);
}

/**
 * The worker's reconciliation: plans over every project without locks (cheap when nothing changed, the
 * usual case), then reconciles each project that needs a change in its own locked transaction.
 */
export async function reconcileAll(store: Store, now: Date): Promise<ReconcileOutcome> {
  const plan = await planReconcile(store.db, now);
  const projects = new Set([...plan.toOpen.map((f) => f.projectId), ...plan.toClose.map((a) => a.projectId), ...plan.toCancel.map((a) => a.projectId)]);
  const total: ReconcileOutcome = { opened: 0, closed: 0, cancelled: 0 };
  for (const projectId of projects) {
    const outcome = await store.transaction((tx) => reconcileProject(tx, now, projectId));
    total.opened += outcome.opened;
    total.closed += outcome.closed;
    total.cancelled += outcome.cancelled;
  }
  return total;
}
