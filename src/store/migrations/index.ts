/** Every migration by name; names sort in apply order (zero-padded). */
import type { Migration } from "kysely";
import { migration0001Init } from "./0001_init.js";
import { migration0002ListIndexes } from "./0002_list_indexes.js";
import { migration0200Clusters } from "./0200_clusters.js";
import { migration0100Alerts } from "./0100_alerts.js";
import { migration0300Ldap } from "./0300_ldap.js";
import { migration0400UiSessions } from "./0400_ui_sessions.js";
import { migration0800CertificatePolicies } from "./0800_certificate_policies.js";
import { migration0700CertificateScale } from "./0700_certificate_scale.js";
import { migration0810AlertTargets } from "./0810_alert_targets.js";
import { migration0910EventsList } from "./0910_events_list.js";
import { migration0920RevokedCovering } from "./0920_revoked_covering.js";
import { migration0930UserCounts } from "./0930_user_counts.js";

/** The migrations, keyed by their recorded name. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  "0001_init": migration0001Init,
  "0002_list_indexes": migration0002ListIndexes,
  "0100_alerts": migration0100Alerts,
  "0200_clusters": migration0200Clusters,
  "0300_ldap": migration0300Ldap,
  "0400_ui_sessions": migration0400UiSessions,
  "0700_certificate_scale": migration0700CertificateScale,
  "0800_certificate_policies": migration0800CertificatePolicies,
  "0810_alert_targets": migration0810AlertTargets,
  "0910_events_list": migration0910EventsList,
  "0920_revoked_covering": migration0920RevokedCovering,
  "0930_user_counts": migration0930UserCounts,
};
