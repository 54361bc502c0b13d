/**
 * Storage of notification slots (`alert_deliveries`). A slot is claimed by inserting its row (unique on
 * alert, notifier and slot number) or, for a retry, by a conditional update; whoever's statement changed
 * the row owns the slot and is the only one that sends it.
 */
import type { Kysely, Selectable } from "kysely";
import type { AlertDeliveriesTable } from "../alerts-schema.js";
import type { Database } from "../schema.js";

/** A stored slot. */
export type DeliveryRow = Selectable<AlertDeliveriesTable>;

/** Slot states. */
export const DELIVERY_STATUSES = ["SENDING", "DELIVERED", "FAILED", "GAVE_UP", "ABANDONED"] as const;
/** One slot state. */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Slots per multi-row claim. */
const CLAIM_BATCH = 200;

/**
 * Claims fresh slots (each under the new row id it brings) in multi-row statements; returns the rows this call claimed (a slot someone else
 * already had is left out).
 */
export async function claimSlots(
  db: Kysely<Database>,
  slots: readonly { id: string; alertId: string; series: string; intervalNumber: number; at: string }[],
): Promise<DeliveryRow[]> {
  const claimed: DeliveryRow[] = [];
  for (let i = 0; i < slots.length; i += CLAIM_BATCH) {
    const rows: DeliveryRow[] = slots.slice(i, i + CLAIM_BATCH).map((slot) => ({
      id: slot.id,
      alert_id: slot.alertId,
      notifier_id: slot.series,
      interval_number: slot.intervalNumber,
      status: "SENDING",
      attempts: 1,
      next_attempt_at: null,
      last_error: null,
      claimed_at: slot.at,
      finished_at: null,
    }));
    const inserted = await db
      .insertInto("alert_deliveries")
      .values(rows)
      .onConflict((oc) => oc.columns(["alert_id", "notifier_id", "interval_number"]).doNothing())
      .returning("id")
      .execute();
    const won = new Set(inserted.map((row) => row.id));
    for (const row of rows) if (won.has(row.id)) claimed.push(row);
  }
  return claimed;
}

/** Records delivered slots and their alerts' last notification time, in multi-row statements. */
export async function recordDelivered(db: Kysely<Database>, delivered: readonly { deliveryId: string; alertId: string }[], at: string): Promise<void> {
  for (let i = 0; i < delivered.length; i += CLAIM_BATCH) {
    const chunk = delivered.slice(i, i + CLAIM_BATCH);
    await db
      .updateTable("alert_deliveries")
      .set({ status: "DELIVERED", finished_at: at, last_error: null, next_attempt_at: null })
      .where("id", "in", chunk.map((d) => d.deliveryId))
      .execute();
    await db.updateTable("alerts").set({ last_notified_at: at }).where("id", "in", [...new Set(chunk.map((d) => d.alertId))]).execute();
  }
}

/** Claims a failed slot for its next attempt; true when this call won it. */
export async function claimRetry(db: Kysely<Database>, row: DeliveryRow, at: string): Promise<boolean> {
  const result = await db
    .updateTable("alert_deliveries")
    .set({ status: "SENDING", attempts: row.attempts + 1, claimed_at: at, next_attempt_at: null })
    .where("id", "=", row.id)
    .where("status", "=", "FAILED")
    .where("attempts", "=", row.attempts)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The highest slot number claimed so far per open alert and slot series (`<alertId>/<series>` -> slot). */
export async function lastClaimedSlots(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("alert_deliveries as d")
    .innerJoin("alerts as a", "a.id", "d.alert_id")
    .select(["d.alert_id", "d.notifier_id", (eb) => eb.fn.max("d.interval_number").as("last")])
    .where("a.status", "=", "OPEN")
    .groupBy(["d.alert_id", "d.notifier_id"])
    .execute();
  return new Map(rows.map((r) => [`${r.alert_id}/${r.notifier_id}`, Number(r.last)]));
}

/** Failed slots whose retry time has come. */
export async function dueRetries(db: Kysely<Database>, at: string): Promise<DeliveryRow[]> {
  return db.selectFrom("alert_deliveries").selectAll().where("status", "=", "FAILED").where("next_attempt_at", "<=", at).execute();
}

/** Records the outcome of the attempt a claim allowed. */
export async function finishAttempt(
  db: Kysely<Database>,
  id: string,
  outcome: { status: Exclude<DeliveryStatus, "SENDING">; at: string; error?: string; nextAttemptAt?: string },
): Promise<void> {
  await db
    .updateTable("alert_deliveries")
    .set({
      status: outcome.status,
      finished_at: outcome.status === "FAILED" ? null : outcome.at,
      last_error: outcome.error ?? null,
      next_attempt_at: outcome.nextAttemptAt ?? null,
    })
    .where("id", "=", id)
    .execute();
}

/**
 * Marks slots left SENDING for longer than a lease as ABANDONED. Their worker stopped mid-delivery, so
 * whether the notification went out is unknown; they are not sent again (at-most-once).
 */
export async function abandonStaleClaims(db: Kysely<Database>, claimedBefore: string, at: string): Promise<number> {
  const result = await db
    .updateTable("alert_deliveries")
    .set({ status: "ABANDONED", finished_at: at, last_error: "the worker stopped during delivery; not sent again (at-most-once)" })
    .where("status", "=", "SENDING")
    .where("claimed_at", "<", claimedBefore)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Every slot of an alert, oldest first (for tests and diagnostics). */
export async function listDeliveries(db: Kysely<Database>, alertId: string): Promise<DeliveryRow[]> {
  return db.selectFrom("alert_deliveries").selectAll().where("alert_id", "=", alertId).orderBy("claimed_at").orderBy("interval_number").execute();
}

/** A slot that did not reach its receiver, with the notifications of its alert's configuration. */
export interface FailedDeliveryRow {
  alert_id: string;
  notifier_id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  claimed_at: string;
  next_attempt_at: string | null;
  /** The configuration's notifications; null once the configuration is deleted. */
  notifications: string | null;
}

/** Per alert of `alertIds`, its most recent slot that failed (to be retried or for good) or was abandoned. */
export async function lastFailedDeliveries(db: Kysely<Database>, alertIds: readonly string[]): Promise<Map<string, FailedDeliveryRow>> {
  const latest = new Map<string, FailedDeliveryRow>();
  // Chunked: SQLite caps bound parameters per statement.
  for (let i = 0; i < alertIds.length; i += CLAIM_BATCH) {
    const rows = await db
      .selectFrom("alert_deliveries as d")
      .innerJoin("alerts as a", "a.id", "d.alert_id")
      .leftJoin("alert_configs as c", "c.id", "a.alert_config_id")
      .select(["d.alert_id", "d.notifier_id", "d.status", "d.attempts", "d.last_error", "d.claimed_at", "d.next_attempt_at", "c.notifications"])
      .where("d.alert_id", "in", alertIds.slice(i, i + CLAIM_BATCH))
      .where("d.status", "in", ["FAILED", "GAVE_UP", "ABANDONED"])
      .orderBy("d.claimed_at", "desc")
      .orderBy("d.interval_number", "desc")
      .execute();
    for (const row of rows) if (!latest.has(row.alert_id)) latest.set(row.alert_id, row);
  }
  return latest;
}
