/**
 * Retention of certificate records: a background job deletes the records of certificates that expired
 * longer ago than the retention period (`CERTGATE_CERTIFICATE_RETENTION_DAYS`, 365 by default; 0
 * keeps everything), in batches with a yield between them, so no request waits behind it.
 *
 * Nothing an operator or an audit needs goes sooner: only expired certificates qualify, so a revoked
 * one stays listed on the CRL until it expires; a record that an alert names stays as long as the
 * alert; the activity feed's events are not touched.
 */
import type { Logger } from "pino";
import type { Clock } from "../shared/clock.js";
import { nextEventLoopTurn } from "../shared/event-loop-turn.js";
import { purgeCertificateBatch } from "../store/repos/certificates.js";
import type { Store } from "../store/store.js";

const DAY_MS = 24 * 3600 * 1000;
/** How often the job runs. */
export const RETENTION_INTERVAL_MS = 3600 * 1000;

/** Deletes every purgeable record at `now`, batch by batch; returns how many. */
export async function purgeExpiredCertificates(store: Store, now: Date, retentionDays: number): Promise<number> {
  if (retentionDays === 0) return 0;
  const expiredBefore = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
  let purged = 0;
  for (;;) {
    const deleted = await purgeCertificateBatch(store.db, expiredBefore);
    purged += deleted;
    if (deleted === 0) return purged;
    await nextEventLoopTurn();
  }
}

/** A running retention job. */
export interface RunningRetention {
  stop(): Promise<void>;
}

/** Runs {@link purgeExpiredCertificates} now and every {@link RETENTION_INTERVAL_MS}, unless retention is 0. */
export function startCertificateRetention(params: { store: Store; clock: Clock; retentionDays: number; logger: Logger }): RunningRetention {
  const { store, clock, retentionDays, logger } = params;
  if (retentionDays === 0) return { stop: async () => undefined };
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = () => {
    running = purgeExpiredCertificates(store, clock.now(), retentionDays).then(
      (purged) => {
        if (purged > 0) logger.info({ purged, retentionDays }, "purged certificate records past retention");
      },
      (err: unknown) => logger.error({ err }, "certificate retention failed"),
    );
  };
  const timer = setInterval(() => {
    if (!stopped) run();
  }, RETENTION_INTERVAL_MS).unref();
  run();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
