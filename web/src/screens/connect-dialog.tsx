import type { Cluster } from "../api/atlas-types.js";
import { CopyableCode } from "../components/copyable-code.js";
import { ModalDialog } from "../components/modal-dialog.js";
import { mongoshCommand, x509ConnectionString } from "../lib/connection-commands.js";
import { RouteLink } from "../routing/route-link.js";
import { useProject } from "../lib/project-context.js";

/** How to connect to a cluster with an X.509 certificate: the mongosh command and the connection string. */
export function ConnectDialog(props: { cluster: Cluster; onClose: () => void }) {
  const { project } = useProject();
  const standard = props.cluster.connectionStrings?.standard;
  return (
    <ModalDialog
      title={`Connect to ${props.cluster.name}`}
      wide
      onClose={props.onClose}
      footer={
        <button type="button" className="button" onClick={props.onClose}>
          Close
        </button>
      }
    >
      {standard ? (
        <>
          <ol className="steps">
            <li>
              Get a certificate: download one for a certgate-managed user under{" "}
              <RouteLink to={{ page: "databaseUsers", groupId: project.id }}>Database Access</RouteLink>, or use one your own CA issued to a self-managed user.
            </li>
            <li>Connect with mongosh:</li>
          </ol>
          <CopyableCode label="mongosh command" text={mongoshCommand(standard)} />
          <p>Or connect your application with this connection string and the certificate file:</p>
          <CopyableCode label="Connection string" text={x509ConnectionString(standard)} />
          <p className="field-help">The client authenticates with MONGODB-X509: its user name is taken from the certificate, so none is given.</p>
        </>
      ) : (
        <p className="banner banner-info">This cluster is not accepting connections yet; its connection string appears once it is ready.</p>
      )}
    </ModalDialog>
  );
}
