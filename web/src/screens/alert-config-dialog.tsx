import { useId, useState } from "react";
import { errorMessage } from "../api/api-request-error.js";
import type { AlertConfig } from "../api/atlas-types.js";
import { updateAlertConfig } from "../api/alerts-api.js";
import { ErrorBanner } from "../components/error-banner.js";
import { ModalDialog } from "../components/modal-dialog.js";
import { eventTypeLabel } from "../lib/alert-names.js";
import { useProject } from "../lib/project-context.js";

/** Atlas's smallest notification interval. */
const MIN_INTERVAL_MIN = 5;

/** Edits an expiry alert: how many days before expiry it fires and how often it repeats. */
export function AlertConfigDialog(props: { config: AlertConfig; onClose: () => void; onSaved: () => void }) {
  const { project } = useProject();
  const { config } = props;
  const [days, setDays] = useState(String(config.threshold?.threshold ?? 30));
  const [hours, setHours] = useState(String((config.notifications[0]?.intervalMin ?? 1440) / 60));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const daysId = useId();
  const hoursId = useId();

  const save = async () => {
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
    setBusy(true);
    setError(undefined);
    try {
      await updateAlertConfig(project.id, {
        ...config,
        threshold: { operator: "LESS_THAN", units: "DAYS", ...config.threshold, threshold },
        notifications: config.notifications.map((n) => ({ ...n, intervalMin })),
      });
      props.onSaved();
      props.onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <ModalDialog
      title={`Edit alert: ${eventTypeLabel(config.eventTypeName)}`}
      onClose={props.onClose}
      onSubmit={save}
      footer={
        <>
          <button type="button" className="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? "Saving…" : "Save"}
          </button>
        </>
      }
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
