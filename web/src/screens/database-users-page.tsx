import { useEffect, useState } from "react";
import { DnText } from "../components/dn-text.js";
import type { DatabaseUser } from "../api/atlas-types.js";
import { deleteDatabaseUser, listDatabaseUsers } from "../api/database-users-api.js";
import { AsyncContent } from "../components/async-content.js";
import { ConfirmDialog } from "../components/confirm-dialog.js";
import { Field } from "../components/field.js";
import { Pager } from "../components/pager.js";
import { useDebounced } from "../lib/use-debounced.js";
import { describeRole } from "../lib/privileges.js";
import { useProject } from "../lib/project-context.js";
import { useAsync } from "../lib/use-async.js";
import { AddUserDialog } from "./add-user-dialog.js";
import { CertificatesDialog } from "./certificates-dialog.js";
import { DatabaseAccessTabs } from "./database-access-tabs.js";
import { EditUserDialog } from "./edit-user-dialog.js";

type OpenDialog = { kind: "add" } | { kind: "edit"; user: DatabaseUser } | { kind: "certs"; user: DatabaseUser } | { kind: "delete"; user: DatabaseUser } | undefined;

/** Users per page of the table; the server pages, so a project of any size can be browsed. */
const USERS_PER_PAGE = 100;

/** Security > Database Access > Database Users: the users table and the dialogs that change it. */
export function DatabaseUsersPage() {
  const { project, can } = useProject();
  const canWrite = can("DATABASE_ACCESS_WRITE");
  const [search, setSearch] = useState("");
  const [pageNum, setPageNum] = useState(1);
  const query = useDebounced(search.trim(), 250);
  const { state, reload } = useAsync(() => listDatabaseUsers(project.id, { pageNum, itemsPerPage: USERS_PER_PAGE, search: query }), [project.id, pageNum, query]);
  const [dialog, setDialog] = useState<OpenDialog>();

  // A new search starts at its first page.
  useEffect(() => setPageNum(1), [query]);

  return (
    <>
      <div className="page-header">
        <h1>Database Access</h1>
      </div>
      <DatabaseAccessTabs groupId={project.id} current="databaseUsers" />
      <div className="toolbar">
        <p className="muted">Database users authenticate to your clusters with X.509 certificates.</p>
        {canWrite ? (
          <button type="button" className="button button-primary" onClick={() => setDialog({ kind: "add" })}>
            <span aria-hidden="true">+ </span>Add New Database User
          </button>
        ) : null}
      </div>
      <div className="search-bar">
        <Field label="Search users" inline>
          {(id) => <input id={id} type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Part of a name or DN" autoComplete="off" spellCheck={false} />}
        </Field>
      </div>
      <AsyncContent state={state} what="database users" onRetry={reload}>
        {({ users, totalCount }) =>
          totalCount === 0 ? (
            query ? (
              <p className="empty">No database user&apos;s name contains “{query}”.</p>
            ) : (
              <p className="empty">No database users yet.{canWrite ? " Add one to let a client connect." : ""}</p>
            )
          ) : (
            <>
              <div className="table-wrap">
                <table className="table" aria-label="Database users">
                  <thead>
                    <tr>
                      <th scope="col">User Name</th>
                      <th scope="col">Authentication Method</th>
                      <th scope="col">MongoDB Roles</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {users.map((user) => (
                      <tr key={`${user.databaseName}/${user.username}`}>
                        <th scope="row" className="cell-name">
                          <DnText value={user.username} />
                        </th>
                        <td>{authenticationMethod(user)}</td>
                        <td>
                          <ul className="chip-list">
                            {user.roles.map((role) => (
                              <li key={describeRole(role)} className="chip">
                                {describeRole(role)}
                              </li>
                            ))}
                          </ul>
                        </td>
                        <td className="cell-actions">
                          {user.x509Type === "MANAGED" ? (
                            <button type="button" className="button button-small" onClick={() => setDialog({ kind: "certs", user })} aria-label={`Certificates of ${user.username}`}>
                              Certificates
                            </button>
                          ) : null}
                          {canWrite ? (
                            <button type="button" className="button button-small" onClick={() => setDialog({ kind: "edit", user })} aria-label={`Edit ${user.username}`}>
                              Edit
                            </button>
                          ) : null}
                          {canWrite ? (
                            <button type="button" className="button button-small button-danger-outline" onClick={() => setDialog({ kind: "delete", user })} aria-label={`Delete ${user.username}`}>
                              Delete
                            </button>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager pageNum={pageNum} itemsPerPage={USERS_PER_PAGE} totalCount={totalCount} what="users" onPage={setPageNum} />
            </>
          )
        }
      </AsyncContent>
      {dialog?.kind === "add" ? <AddUserDialog onClose={() => setDialog(undefined)} onAdded={reload} /> : null}
      {dialog?.kind === "edit" ? <EditUserDialog user={dialog.user} onClose={() => setDialog(undefined)} onSaved={reload} /> : null}
      {dialog?.kind === "certs" ? <CertificatesDialog user={dialog.user} onClose={() => setDialog(undefined)} /> : null}
      {dialog?.kind === "delete" ? (
        <ConfirmDialog
          title="Delete database user"
          message={`Delete ${dialog.user.username}? Its managed certificates are revoked and clients using them are refused.`}
          confirmLabel="Delete"
          onConfirm={async () => {
            await deleteDatabaseUser(project.id, dialog.user);
            reload();
          }}
          onClose={() => setDialog(undefined)}
        />
      ) : null}
    </>
  );
}

function authenticationMethod(user: DatabaseUser): string {
  if (user.x509Type === "MANAGED") return "Certificate (certgate-managed X.509)";
  if (user.x509Type === "CUSTOMER") return "Certificate (self-managed X.509)";
  if (user.ldapAuthType && user.ldapAuthType !== "NONE") return "LDAP";
  if (user.awsIAMType && user.awsIAMType !== "NONE") return "AWS IAM";
  if (user.oidcAuthType && user.oidcAuthType !== "NONE") return "OIDC";
  return "Password (SCRAM)";
}
