import { useId } from "react";
import type { CustomRole } from "../api/atlas-types.js";
import { ErrorBanner } from "../components/error-banner.js";
import type { AsyncState } from "../lib/use-async.js";
import { Field } from "../components/field.js";
import {
  ADMIN_ONLY_ROLES,
  COLLECTION_ROLES,
  DEFAULT_PRIVILEGE_ROLES,
  PRIVILEGE_KINDS,
  PRIVILEGE_LABELS,
  type PrivilegeChoice,
  type PrivilegeRow,
} from "../lib/privileges.js";

/** "Database User Privileges": Atlas admin, any-database read/write or read, a custom role, or specific roles per database. */
export function UserPrivilegesFields(props: { value: PrivilegeChoice; onChange: (value: PrivilegeChoice) => void; customRoles: AsyncState<CustomRole[]> }) {
  const name = useId();
  const { value, onChange } = props;
  const setRows = (rows: PrivilegeRow[]) => onChange({ ...value, rows });
  const setRow = (index: number, patch: Partial<PrivilegeRow>) => setRows(value.rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  return (
    <fieldset className="fieldset">
      <legend>Database User Privileges</legend>
      <div className="radio-list">
        {PRIVILEGE_KINDS.map((kind) => (
          <label key={kind} className="radio">
            <input type="radio" name={name} value={kind} checked={value.kind === kind} onChange={() => onChange({ ...value, kind })} />
            <span>{PRIVILEGE_LABELS[kind]}</span>
          </label>
        ))}
      </div>

      {value.kind === "customRole" ? <CustomRolePicker value={value.customRoleName} roles={props.customRoles} onChange={(customRoleName) => onChange({ ...value, customRoleName })} /> : null}

      {value.kind === "specific" ? (
        <div className="privilege-rows">
          {value.rows.map((row, index) => (
            <div className="privilege-row" key={index} role="group" aria-label={`Role ${index + 1}`}>
              <Field label="Role">
{(id) => (
<select id={id} value={row.roleName} onChange={(e) => setRow(index, { roleName: e.target.value })}>
                  {DEFAULT_PRIVILEGE_ROLES.map((role) => (
                    <option key={role} value={role}>
                      {role}
                    </option>
                  ))}
                </select>
)}
</Field>
              <Field label="Database">
{(id) => (
<input id={id}
                  value={ADMIN_ONLY_ROLES.has(row.roleName) ? "admin" : row.databaseName}
                  disabled={ADMIN_ONLY_ROLES.has(row.roleName)}
                  onChange={(e) => setRow(index, { databaseName: e.target.value })}
                />
)}
</Field>
              <Field label="Collection (optional)">
{(id) => (
<input id={id}
                  value={COLLECTION_ROLES.has(row.roleName) ? row.collectionName : ""}
                  disabled={!COLLECTION_ROLES.has(row.roleName)}
                  placeholder={COLLECTION_ROLES.has(row.roleName) ? "all collections" : "not applicable"}
                  onChange={(e) => setRow(index, { collectionName: e.target.value })}
                />
)}
</Field>
              <button type="button" className="icon-button" aria-label={`Remove role ${index + 1}`} disabled={value.rows.length === 1} onClick={() => setRows(value.rows.filter((_, i) => i !== index))}>
                ×
              </button>
            </div>
          ))}
          <button type="button" className="button button-small" onClick={() => setRows([...value.rows, { roleName: "read", databaseName: "", collectionName: "" }])}>
            <span aria-hidden="true">+ </span>Add Another Role
          </button>
          <p className="field-help">Without a collection, read and readWrite apply to every non-system collection of the database.</p>
        </div>
      ) : null}
    </fieldset>
  );
}

function CustomRolePicker(props: { value: string; roles: AsyncState<CustomRole[]>; onChange: (roleName: string) => void }) {
  const { roles } = props;
  if (roles.status === "loading") return <p className="field-status">Loading custom roles…</p>;
  if (roles.status === "error") return <ErrorBanner title="Could not load custom roles" message={roles.message} />;
  if (roles.value.length === 0) return <p className="field-help">This project has no custom roles yet. Create one under the Custom Roles tab.</p>;
  return (
    <Field label="Custom role">
{(id) => (
<select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">Select a role…</option>
        {roles.value.map((role) => (
          <option key={role.roleName} value={role.roleName}>
            {role.roleName}
          </option>
        ))}
      </select>
)}
</Field>
  );
}
