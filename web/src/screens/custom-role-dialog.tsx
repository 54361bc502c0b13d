import { useId, useState } from "react";
import type { CustomRole } from "../api/atlas-types.js";
import { createCustomRole, updateCustomRole } from "../api/custom-roles-api.js";
import { ErrorBanner } from "../components/error-banner.js";
import { FormDialog } from "../components/form-dialog.js";
import { ACTION_GROUPS, INHERITABLE_ROLES, isClusterAction } from "../lib/custom-role-actions.js";
import { formFromRole, newActionRow, roleFromForm, type ActionRow, type CustomRoleForm, type InheritedRow } from "../lib/custom-role-form.js";
import { useProject } from "../lib/project-context.js";
import { useSubmit } from "../lib/use-submit.js";
import { Field } from "../components/field.js";

/** Creates a custom role, or edits one (its name is fixed then): actions with their resources, and inherited roles. */
export function CustomRoleDialog(props: { role?: CustomRole; otherRoles: string[]; onClose: () => void; onSaved: () => void }) {
  const { project } = useProject();
  const editing = props.role !== undefined;
  const [form, setForm] = useState<CustomRoleForm>(() => formFromRole(props.role));
  const nameId = useId();

  const setAction = (index: number, patch: Partial<ActionRow>) => setForm((f) => ({ ...f, actions: f.actions.map((row, i) => (i === index ? { ...row, ...patch } : row)) }));
  const setInherited = (index: number, patch: Partial<InheritedRow>) =>
    setForm((f) => ({ ...f, inherited: f.inherited.map((row, i) => (i === index ? { ...row, ...patch } : row)) }));
  const adminOnly = (role: string) => props.otherRoles.includes(role) || (INHERITABLE_ROLES.find((r) => r.role === role)?.adminOnly ?? false);

  const { busy, error, submit, setError } = useSubmit(async (role: CustomRole) => {
    await (editing ? updateCustomRole(project.id, role) : createCustomRole(project.id, role));
    props.onSaved();
    props.onClose();
  });

  const save = () => {
    const built = roleFromForm(form);
    if ("error" in built) {
      setError(built.error);
      return;
    }
    void submit(built.role);
  };

  return (
    <FormDialog title={editing ? `Edit Custom Role ${props.role?.roleName ?? ""}` : "Add New Custom Role"} label={editing ? "Update Custom Role" : "Add Custom Role"} busyLabel="Saving…" busy={busy} onSubmit={save} onClose={props.onClose}>
      <div className="field">
        <label className="field-label" htmlFor={nameId}>
          Custom Role Name
        </label>
        <input id={nameId} value={form.roleName} disabled={editing} onChange={(e) => setForm({ ...form, roleName: e.target.value })} placeholder="inventory-reader" />
      </div>

      <fieldset className="fieldset">
        <legend>Actions or roles</legend>
        {form.actions.map((row, index) => (
          <div className="privilege-row" key={index} role="group" aria-label={`Action ${index + 1}`}>
            <Field label="Action">
{(id) => (
<select id={id} value={row.action} onChange={(e) => setAction(index, { action: e.target.value, cluster: isClusterAction(e.target.value) })}>
                {ACTION_GROUPS.map((group) => (
                  <optgroup key={group.label} label={group.label}>
                    {group.actions.map((action) => (
                      <option key={action} value={action}>
                        {action}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
)}
</Field>
            <label className="checkbox checkbox-field">
              <input type="checkbox" checked={row.cluster} onChange={(e) => setAction(index, { cluster: e.target.checked })} />
              <span>Cluster</span>
            </label>
            <Field label="Database">
{(id) => (
<input id={id} value={row.cluster ? "" : row.db} disabled={row.cluster} onChange={(e) => setAction(index, { db: e.target.value })} />
)}
</Field>
            <Field label="Collection (optional)">
{(id) => (
<input id={id} value={row.cluster ? "" : row.collection} disabled={row.cluster} placeholder={row.cluster ? "" : "all collections"} onChange={(e) => setAction(index, { collection: e.target.value })} />
)}
</Field>
            <button type="button" className="icon-button" aria-label={`Remove action ${index + 1}`} onClick={() => setForm((f) => ({ ...f, actions: f.actions.filter((_, i) => i !== index) }))}>
              ×
            </button>
          </div>
        ))}
        <button type="button" className="button button-small" onClick={() => setForm((f) => ({ ...f, actions: [...f.actions, newActionRow()] }))}>
          <span aria-hidden="true">+ </span>Add an action
        </button>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Inherited roles</legend>
        {form.inherited.map((row, index) => (
          <div className="privilege-row" key={index} role="group" aria-label={`Inherited role ${index + 1}`}>
            <Field label="Role">
{(id) => (
<select id={id} value={row.role} onChange={(e) => setInherited(index, { role: e.target.value, db: adminOnly(e.target.value) ? "admin" : row.db })}>
                <optgroup label="Built-in roles">
                  {INHERITABLE_ROLES.map((r) => (
                    <option key={r.role} value={r.role}>
                      {r.role}
                    </option>
                  ))}
                </optgroup>
                {props.otherRoles.length ? (
                  <optgroup label="Custom roles">
                    {props.otherRoles.map((name) => (
                      <option key={name} value={name}>
                        {name}
                      </option>
                    ))}
                  </optgroup>
                ) : null}
              </select>
)}
</Field>
            <Field label="Database">
{(id) => (
<input id={id} value={adminOnly(row.role) ? "admin" : row.db} disabled={adminOnly(row.role)} onChange={(e) => setInherited(index, { db: e.target.value })} />
)}
</Field>
            <button type="button" className="icon-button" aria-label={`Remove inherited role ${index + 1}`} onClick={() => setForm((f) => ({ ...f, inherited: f.inherited.filter((_, i) => i !== index) }))}>
              ×
            </button>
          </div>
        ))}
        <button type="button" className="button button-small" onClick={() => setForm((f) => ({ ...f, inherited: [...f.inherited, { role: "read", db: "" }] }))}>
          <span aria-hidden="true">+ </span>Add an inherited role
        </button>
      </fieldset>
      {error ? <ErrorBanner message={error} /> : null}
    </FormDialog>
  );
}
