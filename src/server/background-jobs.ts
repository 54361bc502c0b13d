/**
 * The server's background work: the alert worker and the certificate records' retention purge. One
 * entry point, so every process that does background work (`certgate start`, and a worker-only
 * instance) runs both, and stops both.
 */
import type { Logger } from "pino";
import { startAlertWorker, type AlertSettings, type AlertWorkerObserver } from "../alerts/index.js";
import { startCertificateRetention } from "../core/certificate-retention.js";
import type { MasterKey } from "../pki/master-key.js";
import type { Clock } from "../shared/clock.js";
import type { Store } from "../store/store.js";

/** Running background jobs. */
export interface BackgroundJobs {
  /** Stops both jobs and waits for a run in progress. */
  stop(): Promise<void>;
}

/** What the jobs need. */
export interface BackgroundJobsParams {
  store: Store;
  masterKey: MasterKey;
  clock: Clock;
  alertSettings: AlertSettings;
  /** `CERTGATE_CERTIFICATE_RETENTION_DAYS`; 0 keeps every record. */
  certificateRetentionDays: number;
  logger: Logger;
  /** Hears the alert worker's runs and deliveries (metrics). */
  alertObserver?: AlertWorkerObserver;
}

/** Starts the alert worker and the retention purge (each off when its setting says 0). */
export function startBackgroundJobs(params: BackgroundJobsParams): BackgroundJobs {
  const { store, masterKey, clock, logger } = params;
  const alertWorker = startAlertWorker({ store, masterKey, settings: params.alertSettings, logger, ...(params.alertObserver === undefined ? {} : { observer: params.alertObserver }) });
  const retention = startCertificateRetention({ store, clock, retentionDays: params.certificateRetentionDays, logger });
  return {
    async stop() {
      await Promise.all([alertWorker.stop(), retention.stop()]);
    },
  };
}
