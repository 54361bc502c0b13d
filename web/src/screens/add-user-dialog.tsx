import { useCallback, useId, useState } from "react";
import { errorMessage } from "../api/api-request-error.js";
import type { DatabaseUserRole, X509Type } from "../api/atlas-types.js";
import { issueCertificate } from "../api/certificates-api.js";
import { listCustomRoles } from "../api/custom-roles-api.js";
import { createDatabaseUser } from "../api/database-users-api.js";
import { ErrorBanner } from "../components/error-banner.js";
import { FormDialog } from "../components/form-dialog.js";
import { DEFAULT_CERTIFICATE_MONTHS } from "../lib/certificate-months.js";
import { certificateFileName, downloadTextFile } from "../lib/download-file.js";
import { initialPrivileges, privilegesToRoles, type PrivilegeChoice } from "../lib/privileges.js";
import { useProject } from "../lib/project-context.js";
import { useAsync } from "../lib/use-async.js";
import { useSubmit } from "../lib/use-submit.js";
import { CertificateMonthsSelect } from "./certificate-months-select.js";
import { DistinguishedNameField, type DnStatus } from "./distinguished-name-field.js";
import { UserPrivilegesFields } from "./user-privileges-fields.js";

/**
 * "Add New Database User" with the Certificate authentication method: a certgate-managed user (named by
 * its CN, optionally downloading its first certificate right away) or a self-managed X.509 user (named by
 * the DN its own CA puts in certificates), and its privileges.
 */
export function AddUserDialog(props: { onClose: () => void; onAdded: () => void }) {
  const { project } = useProject();
  const customRoles = useAsync(() => listCustomRoles(project.id), [project.id]).state;
  const [x509Type, setX509Type] = useState<Extract<X509Type, "MANAGED" | "CUSTOMER">>("MANAGED");
  const [commonName, setCommonName] = useState("");
  const [dn, setDn] = useState("");
  const [dnStatus, setDnStatus] = useState<DnStatus>({ state: "empty" });
  const [downloadNow, setDownloadNow] = useState(true);
  const [months, setMonths] = useState(DEFAULT_CERTIFICATE_MONTHS);
  const [privileges, setPrivileges] = useState<PrivilegeChoice>(initialPrivileges);
  const typeName = useId();
  const cnId = useId();
  const onDnStatus = useCallback((status: DnStatus) => setDnStatus(status), []);

  const { busy, error, submit, setError } = useSubmit(async (username: string, roles: DatabaseUserRole[]) => {
    const user = await createDatabaseUser(project.id, { databaseName: "$external", username, x509Type, roles });
    props.onAdded();
    if (x509Type === "MANAGED" && downloadNow) {
      try {
        downloadTextFile(certificateFileName(user.username), await issueCertificate(project.id, user.username, months));
      } catch (err) {
        // Thrown on so the dialog stays open with this message, and Add User can be pressed again.
        throw new Error(`The user ${user.username} was added, but its certificate could not be issued: ${errorMessage(err)}`);
      }
    }
    props.onClose();
  });

  const add = () => {
    const username = x509Type === "MANAGED" ? commonName.trim() : dn.trim();
    if (!username) {
      setError(x509Type === "MANAGED" ? "Enter the user's name (the certificate's Common Name)." : "Enter the user's Distinguished Name.");
      return;
    }
    if (x509Type === "CUSTOMER" && dnStatus.state === "invalid") {
      setError(`The Distinguished Name is not valid: ${dnStatus.reason}`);
      return;
    }
    const roles = privilegesToRoles(privileges);
    if ("error" in roles) {
      setError(roles.error);
      return;
    }
    void submit(username, roles.roles);
  };

  return (
    <FormDialog title="Add New Database User" label="Add User" busyLabel="Adding…" busy={busy} onSubmit={add} onClose={props.onClose}>
      <fieldset className="fieldset">
        <legend>Authentication Method</legend>
        <div className="method-cards">
          <span className="method-card selected" aria-current="true">
            Certificate
          </span>
        </div>
        <div className="radio-list">
          <label className="radio">
            <input type="radio" name={typeName} checked={x509Type === "MANAGED"} onChange={() => setX509Type("MANAGED")} />
            <span>
              certgate-managed X.509 <span className="muted">(the project&apos;s own CA issues the certificates)</span>
            </span>
          </label>
          <label className="radio">
            <input type="radio" name={typeName} checked={x509Type === "CUSTOMER"} onChange={() => setX509Type("CUSTOMER")} />
            <span>
              Self-managed X.509 <span className="muted">(your CA, uploaded under Advanced, issues them)</span>
            </span>
          </label>
        </div>
      </fieldset>

      {x509Type === "MANAGED" ? (
        <div className="fieldset">
          <div className="field">
            <label className="field-label" htmlFor={cnId}>
              Common Name (user name)
            </label>
            <input id={cnId} value={commonName} onChange={(e) => setCommonName(e.target.value)} placeholder="jane-doe" autoComplete="off" spellCheck={false} />
            <p className="field-help">Certificates for this user get the subject CN={commonName.trim() || "<name>"}.</p>
          </div>
          <label className="checkbox">
            <input type="checkbox" checked={downloadNow} onChange={(e) => setDownloadNow(e.target.checked)} />
            <span>Download certificate when user is added</span>
          </label>
          {downloadNow ? <CertificateMonthsSelect value={months} onChange={setMonths} /> : null}
        </div>
      ) : (
        <DistinguishedNameField value={dn} onChange={setDn} onStatus={onDnStatus} />
      )}

      <UserPrivilegesFields value={privileges} onChange={setPrivileges} customRoles={customRoles} />
      {error ? <ErrorBanner message={error} /> : null}
    </FormDialog>
  );
}
