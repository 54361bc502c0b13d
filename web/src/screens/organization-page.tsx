import { useState, type FormEvent } from "react";
import { PROJECT_CREATOR_ROLES } from "../../../src/core/permissions.js";
import { createProject, listOrganizations, listProjects } from "../api/projects-api.js";
import { AsyncContent } from "../components/async-content.js";
import { ErrorBanner } from "../components/error-banner.js";
import { TopBar } from "../components/top-bar.js";
import { useAsync } from "../lib/use-async.js";
import { useSubmit } from "../lib/use-submit.js";
import { useSession } from "../lib/session-context.js";
import { formatDate } from "../lib/format-date.js";
import { navigate } from "../routing/navigation.js";
import { RouteLink } from "../routing/route-link.js";
import { Field } from "../components/field.js";

/** An organization's projects, and a form to create one for those allowed to. */
export function OrganizationPage(props: { orgId: string }) {
  const { person } = useSession();
  const { orgId } = props;
  const { state, reload } = useAsync(async () => {
    const [orgs, projects] = await Promise.all([listOrganizations(), listProjects(orgId)]);
    return { org: orgs.find((o) => o.id === orgId), projects };
  }, [orgId]);
  const canCreate = person.orgId === orgId && person.orgRoles.some((r) => (PROJECT_CREATOR_ROLES as readonly string[]).includes(r));

  return (
    <>
      <TopBar>
        <span>{state.status === "ready" ? (state.value.org?.name ?? orgId) : "Organization"}</span>
      </TopBar>
      <main className="page page-wide" id="main">
        <h1>Projects</h1>
        <AsyncContent state={state} what="projects" onRetry={reload}>
          {({ projects }) => (
            <>
              {canCreate ? <NewProjectForm orgId={orgId} /> : null}
              {projects.length === 0 ? (
                <p className="empty">This organization has no projects you can see.</p>
              ) : (
                <div className="table-wrap">
                  <table className="table">
                    <thead>
                      <tr>
                        <th scope="col">Project name</th>
                        <th scope="col">Project ID</th>
                        <th scope="col">Created</th>
                      </tr>
                    </thead>
                    <tbody>
                      {projects.map((p) => (
                        <tr key={p.id}>
                          <td>
                            <RouteLink to={{ page: "databaseUsers", groupId: p.id }}>{p.name}</RouteLink>
                          </td>
                          <td>
                            <code>{p.id}</code>
                          </td>
                          <td>{p.created ? formatDate(p.created) : "—"}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </>
          )}
        </AsyncContent>
      </main>
    </>
  );
}

function NewProjectForm(props: { orgId: string }) {
  const [name, setName] = useState("");
  const { busy, error, submit, setError } = useSubmit(async (projectName: string) => {
    const project = await createProject(props.orgId, projectName);
    navigate({ page: "databaseUsers", groupId: project.id });
  });

  const create = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setError("Enter a project name.");
      return;
    }
    void submit(name.trim());
  };

  return (
    <form className="inline-form" onSubmit={create} noValidate>
      <Field label="New project name" inline>
{(id) => (
<input id={id} value={name} onChange={(e) => setName(e.target.value)} />
)}
</Field>
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? "Creating…" : "New Project"}
      </button>
      {error ? <ErrorBanner message={error} /> : null}
    </form>
  );
}
