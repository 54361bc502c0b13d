/** What the Alerts page calls each event type; unknown types are shown as they are. */
const EVENT_TYPE_LABELS: Record<string, string> = {
  NDS_X509_USER_AUTHENTICATION_CUSTOMER_CA_EXPIRATION_CHECK: "X.509 User Authentication, Self-Managed CA Expiration",
  NDS_X509_USER_AUTHENTICATION_MANAGED_USER_CERTS_EXPIRATION_CHECK: "X.509 User Authentication, Client Certificates Expiration",
  NDS_X509_USER_AUTHENTICATION_CUSTOMER_CRL_EXPIRATION_CHECK: "X.509 User Authentication, Self-Managed CRL Expiration",
  CERTGATE_MANAGED_CA_EXPIRATION_CHECK: "X.509 User Authentication, Managed Project CA Expiration",
};

/** The readable name of an alert's event type. */
export function eventTypeLabel(eventTypeName: string): string {
  return EVENT_TYPE_LABELS[eventTypeName] ?? eventTypeName;
}

/** "every 24 hours" / "every 90 minutes". */
export function describeInterval(minutes: number | undefined): string {
  if (minutes === undefined) return "once";
  if (minutes % 60 === 0) return `every ${minutes / 60} ${minutes === 60 ? "hour" : "hours"}`;
  return `every ${minutes} minutes`;
}

/** Whom a notification goes to, in words. */
export function describeRecipient(n: { typeName: string; roles?: string[]; emailAddress?: string; username?: string; webhookUrl?: string; channelName?: string }): string {
  switch (n.typeName) {
    case "GROUP":
      return `Project roles ${(n.roles ?? []).join(", ") || "(none)"}`;
    case "ORG":
      return `Organization roles ${(n.roles ?? []).join(", ") || "(none)"}`;
    case "EMAIL":
      return `Email ${n.emailAddress ?? ""}`;
    case "USER":
      return `User ${n.username ?? ""}`;
    case "WEBHOOK":
      return `Webhook ${n.webhookUrl ?? ""}`;
    case "SLACK":
      return `Slack ${n.channelName ? `${n.channelName} ` : ""}${n.webhookUrl ?? ""}`.trimEnd();
    default:
      return n.typeName;
  }
}

/** The end of an id, enough to tell two settings (or the alerts they raised) apart: "…3f9a2c". */
export function idTail(id: string): string {
  return `…${id.slice(-6)}`;
}

/** "below 30 days" for a days threshold. */
export function describeThreshold(threshold: { operator: string; threshold: number } | undefined): string {
  if (threshold === undefined) return "";
  return `${threshold.operator === "LESS_THAN" ? "below" : threshold.operator} ${threshold.threshold} ${threshold.threshold === 1 ? "day" : "days"}`;
}

/** What a channel is called where a failure is shown. */
export function channelLabel(typeName: string | undefined): string {
  switch (typeName) {
    case "GROUP":
    case "EMAIL":
    case "USER":
      return "Email";
    case "WEBHOOK":
      return "Webhook";
    case "SLACK":
      return "Slack";
    default:
      return "Notification";
  }
}
