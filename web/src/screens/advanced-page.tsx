import { useState } from "react";
import type { UserSecurity } from "../api/atlas-types.js";
import { disableCustomerX509, getUserSecurity } from "../api/user-security-api.js";
import { AsyncContent } from "../components/async-content.js";
import { ConfirmDialog } from "../components/confirm-dialog.js";
import { ToggleSwitch } from "../components/toggle-switch.js";
import { useProject } from "../lib/project-context.js";
import { useAsync } from "../lib/use-async.js";
import { CaDialog } from "./ca-dialog.js";
import { CustomerCaList } from "./customer-ca-list.js";
import { LdapCard } from "./ldap-card.js";

/** Security > Advanced: the Self-Managed X.509 Authentication toggle, its CA dialog and the current CAs; the LDAP settings. */
export function AdvancedPage() {
  const { project, can } = useProject();
  const canRead = can("USER_SECURITY_READ");

  return (
    <>
      <div className="page-header">
        <h1>Advanced</h1>
      </div>
      {canRead ? (
        <>
          <SelfManagedX509Card groupId={project.id} canWrite={can("USER_SECURITY_WRITE")} />
          <LdapCard groupId={project.id} canWrite={can("USER_SECURITY_WRITE")} />
        </>
      ) : (
        <p className="banner banner-info">Only Organization Owners and Project Owners can view the self-managed X.509 settings of this project.</p>
      )}
    </>
  );
}

function SelfManagedX509Card(props: { groupId: string; canWrite: boolean }) {
  const { state, reload } = useAsync(() => getUserSecurity(props.groupId), [props.groupId]);
  const [dialog, setDialog] = useState<"edit" | "disable" | undefined>();

  return (
    <section className="card" aria-labelledby="x509-title">
      <AsyncContent state={state} what="the self-managed X.509 settings" onRetry={reload}>
        {(security: UserSecurity) => {
          const enabled = Boolean(security.customerX509.cas);
          return (
            <>
              <div className="card-header">
                <div>
                  <h2 id="x509-title">Self-Managed X.509 Authentication</h2>
                  <p className="muted">
                    Let database users authenticate with certificates from your own Certificate Authority. Users can connect with a certificate issued by any of
                    the CAs provided.
                  </p>
                </div>
                <div className="card-controls">
                  {enabled && props.canWrite ? (
                    <button type="button" className="icon-button" aria-label="Edit Self-Managed X.509 Authentication Settings" title="Edit Self-Managed X.509 Authentication Settings" onClick={() => setDialog("edit")}>
                      <PencilIcon />
                    </button>
                  ) : null}
                  <ToggleSwitch
                    id="self-managed-x509-toggle"
                    label="Self-Managed X.509 Authentication"
                    checked={enabled}
                    disabled={!props.canWrite}
                    onChange={(next) => setDialog(next ? "edit" : "disable")}
                  />
                </div>
              </div>
              {enabled ? <CustomerCaList security={security} /> : <p className="empty">Self-managed X.509 authentication is off.</p>}
              {dialog === "edit" ? <CaDialog groupId={props.groupId} currentCas={security.customerX509.cas ?? ""} onClose={() => setDialog(undefined)} onSaved={reload} /> : null}
              {dialog === "disable" ? (
                <ConfirmDialog
                  title="Disable Self-Managed X.509 Authentication"
                  message="Users with self-managed X.509 certificates will no longer be able to connect to this project's clusters. Disable it?"
                  confirmLabel="Disable"
                  onConfirm={async () => {
                    await disableCustomerX509(props.groupId);
                    reload();
                  }}
                  onClose={() => setDialog(undefined)}
                />
              ) : null}
            </>
          );
        }}
      </AsyncContent>
    </section>
  );
}

function PencilIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M11.8 1.6a1.5 1.5 0 0 1 2.1 0l.5.5a1.5 1.5 0 0 1 0 2.1L5.6 13 2 14l1-3.6z" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
    </svg>
  );
}
