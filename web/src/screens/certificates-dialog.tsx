import { useId, useState } from "react";
import type { DatabaseUser, UserCert } from "../api/atlas-types.js";
import { issueCertificate, listCertificates, revokeCertificate } from "../api/certificates-api.js";
import { AsyncContent } from "../components/async-content.js";
import { ConfirmDialog } from "../components/confirm-dialog.js";
import { ErrorBanner } from "../components/error-banner.js";
import { DnText } from "../components/dn-text.js";
import { ModalDialog } from "../components/modal-dialog.js";
import { DEFAULT_CERTIFICATE_MONTHS } from "../lib/certificate-months.js";
import { certificateFileName, downloadTextFile } from "../lib/download-file.js";
import { formatDate } from "../lib/format-date.js";
import { useProject } from "../lib/project-context.js";
import { useAsync } from "../lib/use-async.js";
import { useSubmit } from "../lib/use-submit.js";
import { CertificateMonthsSelect } from "./certificate-months-select.js";
import { PemTextarea } from "../components/pem-textarea.js";

/**
 * A managed user's certificates: download a new one (the PEM with its private key is offered once and
 * never stored) and list the issued ones, with revoke for those allowed to manage database access.
 */
export function CertificatesDialog(props: { user: DatabaseUser; onClose: () => void }) {
  const { project, can } = useProject();
  const canWrite = can("DATABASE_ACCESS_WRITE");
  const { user } = props;
  const [includeExpired, setIncludeExpired] = useState(false);
  const { state, reload } = useAsync(() => listCertificates(project.id, user.username, includeExpired), [project.id, user.username, includeExpired]);
  const [months, setMonths] = useState(DEFAULT_CERTIFICATE_MONTHS);
  const [downloaded, setDownloaded] = useState<string | undefined>();
  const [revoking, setRevoking] = useState<UserCert | undefined>();
  const [csr, setCsr] = useState("");
  const csrId = useId();
  const withCsr = csr.trim() !== "";

  const issuing = useSubmit(
    async () => {
      setDownloaded(undefined);
      const fileName = certificateFileName(user.username);
      downloadTextFile(fileName, await issueCertificate(project.id, user.username, months, withCsr ? csr : undefined));
      setDownloaded(fileName);
      reload();
    },
    { idleAfterSuccess: true },
  );

  return (
    <ModalDialog
      title={`Certificates of ${user.username}`}
      wide
      onClose={props.onClose}
      footer={
        <button type="button" className="button" onClick={props.onClose}>
          Close
        </button>
      }
    >
      {canWrite ? (
        <section className="card" aria-labelledby="new-cert-title">
          <h3 id="new-cert-title">Download a new certificate</h3>
          <div className="inline-form">
            <CertificateMonthsSelect value={months} onChange={setMonths} />
            <button type="button" className="button button-primary" onClick={() => void issuing.submit()} disabled={issuing.busy}>
              {issuing.busy ? "Issuing…" : "Download Certificate"}
            </button>
          </div>
          <div className="field">
            <label className="field-label" htmlFor={csrId}>
              Certificate signing request (optional)
            </label>
            <PemTextarea id={csrId} rows={4} label="CERTIFICATE REQUEST" value={csr} onChange={setCsr} />
          </div>
          <p className="field-help">
            {withCsr
              ? "The certificate is issued for your request's key, with subject CN=" + user.username + ". The file holds the certificate alone: your private key never left your machine."
              : "The file holds the certificate and its private key. certgate keeps no copy of the key: save the file now. To keep the key on your machine, paste a CSR (e.g. from openssl req -new) above."}
          </p>
          {downloaded ? (
            <p className="banner banner-success" role="status">
              Certificate issued and downloaded as <code>{downloaded}</code>.
            </p>
          ) : null}
          {issuing.error ? <ErrorBanner title="Could not issue a certificate" message={issuing.error} /> : null}
        </section>
      ) : null}

      <div className="toolbar">
        <h3>Issued certificates</h3>
        <label className="checkbox">
          <input type="checkbox" checked={includeExpired} onChange={(e) => setIncludeExpired(e.target.checked)} />
          <span>Show expired and revoked</span>
        </label>
      </div>
      <AsyncContent state={state} what="certificates" onRetry={reload}>
        {(certs) =>
          certs.length === 0 ? (
            <p className="empty">No {includeExpired ? "" : "unexpired "}certificates.</p>
          ) : (
            <div className="table-wrap">
              <table className="table" aria-label="Issued certificates">
                <thead>
                  <tr>
                    <th scope="col">Serial</th>
                    <th scope="col">Subject</th>
                    <th scope="col">Created</th>
                    <th scope="col">Expires</th>
                    <th scope="col">Status</th>
                    {canWrite ? (
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {certs.map((cert) => (
                    <tr key={String(cert._id)}>
                      <td>
                        <code>{String(cert._id)}</code>
                      </td>
                      <td className="cell-name-plain">
                        <DnText value={cert.subject} />
                      </td>
                      <td className="cell-nowrap">{formatDate(cert.createdAt)}</td>
                      <td className="cell-nowrap">{formatDate(cert.notAfter)}</td>
                      <td className="cell-nowrap">{certificateStatus(cert)}</td>
                      {canWrite ? (
                        <td className="cell-actions">
                          {cert.revokedAt ? null : (
                            <button type="button" className="button button-small button-danger-outline" onClick={() => setRevoking(cert)} aria-label={`Revoke certificate ${String(cert._id)}`}>
                              Revoke
                            </button>
                          )}
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
      {revoking ? (
        <ConfirmDialog
          title="Revoke certificate"
          message={`Revoke certificate ${String(revoking._id)}? Clients presenting it are refused from now on; this cannot be undone.`}
          confirmLabel="Revoke"
          onConfirm={async () => {
            await revokeCertificate(project.id, user.username, String(revoking._id));
            reload();
          }}
          onClose={() => setRevoking(undefined)}
        />
      ) : null}
    </ModalDialog>
  );
}

function certificateStatus(cert: UserCert): string {
  if (cert.revokedAt) return `Revoked ${formatDate(cert.revokedAt)}`;
  if (new Date(cert.notAfter).getTime() < Date.now()) return "Expired";
  return "Valid";
}
