/** Alerts: CA and certificate expiry alerts, their configurations and their notifications. */
export { createAlertsService, type AlertsService, type AlertsServiceOptions } from "./alerts-service.js";
export { AlertWorker, type AlertWorkerObserver, type AlertWorkerOptions, type WorkerRunReport } from "./alert-worker.js";
export { resolveAlertSettings, type AlertSettings } from "./alert-settings.js";
export { createSmtpSender, unconfiguredEmailSender, type EmailSender } from "./email-sender.js";
export { SIGNATURE_HEADER, signBody, verifySignature } from "./webhook-signature.js";
export { ALERT_EVENT_TYPES, type AlertEventType } from "./event-types.js";
export type { Alert, AlertConfig, AlertConfigInput, AcknowledgeInput, NotificationView } from "./alert-types.js";
export { startAlertWorker, type RunningAlertWorker } from "./start-alert-worker.js";
export { onCustomerCasChanged } from "./customer-ca-alert.js";
