import { useState } from "react";
import type { CustomRole, CustomRoleResource } from "../api/atlas-types.js";
import { deleteCustomRole, listCustomRoles } from "../api/custom-roles-api.js";
import { AsyncContent } from "../components/async-content.js";
import { ConfirmDialog } from "../components/confirm-dialog.js";
import { useProject } from "../lib/project-context.js";
import { useAsync } from "../lib/use-async.js";
import { CustomRoleDialog } from "./custom-role-dialog.js";
import { DatabaseAccessTabs } from "./database-access-tabs.js";

type OpenDialog = { kind: "edit"; role?: CustomRole } | { kind: "delete"; role: CustomRole } | undefined;

/** Security > Database Access > Custom Roles: the project's custom roles, with create, edit and delete. */
export function CustomRolesPage() {
  const { project, can } = useProject();
  const canWrite = can("DATABASE_ACCESS_WRITE");
  const { state, reload } = useAsync(() => listCustomRoles(project.id), [project.id]);
  const [dialog, setDialog] = useState<OpenDialog>();

  return (
    <>
      <div className="page-header">
        <h1>Database Access</h1>
      </div>
      <DatabaseAccessTabs groupId={project.id} current="customRoles" />
      <div className="toolbar">
        <p className="muted">Custom roles grant privileges that the built-in roles cannot describe.</p>
        {canWrite ? (
          <button type="button" className="button button-primary" onClick={() => setDialog({ kind: "edit" })}>
            <span aria-hidden="true">+ </span>Add New Custom Role
          </button>
        ) : null}
      </div>
      <AsyncContent state={state} what="custom roles" onRetry={reload}>
        {(roles) =>
          roles.length === 0 ? (
            <p className="empty">No custom roles yet.</p>
          ) : (
            <div className="table-wrap">
              <table className="table" aria-label="Custom roles">
                <thead>
                  <tr>
                    <th scope="col">Role Name</th>
                    <th scope="col">Actions</th>
                    <th scope="col">Inherited Roles</th>
                    {canWrite ? (
                      <th scope="col">
                        <span className="visually-hidden">Edit or delete</span>
                      </th>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {roles.map((role) => (
                    <tr key={role.roleName}>
                      <th scope="row" className="cell-name">
                        {role.roleName}
                      </th>
                      <td>
                        <ul className="plain-list">
                          {role.actions.map((a) => (
                            <li key={a.action}>
                              <code>{a.action}</code> on {a.resources.map(describeResource).join(", ")}
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td>{role.inheritedRoles.length ? role.inheritedRoles.map((r) => `${r.role}@${r.db}`).join(", ") : "—"}</td>
                      {canWrite ? (
                        <td className="cell-actions">
                          <button type="button" className="button button-small" onClick={() => setDialog({ kind: "edit", role })} aria-label={`Edit ${role.roleName}`}>
                            Edit
                          </button>
                          <button type="button" className="button button-small button-danger-outline" onClick={() => setDialog({ kind: "delete", role })} aria-label={`Delete ${role.roleName}`}>
                            Delete
                          </button>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </AsyncContent>
      {dialog?.kind === "edit" ? (
        <CustomRoleDialog
          role={dialog.role}
          otherRoles={state.status === "ready" ? state.value.filter((r) => r.roleName !== dialog.role?.roleName).map((r) => r.roleName) : []}
          onClose={() => setDialog(undefined)}
          onSaved={reload}
        />
      ) : null}
      {dialog?.kind === "delete" ? (
        <ConfirmDialog
          title="Delete custom role"
          message={`Delete the custom role ${dialog.role.roleName}?`}
          confirmLabel="Delete"
          onConfirm={async () => {
            await deleteCustomRole(project.id, dialog.role.roleName);
            reload();
          }}
          onClose={() => setDialog(undefined)}
        />
      ) : null}
    </>
  );
}

function describeResource(resource: CustomRoleResource): string {
  // The API answers every resource with all three fields (`cluster: false` for a namespace), so test the value.
  if ("cluster" in resource && resource.cluster) return "the cluster";
  const { db, collection } = resource as { db: string; collection?: string };
  return collection ? `${db}.${collection}` : `${db}.*`;
}
