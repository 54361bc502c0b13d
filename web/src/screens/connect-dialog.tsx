import type { Cluster } from "../api/atlas-types.js";
import { getClusterTlsCa } from "../api/clusters-api.js";
import { AsyncContent } from "../components/async-content.js";
import { CopyableCode } from "../components/copyable-code.js";
import { ModalDialog } from "../components/modal-dialog.js";
import { x509ConnectionString } from "../../../src/shared/x509-connection-string.js";
import { CA_FILE_PLACEHOLDER, CERT_FILE_PLACEHOLDER, mongoshCommand } from "../lib/connection-commands.js";
import { downloadTextFile } from "../lib/download-file.js";
import { useProject } from "../lib/project-context.js";
import { useAsync } from "../lib/use-async.js";
import { RouteLink } from "../routing/route-link.js";

/**
 * How to connect to a cluster with an X.509 certificate: the CA that verifies the gateway, the mongosh
 * command and the connection string.
 */
export function ConnectDialog(props: { cluster: Cluster; onClose: () => void }) {
  const { project } = useProject();
  const { cluster } = props;
  const standard = cluster.connectionStrings?.standard;
  const ca = useAsync(() => getClusterTlsCa(project.id, cluster.name), [project.id, cluster.name]);
  const caFileName = `${cluster.name}-ca.pem`;

  return (
    <ModalDialog
      title={`Connect to ${cluster.name}`}
      wide
      onClose={props.onClose}
      footer={
        <button type="button" className="button" onClick={props.onClose}>
          Close
        </button>
      }
    >
      {standard ? (
        <AsyncContent state={ca.state} what="the cluster's CA certificate" onRetry={ca.reload}>
          {(caPem) => (
            <>
              <ol className="steps">
                <li>
                  Get a client certificate: download one for a certgate-managed user under{" "}
                  <RouteLink to={{ page: "databaseUsers", groupId: project.id }}>Database Access</RouteLink>, or use one your own CA issued to a self-managed user.
                </li>
                {caPem ? (
                  <li>
                    Download the CA that signed the cluster&apos;s server certificate:{" "}
                    <button type="button" className="button button-small" onClick={() => downloadTextFile(caFileName, caPem)}>
                      Download CA certificate
                    </button>
                  </li>
                ) : (
                  <li>Get the CA of the gateway&apos;s server certificate from your certgate operator.</li>
                )}
                <li>Connect with mongosh, replacing the file paths:</li>
              </ol>
              <CopyableCode label="mongosh command" text={mongoshCommand(standard, CERT_FILE_PLACEHOLDER, CA_FILE_PLACEHOLDER)} />
              <p>Or connect your application with this connection string, giving the driver both files:</p>
              <CopyableCode label="Connection string" text={x509ConnectionString(standard)} />
              <p className="field-help">The client authenticates with MONGODB-X509: its user name comes from the certificate, so none is given.</p>
            </>
          )}
        </AsyncContent>
      ) : (
        <p className="banner banner-info">This cluster is not accepting connections yet; its connection string appears once it is ready.</p>
      )}
    </ModalDialog>
  );
}
