import { useId, useState } from "react";
import type { AlertConfig } from "../api/atlas-types.js";
import { updateAlertConfig } from "../api/alerts-api.js";
import { DialogFooter } from "../components/dialog-footer.js";
import { ErrorBanner } from "../components/error-banner.js";
import { ModalDialog } from "../components/modal-dialog.js";
import { eventTypeLabel } from "../lib/alert-names.js";
import { useProject } from "../lib/project-context.js";
import { useSubmit } from "../lib/use-submit.js";

/** Atlas's smallest notification interval. */
const MIN_INTERVAL_MIN = 5;

/** Edits an expiry alert: how many days before expiry it fires and how often it repeats. */
export function AlertConfigDialog(props: { config: AlertConfig; onClose: () => void; onSaved: () => void }) {
  const { project } = useProject();
  const { config } = props;
  const [days, setDays] = useState(String(config.threshold?.threshold ?? 30));
  const [hours, setHours] = useState(String((config.notifications[0]?.intervalMin ?? 1440) / 60));
  const daysId = useId();
  const hoursId = useId();

  const { busy, error, submit, setError } = useSubmit(async (threshold: number, intervalMin: number) => {
    await updateAlertConfig(project.id, {
      ...config,
      threshold: { operator: "LESS_THAN", units: "DAYS", ...config.threshold, threshold },
      notifications: config.notifications.map((n) => ({ ...n, intervalMin })),
    });
    props.onSaved();
    props.onClose();
  });

  const save = () => {
    const threshold = Number(days);
    const intervalMin = Math.round(Number(hours) * 60);
    if (!Number.isInteger(threshold) || threshold < 1) {
      setError("Days before expiration must be a whole number of at least 1.");
      return;
    }
    if (!Number.isFinite(intervalMin) || intervalMin < MIN_INTERVAL_MIN) {
      setError(`Notifications must repeat at least ${MIN_INTERVAL_MIN} minutes apart.`);
      return;
    }
    void submit(threshold, intervalMin);
  };

  return (
    <ModalDialog
      title={`Edit alert: ${eventTypeLabel(config.eventTypeName)}`}
      onClose={props.onClose}
      onSubmit={save}
      footer={<DialogFooter onCancel={props.onClose} label="Save" busyLabel="Saving…" busy={busy} />}
    >
      <div className="field">
        <label className="field-label" htmlFor={daysId}>
          Alert when days to expiration is below
        </label>
        <input id={daysId} type="number" min={1} value={days} onChange={(e) => setDays(e.target.value)} />
      </div>
      <div className="field">
        <label className="field-label" htmlFor={hoursId}>
          Repeat the notification every (hours)
        </label>
        <input id={hoursId} type="number" min={0.1} step="any" value={hours} onChange={(e) => setHours(e.target.value)} />
      </div>
      {error ? <ErrorBanner message={error} /> : null}
    </ModalDialog>
  );
}
