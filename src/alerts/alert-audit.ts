/** Activity-feed events for alert changes, under Atlas's audit type names (atlas-api.md §6.1). */
import type { Kysely } from "kysely";
import { newId } from "../core/ids.js";
import type { EventType } from "../core/types.js";
import { recordEvent } from "../store/repos/events.js";
import type { Database } from "../store/schema.js";

/** Alert audit types. */
export type AlertAuditType = Extract<EventType, `ALERT_${string}_AUDIT`>;

/** Records one alert audit event; call it in the transaction of the change. */
export async function recordAlertAudit(
  tx: Kysely<Database>,
  event: { type: AlertAuditType; orgId: string; projectId: string; actor: string; target: string; at: Date },
): Promise<void> {
  await recordEvent(tx, {
    id: newId(),
    org_id: event.orgId,
    project_id: event.projectId,
    event_type: event.type,
    actor: event.actor,
    target: event.target,
    created_at: event.at.toISOString(),
  });
}
