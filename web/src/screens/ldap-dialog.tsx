import { useState } from "react";
import { errorMessage } from "../api/api-request-error.js";
import { saveLdap, verifyLdap, type LdapSettings, type LdapVerifyJob } from "../api/ldap-api.js";
import { DialogFooter } from "../components/dialog-footer.js";
import { ErrorBanner } from "../components/error-banner.js";
import { Field } from "../components/field.js";
import { ModalDialog } from "../components/modal-dialog.js";
import { useSubmit } from "../lib/use-submit.js";
import { LdapVerifyResult } from "./ldap-verify-result.js";

/** The form's state: text fields as typed, the rule as one match with a substitution or an LDAP query. */
interface Form {
  hostname: string;
  port: string;
  transportSecurity: string;
  bindUsername: string;
  bindPassword: string;
  caCertificate: string;
  authzQueryTemplate: string;
  match: string;
  kind: "substitution" | "ldapQuery";
  template: string;
  authenticationEnabled: boolean;
  authorizationEnabled: boolean;
}

function formOf(settings: LdapSettings): Form {
  const rule = settings.userToDNMapping?.[0];
  return {
    hostname: settings.hostname ?? "",
    port: String(settings.port ?? 636),
    transportSecurity: settings.transportSecurity ?? "TLS",
    bindUsername: settings.bindUsername ?? "",
    bindPassword: "",
    caCertificate: settings.caCertificate ?? "",
    authzQueryTemplate: settings.authzQueryTemplate ?? "{USER}?memberOf?base",
    match: rule?.match ?? "",
    kind: rule?.ldapQuery !== undefined ? "ldapQuery" : "substitution",
    template: rule?.ldapQuery ?? rule?.substitution ?? "",
    authenticationEnabled: settings.authenticationEnabled ?? false,
    authorizationEnabled: settings.authorizationEnabled ?? false,
  };
}

/**
 * Edits the project's LDAP settings and verifies them against the server before saving. The bind
 * password is write-only: left empty, the stored one is kept (a verify always needs it typed).
 */
export function LdapDialog(props: { groupId: string; current: LdapSettings; onClose: () => void; onSaved: () => void }) {
  const [form, setForm] = useState<Form>(() => formOf(props.current));
  const [verifying, setVerifying] = useState(false);
  const [job, setJob] = useState<LdapVerifyJob | undefined>();
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));

  const server = () => ({
    hostname: form.hostname.trim(),
    port: Number(form.port),
    transportSecurity: form.transportSecurity,
    bindUsername: form.bindUsername.trim(),
    caCertificate: form.caCertificate,
  });

  // Verify shares the error line but not the hook: it keeps the dialog open and idle after a success.
  const { busy: saving, error, submit: save, setError } = useSubmit(async () => {
    const rule = form.match.trim() === "" ? null : [{ match: form.match, [form.kind]: form.template }];
    await saveLdap(props.groupId, {
      ...server(),
      authzQueryTemplate: form.authzQueryTemplate,
      userToDNMapping: rule,
      authenticationEnabled: form.authenticationEnabled,
      authorizationEnabled: form.authorizationEnabled,
      ...(form.bindPassword === "" ? {} : { bindPassword: form.bindPassword }),
    });
    props.onSaved();
    props.onClose();
  });

  const verify = async () => {
    if (form.bindPassword === "") {
      setError("Type the bind password to verify the settings.");
      return;
    }
    setVerifying(true);
    setError(undefined);
    setJob(undefined);
    try {
      setJob(await verifyLdap(props.groupId, { ...server(), bindPassword: form.bindPassword, authzQueryTemplate: form.authzQueryTemplate }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setVerifying(false);
    }
  };

  return (
    <ModalDialog
      title="LDAP Settings"
      wide
      onClose={props.onClose}
      onSubmit={save}
      status={error ? <ErrorBanner message={error} /> : job && !verifying ? <LdapVerifyResult job={job} /> : undefined}
      footer={
        <DialogFooter onCancel={props.onClose} label="Save" busyLabel="Saving…" busy={saving} disabled={verifying}>
          <button type="button" className="button" disabled={saving || verifying} onClick={verify}>
            {verifying ? "Verifying…" : "Verify"}
          </button>
        </DialogFooter>
      }
    >
      <Field label="Server Hostname">{(id) => <input id={id} value={form.hostname} onChange={(e) => set("hostname", e.target.value)} />}</Field>
      <Field label="Server Port">{(id) => <input id={id} inputMode="numeric" value={form.port} onChange={(e) => set("port", e.target.value)} />}</Field>
      <Field label="Transport">
        {(id) => (
          <select id={id} value={form.transportSecurity} onChange={(e) => set("transportSecurity", e.target.value)}>
            <option value="TLS">LDAPS (TLS)</option>
            <option value="STARTTLS">LDAP with StartTLS</option>
            <option value="NONE">LDAP without TLS</option>
          </select>
        )}
      </Field>
      <Field label="Bind Username">{(id) => <input id={id} value={form.bindUsername} onChange={(e) => set("bindUsername", e.target.value)} />}</Field>
      <Field label="Bind Password">
        {(id) => (
          <input
            id={id}
           
            type="password"
            autoComplete="new-password"
            placeholder={props.current.bindUsername ? "unchanged" : ""}
            value={form.bindPassword}
            onChange={(e) => set("bindPassword", e.target.value)}
          />
        )}
      </Field>
      <Field label="CA Certificate (PEM)">{(id) => <textarea id={id} className="input-mono" rows={4} value={form.caCertificate} onChange={(e) => set("caCertificate", e.target.value)} />}</Field>
      <Field label="Authorization Query Template">
        {(id) => <input id={id} className="input-mono" value={form.authzQueryTemplate} onChange={(e) => set("authzQueryTemplate", e.target.value)} />}
      </Field>
      <Field label="User to DN Mapping: Match">{(id) => <input id={id} className="input-mono" placeholder="(.+)" value={form.match} onChange={(e) => set("match", e.target.value)} />}</Field>
      <Field label="Mapping Kind">
        {(id) => (
          <select id={id} value={form.kind} onChange={(e) => set("kind", e.target.value as Form["kind"])}>
            <option value="substitution">Substitution</option>
            <option value="ldapQuery">LDAP Query</option>
          </select>
        )}
      </Field>
      <Field label="User to DN Mapping: Template">
        {(id) => <input id={id} className="input-mono" placeholder="uid={0},ou=people,dc=example,dc=com" value={form.template} onChange={(e) => set("template", e.target.value)} />}
      </Field>
      <div className="field">
        <label>
          <input type="checkbox" checked={form.authenticationEnabled} onChange={(e) => set("authenticationEnabled", e.target.checked)} /> LDAP Authentication
        </label>
        <label>
          <input type="checkbox" checked={form.authorizationEnabled} onChange={(e) => set("authorizationEnabled", e.target.checked)} /> LDAP Authorization
        </label>
        <p className="muted">With LDAP authorization on, users with Atlas-managed X.509 certificates can&apos;t connect; a self-managed user&apos;s Common Name must map to the DN of an LDAP user.</p>
      </div>
    </ModalDialog>
  );
}
