import { Field } from "../components/field.js";
import { NOTIFIABLE_ROLES, NOTIFICATION_CHANNELS, type ChannelType, type NotificationForm } from "../lib/alert-config-form.js";

/** One notification of the Create Alert Setting dialog: where it goes and how often it repeats. */
export function NotificationFields(props: { index: number; value: NotificationForm; onChange: (next: NotificationForm) => void; onRemove?: () => void }) {
  const { value: n, index } = props;
  const set = (patch: Partial<NotificationForm>) => props.onChange({ ...n, ...patch });
  const toggleRole = (role: string, on: boolean) => set({ roles: on ? [...n.roles, role] : n.roles.filter((r) => r !== role) });
  return (
    <div className="notification-fields" role="group" aria-label={`Notification ${index + 1}`}>
      <div className="notification-fields-row">
        <Field label="Send to">
          {(id) => (
            <select id={id} value={n.typeName} onChange={(e) => set({ typeName: e.target.value as ChannelType })}>
              {NOTIFICATION_CHANNELS.map((c) => (
                <option key={c.typeName} value={c.typeName}>
                  {c.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Repeat every (hours)">{(id) => <input id={id} type="number" min={0.1} step="any" value={n.intervalHours} onChange={(e) => set({ intervalHours: e.target.value })} />}</Field>
        {props.onRemove ? (
          <button type="button" className="icon-button" aria-label={`Remove notification ${index + 1}`} onClick={props.onRemove}>
            ×
          </button>
        ) : null}
      </div>
      {n.typeName === "GROUP" ? (
        <fieldset className="fieldset role-checkboxes">
          <legend className="field-label">Roles (emailed)</legend>
          {NOTIFIABLE_ROLES.map((role) => (
            <label key={role} className="checkbox">
              <input type="checkbox" checked={n.roles.includes(role)} onChange={(e) => toggleRole(role, e.target.checked)} />
              <span>{role}</span>
            </label>
          ))}
        </fieldset>
      ) : null}
      {n.typeName === "EMAIL" ? <Field label="Email address">{(id) => <input id={id} type="email" value={n.emailAddress} onChange={(e) => set({ emailAddress: e.target.value })} placeholder="ops@example.com" />}</Field> : null}
      {n.typeName === "USER" ? <Field label="User's email">{(id) => <input id={id} type="email" value={n.username} onChange={(e) => set({ username: e.target.value })} placeholder="someone@example.com" />}</Field> : null}
      {n.typeName === "WEBHOOK" || n.typeName === "SLACK" ? (
        <Field label={n.typeName === "SLACK" ? "Slack incoming-webhook URL" : "Webhook URL"}>
          {(id) => <input id={id} type="url" value={n.webhookUrl} onChange={(e) => set({ webhookUrl: e.target.value })} placeholder="https://" spellCheck={false} />}
        </Field>
      ) : null}
      {n.typeName === "WEBHOOK" ? (
        <Field label="Webhook secret (optional)">{(id) => <input id={id} type="password" autoComplete="new-password" value={n.webhookSecret} onChange={(e) => set({ webhookSecret: e.target.value })} />}</Field>
      ) : null}
      {n.typeName === "SLACK" ? <Field label="Channel (optional)">{(id) => <input id={id} value={n.channelName} onChange={(e) => set({ channelName: e.target.value })} placeholder="#alerts" />}</Field> : null}
    </div>
  );
}
