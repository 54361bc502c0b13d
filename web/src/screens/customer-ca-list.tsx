import type { UserSecurity } from "../api/atlas-types.js";
import { listCustomerCas } from "../api/customer-cas-api.js";
import { AsyncContent } from "../components/async-content.js";
import { daysLeftText, formatDate } from "../lib/format-date.js";
import { useProject } from "../lib/project-context.js";
import { useAsync } from "../lib/use-async.js";

/** Expiry within this many days is highlighted, matching the CA-expiry alert's default threshold. */
const EXPIRY_WARNING_DAYS = 30;

/** The CAs of the project's current self-managed X.509 bundle, with subject and expiry. */
export function CustomerCaList(props: { security: UserSecurity }) {
  const { project } = useProject();
  const cas = props.security.customerX509.cas ?? "";
  const { state, reload } = useAsync(() => listCustomerCas(project.id), [project.id, cas]);

  return (
    <AsyncContent state={state} what="the certificate authorities" onRetry={reload}>
      {(list) => (
        <div className="table-wrap">
          <table className="table" aria-label="Certificate authorities">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Subject</th>
                <th scope="col">Issuer</th>
                <th scope="col">Expires</th>
              </tr>
            </thead>
            <tbody>
              {list.map((ca) => (
                <tr key={ca.position}>
                  <td>{ca.position}</td>
                  <td>
                    <code>{ca.subject}</code>
                  </td>
                  <td>
                    <code>{ca.issuer === ca.subject ? "self-signed" : ca.issuer}</code>
                  </td>
                  <td className={ca.daysUntilExpiry < EXPIRY_WARNING_DAYS ? "text-warning" : undefined}>
                    {formatDate(ca.notAfter)} <span className="muted">({daysLeftText(ca.daysUntilExpiry)})</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AsyncContent>
  );
}
