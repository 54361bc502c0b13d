/**
 * When notifications are due. An open alert's notification `n` has numbered slots: slot 0 at
 * `created + delayMin`, slot k at `created + delayMin + k * intervalMin`. Only the current slot is ever
 * claimed, so a worker that was down for three intervals sends one notification, not three.
 */

const MINUTE_MS = 60_000;

/** The slot due at `now`, or undefined while the first one is still ahead (the delay). */
export function currentSlot(alertCreatedMs: number, delayMin: number, intervalMin: number, nowMs: number): number | undefined {
  const elapsed = nowMs - alertCreatedMs - delayMin * MINUTE_MS;
  if (elapsed < 0) return undefined;
  return Math.floor(elapsed / (intervalMin * MINUTE_MS));
}

/**
 * The slot series a notification's slots belong to: its id and its timing. Editing `delayMin` or
 * `intervalMin` starts a new series, so old slot numbers, counted in another interval, can neither
 * silence the new ones nor be taken for them.
 */
export function slotSeries(notification: { notifierId: string; delayMin: number; intervalMin: number }): string {
  return `${notification.notifierId}@${notification.delayMin}/${notification.intervalMin}`;
}

/** Retry delays after a failed delivery: 1, 2, 4, 8 minutes. */
export const RETRY_DELAYS_MS = [1, 2, 4, 8].map((m) => m * MINUTE_MS);
/** Attempts per slot: the first and one per retry delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** When to retry after `attempts` failed attempts, or undefined when none is left. */
export function retryAt(nowMs: number, attempts: number): number | undefined {
  const delay = RETRY_DELAYS_MS[attempts - 1];
  return delay === undefined ? undefined : nowMs + delay;
}
