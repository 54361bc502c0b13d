import type { Alert } from "../api/atlas-types.js";
import { channelLabel } from "../lib/alert-names.js";
import { formatDate } from "../lib/format-date.js";

/**
 * An open alert's "Last notified" cell: the last delivery, and the last failed one when it is newer
 * (when, channel and recipient, why, and whether certgate retries it).
 */
export function LastNotified(props: { alert: Alert }) {
  const { lastNotified, lastFailedNotification: failure } = props.alert;
  const failureIsNewer = failure !== undefined && (lastNotified === undefined || Date.parse(failure.at) > Date.parse(lastNotified));
  return (
    <>
      {lastNotified ? <span className="cell-nowrap">{formatDate(lastNotified)}</span> : failureIsNewer ? null : "—"}
      {failureIsNewer ? (
        <div className="delivery-failure">
          <strong>Not delivered</strong> <span className="cell-nowrap">{formatDate(failure.at)}</span>
          <div>
            {channelLabel(failure.typeName)}
            {failure.recipient ? ` to ${failure.recipient}` : ""}: {failure.error}
          </div>
          <div className="muted">{failure.nextAttemptAt ? `Retrying at ${formatDate(failure.nextAttemptAt)}.` : "Not retried; the next notification is due after the interval."}</div>
        </div>
      ) : null}
    </>
  );
}
