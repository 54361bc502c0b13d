import { useState } from "react";
import { createAlertConfig } from "../api/alerts-api.js";
import { DialogFooter } from "../components/dialog-footer.js";
import { ErrorBanner } from "../components/error-banner.js";
import { Field } from "../components/field.js";
import { ModalDialog } from "../components/modal-dialog.js";
import { ALERTABLE_EVENT_TYPES, alertConfigBody, MAX_THRESHOLD_DAYS, newAlertConfigForm, newNotificationForm, type AlertConfigForm, type NotificationForm } from "../lib/alert-config-form.js";
import { eventTypeLabel } from "../lib/alert-names.js";
import { useProject } from "../lib/project-context.js";
import { useSubmit } from "../lib/use-submit.js";
import { NotificationFields } from "./notification-fields.js";

/** Creates an alert setting: which expiry, how many days ahead, and whom to notify how often (Atlas's "Add Alert"). */
export function CreateAlertConfigDialog(props: { onClose: () => void; onSaved: () => void }) {
  const { project } = useProject();
  const [form, setForm] = useState<AlertConfigForm>(newAlertConfigForm);

  const { busy, error, submit, setError } = useSubmit(async (body: Parameters<typeof createAlertConfig>[1]) => {
    await createAlertConfig(project.id, body);
    props.onSaved();
    props.onClose();
  });

  const save = () => {
    const built = alertConfigBody(form);
    if ("error" in built) setError(built.error);
    else void submit(built.body);
  };
  const setNotification = (index: number, next: NotificationForm) => setForm((f) => ({ ...f, notifications: f.notifications.map((n, i) => (i === index ? next : n)) }));

  return (
    <ModalDialog
      title="Create Alert Setting"
      wide
      onClose={props.onClose}
      onSubmit={save}
      status={error ? <ErrorBanner title="Could not create the alert setting" message={error} /> : undefined}
      footer={<DialogFooter onCancel={props.onClose} label="Create" busyLabel="Creating…" busy={busy} />}
    >
      <Field label="Alert if">
        {(id) => (
          <select id={id} value={form.eventTypeName} onChange={(e) => setForm({ ...form, eventTypeName: e.target.value })}>
            {ALERTABLE_EVENT_TYPES.map((type) => (
              <option key={type} value={type}>
                {eventTypeLabel(type)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Alert when days to expiration is below">
        {(id) => <input id={id} type="number" min={1} max={MAX_THRESHOLD_DAYS} value={form.thresholdDays} onChange={(e) => setForm({ ...form, thresholdDays: e.target.value })} />}
      </Field>
      <fieldset className="fieldset">
        <legend>Notifications</legend>
        {form.notifications.map((n, index) => (
          <NotificationFields
            key={index}
            index={index}
            value={n}
            onChange={(next) => setNotification(index, next)}
            {...(form.notifications.length > 1 ? { onRemove: () => setForm((f) => ({ ...f, notifications: f.notifications.filter((_, i) => i !== index) })) } : {})}
          />
        ))}
        <button type="button" className="button button-small" onClick={() => setForm((f) => ({ ...f, notifications: [...f.notifications, newNotificationForm("EMAIL")] }))}>
          <span aria-hidden="true">+ </span>Add a notification
        </button>
      </fieldset>
    </ModalDialog>
  );
}
