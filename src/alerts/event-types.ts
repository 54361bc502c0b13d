/**
 * The alertable conditions certgate evaluates, under Atlas's event type names (atlas-api.md §6.1) plus
 * one certgate extension for the project's own managed CA, which Atlas has no name for.
 */

/** Event type names an alert configuration may use. */
export const ALERT_EVENT_TYPES = [
  "NDS_X509_USER_AUTHENTICATION_CUSTOMER_CA_EXPIRATION_CHECK",
  "NDS_X509_USER_AUTHENTICATION_MANAGED_USER_CERTS_EXPIRATION_CHECK",
  "CERTGATE_MANAGED_CA_EXPIRATION_CHECK",
] as const;
/** One alertable event type. */
export type AlertEventType = (typeof ALERT_EVENT_TYPES)[number];

/** The seed's CA-expiry alert. */
export const CUSTOMER_CA_EXPIRATION: AlertEventType = "NDS_X509_USER_AUTHENTICATION_CUSTOMER_CA_EXPIRATION_CHECK";
/** Managed user certificates expiring (no configuration exists until one is created: off by default). */
export const MANAGED_USER_CERTS_EXPIRATION: AlertEventType = "NDS_X509_USER_AUTHENTICATION_MANAGED_USER_CERTS_EXPIRATION_CHECK";
/** certgate extension: the project's managed CA expiring (off by default too). */
export const MANAGED_CA_EXPIRATION: AlertEventType = "CERTGATE_MANAGED_CA_EXPIRATION_CHECK";

/** What each event type is about, in the words notifications use. */
export const EVENT_TYPE_SUBJECTS: Readonly<Record<AlertEventType, string>> = {
  NDS_X509_USER_AUTHENTICATION_CUSTOMER_CA_EXPIRATION_CHECK: "self-managed X.509 CA certificate",
  NDS_X509_USER_AUTHENTICATION_MANAGED_USER_CERTS_EXPIRATION_CHECK: "managed X.509 client certificate",
  CERTGATE_MANAGED_CA_EXPIRATION_CHECK: "managed project CA certificate",
};

/** True when `name` is an event type certgate can alert on. */
export function isAlertEventType(name: unknown): name is AlertEventType {
  return typeof name === "string" && (ALERT_EVENT_TYPES as readonly string[]).includes(name);
}
