/** Starts the alert worker of a server process from its settings; the handle stops it and closes SMTP. */
import type { Logger } from "pino";
import type { MasterKey } from "../pki/master-key.js";
import { systemClock } from "../shared/clock.js";
import type { Store } from "../store/store.js";
import type { AlertSettings } from "./alert-settings.js";
import { AlertWorker, type AlertWorkerObserver } from "./alert-worker.js";
import { createSmtpSender, unconfiguredEmailSender } from "./email-sender.js";

/** A running worker. */
export interface RunningAlertWorker {
  stop(): Promise<void>;
}

/** Starts the worker unless `intervalSeconds` is 0. */
export function startAlertWorker(params: { store: Store; masterKey: MasterKey; settings: AlertSettings; logger: Logger; observer?: AlertWorkerObserver }): RunningAlertWorker {
  const { settings, logger } = params;
  if (settings.intervalSeconds === 0) {
    logger.info("alert worker off (CERTGATE_ALERT_INTERVAL_SECONDS=0)");
    return { stop: async () => undefined };
  }
  if (settings.smtpUrl === undefined) logger.warn("CERTGATE_SMTP_URL is not set: email alert notifications will fail and be recorded as such");
  const email = settings.smtpUrl === undefined ? unconfiguredEmailSender : createSmtpSender(settings.smtpUrl, settings.smtpFrom);
  const worker = new AlertWorker({
    store: params.store,
    masterKey: params.masterKey,
    clock: systemClock,
    email,
    ...(settings.webhookCa === undefined ? {} : { webhookCa: settings.webhookCa }),
    logger,
    ...(params.observer === undefined ? {} : { observer: params.observer }),
  });
  worker.start(settings.intervalSeconds * 1000);
  return {
    stop: async () => {
      await worker.stop();
      email.close();
    },
  };
}
