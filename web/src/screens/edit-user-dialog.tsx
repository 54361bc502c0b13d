import { useState } from "react";
import type { DatabaseUser, DatabaseUserRole } from "../api/atlas-types.js";
import { listCustomRoles } from "../api/custom-roles-api.js";
import { updateDatabaseUserRoles } from "../api/database-users-api.js";
import { ErrorBanner } from "../components/error-banner.js";
import { Field } from "../components/field.js";
import { FormDialog } from "../components/form-dialog.js";
import { privilegesFromRoles, privilegesToRoles, type PrivilegeChoice } from "../lib/privileges.js";
import { useProject } from "../lib/project-context.js";
import { useAsync } from "../lib/use-async.js";
import { useSubmit } from "../lib/use-submit.js";
import { UserPrivilegesFields } from "./user-privileges-fields.js";

/**
 * "Edit User", as in Atlas: the privileges change; the name does not. A certgate-managed user's Common
 * Name and a self-managed user's Distinguished Name are shown read-only, because certificates already
 * issued (or issued by the customer's CA) carry them.
 */
export function EditUserDialog(props: { user: DatabaseUser; onClose: () => void; onSaved: () => void }) {
  const { project } = useProject();
  const { user } = props;
  const customRoles = useAsync(() => listCustomRoles(project.id), [project.id]).state;
  const [privileges, setPrivileges] = useState<PrivilegeChoice>(() => privilegesFromRoles(user.roles));
  const selfManaged = user.x509Type === "CUSTOMER";

  const { busy, error, submit, setError } = useSubmit(async (roles: DatabaseUserRole[]) => {
    await updateDatabaseUserRoles(project.id, user, roles);
    props.onSaved();
    props.onClose();
  });

  const save = () => {
    const roles = privilegesToRoles(privileges);
    if ("error" in roles) {
      setError(roles.error);
      return;
    }
    void submit(roles.roles);
  };

  return (
    <FormDialog title="Edit User" label="Update User" busyLabel="Updating…" busy={busy} onSubmit={save} onClose={props.onClose}>
      <div className="fieldset">
        <Field label={selfManaged ? "Distinguished Name (fixed)" : "Common Name (fixed)"}>
          {(id) => <input id={id} className="input-mono" value={user.username} readOnly aria-readonly="true" />}
        </Field>
        <p className="field-help">
          {selfManaged
            ? "The DN must equal the subject of the certificates your CA issues, so it can't change. To use another DN, add a new user."
            : "Certificates already issued carry this name, so it can't change. To use another name, add a new user."}
        </p>
      </div>
      <UserPrivilegesFields value={privileges} onChange={setPrivileges} customRoles={customRoles} />
      {error ? <ErrorBanner message={error} /> : null}
    </FormDialog>
  );
}
