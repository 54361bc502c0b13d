import { useState } from "react";
import type { UserSecurity } from "../api/atlas-types.js";
import { ldapOf } from "../api/ldap-api.js";
import { getUserSecurity } from "../api/user-security-api.js";
import { AsyncContent } from "../components/async-content.js";
import { useAsync } from "../lib/use-async.js";
import { LdapDialog } from "./ldap-dialog.js";

/** Security > Advanced: the project's LDAP settings, with an Edit dialog that can verify them. */
export function LdapCard(props: { groupId: string; canWrite: boolean }) {
  const { state, reload } = useAsync(() => getUserSecurity(props.groupId), [props.groupId]);
  const [editing, setEditing] = useState(false);

  return (
    <section className="card" aria-labelledby="ldap-title">
      <AsyncContent state={state} what="the LDAP settings" onRetry={reload}>
        {(security: UserSecurity) => {
          const ldap = ldapOf(security);
          const rows: [string, string][] = [
            ["Server", ldap.hostname === undefined ? "not set" : `${ldap.hostname}:${ldap.port ?? 636} (${ldap.transportSecurity ?? "TLS"})`],
            ["Bind Username", ldap.bindUsername ?? "not set"],
            ["LDAP Authentication", ldap.authenticationEnabled ? "On" : "Off"],
            ["LDAP Authorization", ldap.authorizationEnabled ? "On" : "Off"],
            ["Authorization Query Template", ldap.authzQueryTemplate ?? "{USER}?memberOf?base (default)"],
            ["User to DN Mapping", (ldap.userToDNMapping ?? []).map((r) => `${r.match} → ${r.substitution ?? r.ldapQuery ?? ""}`).join("; ") || "none"],
          ];
          return (
            <>
              <div className="card-header">
                <div>
                  <h2 id="ldap-title">LDAP Authorization</h2>
                  <p className="muted">Grant database roles by LDAP group: each group is a database user of type LDAP Group whose name is the group&apos;s DN.</p>
                </div>
                <div className="card-controls">
                  {props.canWrite ? (
                    <button type="button" className="button" onClick={() => setEditing(true)}>
                      Edit LDAP Settings
                    </button>
                  ) : null}
                </div>
              </div>
              <table className="table" aria-label="LDAP settings">
                <tbody>
                  {rows.map(([name, value]) => (
                    <tr key={name}>
                      <th scope="row">{name}</th>
                      <td>
                        <code>{value}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {editing ? <LdapDialog groupId={props.groupId} current={ldap} onClose={() => setEditing(false)} onSaved={reload} /> : null}
            </>
          );
        }}
      </AsyncContent>
    </section>
  );
}
