import { useId, useState } from "react";
import type { Alert } from "../api/atlas-types.js";
import { acknowledgeAlert } from "../api/alerts-api.js";
import { DialogFooter } from "../components/dialog-footer.js";
import { ErrorBanner } from "../components/error-banner.js";
import { ModalDialog } from "../components/modal-dialog.js";
import { ACKNOWLEDGE_DURATIONS, acknowledgeDurationLabel, acknowledgedUntilFor, type AcknowledgeDuration } from "../lib/acknowledge-durations.js";
import { eventTypeLabel } from "../lib/alert-names.js";
import { useProject } from "../lib/project-context.js";
import { useSubmit } from "../lib/use-submit.js";

/** Atlas's cap on an acknowledgement comment (the API refuses longer ones). */
const MAX_COMMENT_LENGTH = 200;

/** Acknowledges one open alert for a chosen time, with an optional comment: no notifications until then. */
export function AcknowledgeAlertDialog(props: { alert: Alert; onClose: () => void; onSaved: () => void }) {
  const { project } = useProject();
  const [duration, setDuration] = useState<AcknowledgeDuration>("24h");
  const [comment, setComment] = useState("");
  const groupName = useId();
  const commentId = useId();

  const { busy, error, submit } = useSubmit(async () => {
    // The end is counted when the person confirms, not when the dialog opened.
    await acknowledgeAlert(project.id, props.alert.id, acknowledgedUntilFor(duration).toISOString(), comment.trim() || undefined);
    props.onSaved();
    props.onClose();
  });

  return (
    <ModalDialog
      title={`Acknowledge alert: ${eventTypeLabel(props.alert.eventTypeName)}`}
      onClose={props.onClose}
      onSubmit={submit}
      footer={<DialogFooter onCancel={props.onClose} label="Acknowledge" busyLabel="Acknowledging…" busy={busy} />}
    >
      <p className="muted">Notifications for this alert stop until then. The alert stays open until its condition is resolved.</p>
      <fieldset className="fieldset">
        <legend>Acknowledge for</legend>
        <div className="radio-list">
          {ACKNOWLEDGE_DURATIONS.map((choice) => (
            <label key={choice} className="radio">
              <input type="radio" name={groupName} checked={duration === choice} onChange={() => setDuration(choice)} />
              <span>{acknowledgeDurationLabel(choice)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label className="field-label" htmlFor={commentId}>
          Comment (optional)
        </label>
        <textarea id={commentId} rows={3} maxLength={MAX_COMMENT_LENGTH} value={comment} onChange={(e) => setComment(e.target.value)} placeholder="e.g. rotating the CA on Friday" />
        <p className="field-help">
          {comment.length}/{MAX_COMMENT_LENGTH} characters
        </p>
      </div>
      {error ? <ErrorBanner title="Could not acknowledge the alert" message={error} /> : null}
    </ModalDialog>
  );
}
