import { useEffect, useState, type FormEvent } from "react";
import type { Cluster } from "../api/atlas-types.js";
import { createCluster, deleteCluster, listClusters } from "../api/clusters-api.js";
import { ConfirmDialog } from "../components/confirm-dialog.js";
import { AsyncContent } from "../components/async-content.js";
import { ErrorBanner } from "../components/error-banner.js";
import { useProject } from "../lib/project-context.js";
import { useAsync } from "../lib/use-async.js";
import { useSubmit } from "../lib/use-submit.js";
import { ConnectDialog } from "./connect-dialog.js";
import { Field } from "../components/field.js";

/** Deployment > Clusters: the project's clusters, each with a Connect dialog. */
export function ClustersPage() {
  const { project, can } = useProject();
  const { state, reload } = useAsync(() => listClusters(project.id), [project.id]);
  const [connecting, setConnecting] = useState<Cluster | undefined>();
  const [deleting, setDeleting] = useState<Cluster | undefined>();
  const canWrite = can("CLUSTERS_WRITE");
  const starting = state.status === "ready" && state.value.some((c) => c.stateName !== "IDLE");

  // A new cluster is CREATING until its gateway listens; refresh until every cluster is up.
  useEffect(() => {
    if (!starting) return;
    const timer = setInterval(reload, 1000);
    return () => clearInterval(timer);
  }, [starting, reload]);

  return (
    <>
      <div className="page-header">
        <h1>Clusters</h1>
      </div>
      {canWrite ? <NewClusterForm groupId={project.id} onCreated={reload} /> : null}
      <AsyncContent state={state} what="clusters" onRetry={reload}>
        {(clusters) =>
          clusters.length === 0 ? (
            <p className="empty">No clusters yet.</p>
          ) : (
            <ul className="cluster-list">
              {clusters.map((cluster) => (
                <li key={cluster.name} className="card cluster-card">
                  <div>
                    <h2>{cluster.name}</h2>
                    <p className="muted">
                      {cluster.stateName ?? "UNKNOWN"}
                      {cluster.mongoDBVersion ? ` · MongoDB ${cluster.mongoDBVersion}` : ""}
                    </p>
                    {cluster.connectionStrings?.standard ? <code>{cluster.connectionStrings.standard}</code> : null}
                  </div>
                  <div className="card-controls">
                    <button type="button" className="button button-primary" onClick={() => setConnecting(cluster)} aria-label={`Connect to ${cluster.name}`}>
                      Connect
                    </button>
                    {canWrite ? (
                      <button type="button" className="button button-danger-outline" onClick={() => setDeleting(cluster)} aria-label={`Delete ${cluster.name}`}>
                        Delete
                      </button>
                    ) : null}
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </AsyncContent>
      {connecting ? <ConnectDialog cluster={connecting} onClose={() => setConnecting(undefined)} /> : null}
      {deleting ? (
        <ConfirmDialog
          title={`Delete ${deleting.name}`}
          message={`Delete the cluster ${deleting.name}? Its gateway stops listening and its open connections close.`}
          confirmLabel="Delete Cluster"
          onConfirm={async () => {
            await deleteCluster(project.id, deleting.name);
            reload();
          }}
          onClose={() => setDeleting(undefined)}
        />
      ) : null}
    </>
  );
}

function NewClusterForm(props: { groupId: string; onCreated: () => void }) {
  const [name, setName] = useState("");
  const { busy, error, submit, setError } = useSubmit(
    async (clusterName: string) => {
      await createCluster(props.groupId, clusterName);
      setName("");
      props.onCreated();
    },
    { idleAfterSuccess: true },
  );

  const create = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setError("Enter a cluster name.");
      return;
    }
    void submit(name.trim());
  };

  return (
    <form className="inline-form" onSubmit={create} noValidate>
      <Field label="New cluster name" inline>
{(id) => (
<input id={id} value={name} onChange={(e) => setName(e.target.value)} placeholder="Cluster0" />
)}
</Field>
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? "Creating…" : "Create Cluster"}
      </button>
      {error ? <ErrorBanner message={error} /> : null}
    </form>
  );
}
