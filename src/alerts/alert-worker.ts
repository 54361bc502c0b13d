/**
 * The alert worker: on every run it reconciles alerts with the conditions (opens, closes, cancels) and
 * sends the notifications that are due, then the retries that are due.
 *
 * Delivery guarantee — at most once per slot. A slot (alert, notifier, interval number) is claimed in
 * the store BEFORE anything is sent: an insert that the unique constraint lets through for exactly one
 * worker, or for a retry a conditional update on the attempt count. Two workers on PostgreSQL, or a
 * worker restarted mid-interval, find the slot taken and send nothing. The price is that a worker
 * killed between its claim and the end of the send leaves the slot SENDING; after a lease it is marked
 * ABANDONED and not re-sent, because nobody can know whether the receiver got it. At-least-once would
 * resend it and so break "nothing is sent twice"; a lost notification, in turn, is repeated by the next
 * interval's slot while the alert stays open. Failures that are known not to have been delivered
 * (connection refused, HTTP 5xx, SMTP 4xx) are retried with backoff within the same slot.
 */
import type { Logger } from "pino";
import type { MasterKey } from "../pki/master-key.js";
import type { Clock } from "../shared/clock.js";
import type { Store } from "../store/store.js";
import { allWritesDurable } from "../shared/commit-durability.js";
import { newId } from "../core/ids.js";
import { storedNotificationsOf } from "./alert-config-rows.js";
import type { StoredNotification } from "./alert-types.js";
import { abandonStaleClaims, claimRetry, claimSlots, dueRetries, finishAttempt, lastClaimedSlots, recordDelivered, type DeliveryRow } from "../store/repos/alert-deliveries.js";
import { listDueAlerts, type DueAlertRow } from "../store/repos/alerts.js";
import type { DeliveryOutcome } from "./delivery-outcome.js";
import type { EmailSender } from "./email-sender.js";
import type { AlertEventType } from "./event-types.js";
import { deliverNotification } from "./notification-channels.js";
import type { AlertNotice } from "./notification-message.js";
import { currentSlot, retryAt, slotSeries } from "./notification-schedule.js";
import { reconcileAll, type ReconcileOutcome } from "./reconcile-alerts.js";

/** How long a claim may stay SENDING before it counts as abandoned. */
export const CLAIM_LEASE_MS = 10 * 60 * 1000;
/** Slots claimed together, then sent one by one; a batch is sent well within {@link CLAIM_LEASE_MS}. */
const SEND_BATCH = 50;

/** Told of the worker's runs and delivery attempts (for metrics). */
export interface AlertWorkerObserver {
  /** One run (reconciling the alerts, then sending): how long it took, and whether it failed. */
  evaluation(seconds: number, ok: boolean): void;
  /** One delivery attempt on `channel` (the notification's Atlas `typeName`: `GROUP`, `EMAIL`, `WEBHOOK`, `SLACK`, ...): delivered, failed to be retried, or failed for good. */
  delivery(channel: string, outcome: "delivered" | "retry" | "failed"): void;
}

/** What the worker is built from. */
export interface AlertWorkerOptions {
  observer?: AlertWorkerObserver;
  store: Store;
  masterKey: MasterKey;
  clock: Clock;
  email: EmailSender;
  webhookCa?: string;
  webhookTimeoutMs?: number;
  logger?: Pick<Logger, "debug" | "info" | "warn" | "error">;
}

/** What one run did. */
export interface WorkerRunReport extends ReconcileOutcome {
  delivered: number;
  failed: number;
}

/** Evaluates alert conditions and delivers notifications; `runOnce` for tests, `start` for servers. */
export class AlertWorker {
  readonly #options: AlertWorkerOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #stopped = false;

  constructor(options: AlertWorkerOptions) {
    this.#options = options;
  }

  /** One full pass at the clock's current time. */
  async runOnce(): Promise<WorkerRunReport> {
    const { store, clock } = this.#options;
    const now = clock.now();
    const reconciled = await reconcileAll(store, now);
    const abandoned = await abandonStaleClaims(store.db, new Date(now.getTime() - CLAIM_LEASE_MS).toISOString(), now.toISOString());
    if (abandoned > 0) this.#options.logger?.warn({ abandoned }, "alert notifications abandoned by a stopped worker were not resent");
    const report: WorkerRunReport = { ...reconciled, delivered: 0, failed: 0 };
    await this.#sendDue(now, report);
    await this.#retryDue(now, report);
    return report;
  }

  /** Runs every `intervalMs` until `stop`; a run never overlaps the previous one. */
  start(intervalMs: number): void {
    this.#stopped = false;
    const tick = () => {
      const started = process.hrtime.bigint();
      const seconds = (): number => Number(process.hrtime.bigint() - started) / 1e9;
      this.#running = this.runOnce()
        .then((report) => {
          this.#options.observer?.evaluation(seconds(), true);
          // A run that changed nothing is logged only at debug level, so an idle server stays quiet.
          const changed = report.opened + report.closed + report.cancelled + report.delivered + report.failed > 0;
          this.#options.logger?.[changed ? "info" : "debug"](report, "alert worker run");
        })
        .catch((err: unknown) => {
          this.#options.observer?.evaluation(seconds(), false);
          this.#options.logger?.error({ err }, "alert worker run failed");
        })
        .finally(() => {
          if (!this.#stopped) this.#timer = setTimeout(tick, intervalMs);
        });
    };
    tick();
  }

  /** Stops the schedule and waits for a run in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    await this.#running;
  }

  async #sendDue(now: Date, report: WorkerRunReport): Promise<void> {
    const db = this.#options.store.db;
    const at = now.toISOString();
    const [alerts, last] = await Promise.all([listDueAlerts(db, at), lastClaimedSlots(db)]);
    const due: { alert: DueAlertRow; notification: StoredNotification; slot: { id: string; alertId: string; series: string; intervalNumber: number; at: string } }[] = [];
    for (const alert of alerts) {
      for (const notification of storedNotificationsOf(alert)) {
        const slot = currentSlot(Date.parse(alert.created_at), notification.delayMin, notification.intervalMin, now.getTime());
        const series = slotSeries(notification);
        if (slot === undefined || slot <= (last.get(`${alert.id}/${series}`) ?? -1)) continue;
        due.push({ alert, notification, slot: { id: newId(), alertId: alert.id, series, intervalNumber: slot, at } });
      }
    }
    // Claimed in one statement per batch, sent one by one, and the deliveries recorded together.
    for (let i = 0; i < due.length; i += SEND_BATCH) {
      const batch = due.slice(i, i + SEND_BATCH);
      const claimed = new Map((await claimSlots(db, batch.map((d) => d.slot))).map((row) => [`${row.alert_id}/${row.notifier_id}`, row]));
      await this.#claimsOnDisk();
      const delivered: { deliveryId: string; alertId: string }[] = [];
      for (const { alert, notification, slot } of batch) {
        const row = claimed.get(`${slot.alertId}/${slot.series}`);
        if (row !== undefined && (await this.#attempt(alert, notification, row, report, true))) delivered.push({ deliveryId: row.id, alertId: alert.id });
      }
      await recordDelivered(db, delivered, this.#options.clock.now().toISOString());
    }
  }

  async #retryDue(now: Date, report: WorkerRunReport): Promise<void> {
    const db = this.#options.store.db;
    const at = now.toISOString();
    for (const row of await dueRetries(db, at)) {
      if (!(await claimRetry(db, row, at))) continue;
      await this.#claimsOnDisk();
      const claimed: DeliveryRow = { ...row, attempts: row.attempts + 1 };
      const alert = (await listDueAlerts(db, at, row.alert_id))[0];
      const notification = alert === undefined ? undefined : storedNotificationsOf(alert).find((n) => slotSeries(n) === row.notifier_id);
      const slot = alert && notification && currentSlot(Date.parse(alert.created_at), notification.delayMin, notification.intervalMin, now.getTime());
      if (alert === undefined || notification === undefined || slot !== row.interval_number) {
        // Closed, acknowledged, reconfigured or overtaken by the next interval: that slot's news is stale.
        await finishAttempt(db, row.id, { status: "GAVE_UP", at, error: `${row.last_error ?? "failed"}; not retried: the alert is no longer due in this interval` });
        continue;
      }
      await this.#attempt(alert, notification, claimed, report);
    }
  }

  /**
   * A claim lost to a power loss would let the restarted worker send its slot again, so nothing is sent
   * before the claim (and the alert it names) is on disk; a store with group commit syncs lazily.
   */
  #claimsOnDisk(): Promise<void> {
    return allWritesDurable(this.#options.store.commits);
  }

  /** Sends one claimed slot; true when it was delivered and `deferRecord` left recording that to the caller. */
  async #attempt(alert: DueAlertRow, notification: StoredNotification, claimed: DeliveryRow, report: WorkerRunReport, deferRecord = false): Promise<boolean> {
    const { store, clock } = this.#options;
    const notice: AlertNotice = {
      alertId: alert.id,
      alertConfigId: alert.alert_config_id,
      groupId: alert.project_id,
      orgId: alert.org_id,
      projectName: alert.project_name,
      eventTypeName: alert.event_type_name as AlertEventType,
      created: alert.created_at,
      targetLabel: alert.target_label,
      expiresAt: alert.target_expires_at,
      notifierId: notification.notifierId,
      intervalNumber: claimed.interval_number,
      now: clock.now(),
    };
    let outcome: DeliveryOutcome;
    try {
      outcome = await deliverNotification({ ...this.#options, db: store.db }, notification, notice);
    } catch (err) {
      outcome = { ok: false, error: "The notification was not sent: certgate failed while sending it.", detail: `delivery failed: ${(err as Error).message}`, retryable: false };
    }
    const at = clock.now().toISOString();
    if (outcome.ok) {
      this.#options.observer?.delivery(notification.typeName, "delivered");
      report.delivered += 1;
      if (deferRecord) return true;
      await recordDelivered(store.db, [{ deliveryId: claimed.id, alertId: alert.id }], at);
      return false;
    }
    report.failed += 1;
    const next = outcome.retryable ? retryAt(Date.parse(at), claimed.attempts) : undefined;
    this.#options.observer?.delivery(notification.typeName, next === undefined ? "failed" : "retry");
    this.#options.logger?.warn({ alertId: alert.id, notifierId: notification.notifierId, attempt: claimed.attempts, error: outcome.error, detail: outcome.detail }, "alert notification failed");
    await finishAttempt(
      store.db,
      claimed.id,
      next === undefined ? { status: "GAVE_UP", at, error: outcome.error } : { status: "FAILED", at, error: outcome.error, nextAttemptAt: new Date(next).toISOString() },
    );
    return false;
  }
}
