import { useState } from "react";
import { errorMessage } from "../api/api-request-error.js";
import type { Alert, AlertConfig } from "../api/atlas-types.js";
import { listAlertConfigs, listOpenAlerts, toggleAlertConfig, unacknowledgeAlert } from "../api/alerts-api.js";
import { AsyncContent } from "../components/async-content.js";
import { DnText } from "../components/dn-text.js";
import { ErrorBanner } from "../components/error-banner.js";
import { ToggleSwitch } from "../components/toggle-switch.js";
import { isAcknowledged, isUntilResolved } from "../lib/acknowledge-durations.js";
import { describeInterval, describeRecipient, describeThreshold, eventTypeLabel, idTail } from "../lib/alert-names.js";
import { formatDate } from "../lib/format-date.js";
import { useProject } from "../lib/project-context.js";
import { useAsync } from "../lib/use-async.js";
import { AcknowledgeAlertDialog } from "./acknowledge-alert-dialog.js";
import { AlertConfigDialog } from "./alert-config-dialog.js";
import { CreateAlertConfigDialog } from "./create-alert-config-dialog.js";
import { LastNotified } from "./last-notified.js";

/** "Acknowledged until <date> by <who>", with the comment beneath it. */
function AcknowledgementNote(props: { alert: Alert; acknowledgedUntil: string }) {
  const { alert } = props;
  const until = isUntilResolved(props.acknowledgedUntil) ? "it is resolved" : formatDate(props.acknowledgedUntil);
  return (
    <div className="muted">
      Acknowledged until {until}
      {alert.acknowledgingUsername ? ` by ${alert.acknowledgingUsername}` : ""}
      {alert.acknowledgementComment ? <div className="pre-wrap">“{alert.acknowledgementComment}”</div> : null}
    </div>
  );
}

/** Security > Alerts: the project's open alerts and its alert settings (uploading a CA creates the CA-expiry one). */
export function AlertsPage() {
  const { project, can } = useProject();
  const canWrite = can("ALERT_CONFIGS_WRITE");
  const open = useAsync(() => listOpenAlerts(project.id), [project.id]);
  const configs = useAsync(() => listAlertConfigs(project.id), [project.id]);
  const [editing, setEditing] = useState<AlertConfig | undefined>();
  const [creating, setCreating] = useState(false);
  const [toggleError, setToggleError] = useState<string | undefined>();
  const [acknowledging, setAcknowledging] = useState<Alert | undefined>();
  const [unacknowledgingId, setUnacknowledgingId] = useState<string | undefined>();
  const [alertError, setAlertError] = useState<string | undefined>();

  const toggle = async (config: AlertConfig, enabled: boolean) => {
    setToggleError(undefined);
    try {
      await toggleAlertConfig(project.id, config.id, enabled);
      configs.reload();
    } catch (err) {
      setToggleError(errorMessage(err));
    }
  };

  const unacknowledge = async (alert: Alert) => {
    setAlertError(undefined);
    setUnacknowledgingId(alert.id);
    try {
      await unacknowledgeAlert(project.id, alert.id);
      open.reload();
    } catch (err) {
      setAlertError(errorMessage(err));
    } finally {
      setUnacknowledgingId(undefined);
    }
  };

  return (
    <>
      <div className="page-header">
        <h1>Alerts</h1>
      </div>
      <section aria-labelledby="open-alerts-title" className="section">
        <h2 id="open-alerts-title">Open Alerts</h2>
        {alertError ? <ErrorBanner title="Could not unacknowledge the alert" message={alertError} /> : null}
        <AsyncContent state={open.state} what="open alerts" onRetry={open.reload}>
          {(alerts) =>
            alerts.length === 0 ? (
              <p className="empty">No open alerts.</p>
            ) : (
              <div className="table-wrap">
                <table className="table table-stacked" aria-label="Open alerts">
                  <thead>
                    <tr>
                      <th scope="col">Alert</th>
                      <th scope="col">Status</th>
                      <th scope="col">Opened</th>
                      <th scope="col">Last notified</th>
                      {canWrite ? (
                        <th scope="col">
                          <span className="visually-hidden">Actions</span>
                        </th>
                      ) : null}
                    </tr>
                  </thead>
                  <tbody>
                    {alerts.map((alert) => {
                      const label = eventTypeLabel(alert.eventTypeName);
                      const config = configs.state.status === "ready" ? configs.state.value.find((c) => c.id === alert.alertConfigId) : undefined;
                      // An acknowledgement that has run out no longer silences the alert: offer it again.
                      const acknowledgedUntil = isAcknowledged(alert.acknowledgedUntil) ? alert.acknowledgedUntil : undefined;
                      return (
                        <tr key={alert.id}>
                          <td data-label="Alert">
                            {label}
                            {alert.target ? (
                              <div className="muted">
                                <DnText value={alert.target.label} /> — expires <span className="cell-nowrap">{formatDate(alert.target.expiresAt)}</span>
                              </div>
                            ) : null}
                            <div className="muted">
                              Setting <span className="setting-id">{idTail(alert.alertConfigId)}</span>
                              {config?.threshold ? `, ${describeThreshold(config.threshold)}` : ""}
                            </div>
                          </td>
                          <td data-label="Status">
                            <span className="chip chip-warning">{alert.status}</span>
                            {acknowledgedUntil ? <AcknowledgementNote alert={alert} acknowledgedUntil={acknowledgedUntil} /> : null}
                          </td>
                          <td data-label="Opened">{formatDate(alert.created)}</td>
                          <td data-label="Last notified">
                            <LastNotified alert={alert} />
                          </td>
                          {canWrite ? (
                            <td className="cell-actions">
                              {acknowledgedUntil ? (
                                <button type="button" className="button button-small" disabled={unacknowledgingId === alert.id} onClick={() => unacknowledge(alert)} aria-label={`Unacknowledge ${label}`}>
                                  {unacknowledgingId === alert.id ? "Unacknowledging…" : "Unacknowledge"}
                                </button>
                              ) : (
                                <button type="button" className="button button-small" onClick={() => setAcknowledging(alert)} aria-label={`Acknowledge ${label}`}>
                                  Acknowledge
                                </button>
                              )}
                            </td>
                          ) : null}
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )
          }
        </AsyncContent>
      </section>

      <section aria-labelledby="alert-settings-title" className="section">
        <div className="toolbar">
          <h2 id="alert-settings-title">Alert Settings</h2>
          {canWrite ? (
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              <span aria-hidden="true">+ </span>Create Alert Setting
            </button>
          ) : null}
        </div>
        {toggleError ? <ErrorBanner title="Could not change the alert" message={toggleError} /> : null}
        <AsyncContent state={configs.state} what="alert settings" onRetry={configs.reload}>
          {(list) =>
            list.length === 0 ? (
              <p className="empty">No alert settings. Uploading a CA under Advanced creates the CA-expiry alert{canWrite ? "; Create Alert Setting adds others" : ""}.</p>
            ) : (
              <div className="table-wrap">
                <table className="table table-stacked" aria-label="Alert settings">
                  <thead>
                    <tr>
                      <th scope="col">Condition</th>
                      <th scope="col">Notification</th>
                      <th scope="col">Enabled</th>
                      {canWrite ? (
                        <th scope="col">
                          <span className="visually-hidden">Edit</span>
                        </th>
                      ) : null}
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((config) => {
                      const label = eventTypeLabel(config.eventTypeName);
                      const named = `${label} ${idTail(config.id)}`;
                      const raised = open.state.status === "ready" ? open.state.value.filter((a) => a.alertConfigId === config.id) : [];
                      return (
                        <tr key={config.id}>
                          <td data-label="Condition">
                            {label}
                            {config.threshold ? <div className="muted">when days to expiration is {describeThreshold(config.threshold)}</div> : null}
                            <div className="muted">
                              Setting <span className="setting-id">{idTail(config.id)}</span>
                              {raised.length === 0 ? ", no open alert" : null}
                            </div>
                            {raised.map((a) =>
                              a.target ? (
                                <div key={a.id} className="muted">
                                  Open: <DnText value={a.target.label} /> — expires <span className="cell-nowrap">{formatDate(a.target.expiresAt)}</span>
                                </div>
                              ) : null,
                            )}
                          </td>
                          <td data-label="Notification">
                            <ul className="plain-list">
                              {config.notifications.map((n, i) => (
                                <li key={i}>
                                  {describeRecipient(n)}, {describeInterval(n.intervalMin)}
                                </li>
                              ))}
                            </ul>
                          </td>
                          <td data-label="Enabled">
                            <ToggleSwitch label={`Enable ${named}`} checked={config.enabled} disabled={!canWrite} onChange={(next) => toggle(config, next)} />
                          </td>
                          {canWrite ? (
                            <td className="cell-actions">
                              <button type="button" className="button button-small" onClick={() => setEditing(config)} aria-label={`Edit ${named}`}>
                                Edit
                              </button>
                            </td>
                          ) : null}
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )
          }
        </AsyncContent>
      </section>
      {acknowledging ? <AcknowledgeAlertDialog alert={acknowledging} onClose={() => setAcknowledging(undefined)} onSaved={open.reload} /> : null}
      {creating ? (
        <CreateAlertConfigDialog
          onClose={() => setCreating(false)}
          onSaved={() => {
            configs.reload();
            open.reload();
          }}
        />
      ) : null}
      {editing ? <AlertConfigDialog config={editing} onClose={() => setEditing(undefined)} onSaved={configs.reload} /> : null}
    </>
  );
}
