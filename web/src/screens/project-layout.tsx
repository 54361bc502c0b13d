import { useMemo, type ReactNode } from "react";
import { getProject, listOrganizations, listProjects } from "../api/projects-api.js";
import type { Project } from "../api/atlas-types.js";
import { AsyncContent } from "../components/async-content.js";
import { TopBar } from "../components/top-bar.js";
import { hasPermission } from "../lib/permissions.js";
import { ProjectContext, type ProjectContextValue } from "../lib/project-context.js";
import { useSession } from "../lib/session-context.js";
import { useAsync } from "../lib/use-async.js";
import { navigate } from "../routing/navigation.js";
import { RouteLink } from "../routing/route-link.js";
import type { ProjectPage } from "../routing/routes.js";
import { ProjectNavigation } from "./project-navigation.js";

/** The frame of every project page: breadcrumb with a project switcher, left navigation, then the page. */
export function ProjectLayout(props: { groupId: string; page: ProjectPage; children: ReactNode }) {
  const { groupId } = props;
  const { state, reload } = useAsync(async () => {
    const project = await getProject(groupId);
    // The breadcrumb's extras are a convenience: without them it still shows the project.
    const [siblings, orgs] = await Promise.all([listProjects(project.orgId).catch(() => [project]), listOrganizations().catch(() => [])]);
    return { project, siblings, orgName: orgs.find((o) => o.id === project.orgId)?.name ?? "Organization" };
  }, [groupId]);

  return (
    <>
      <TopBar>
        {state.status === "ready" ? <Breadcrumb project={state.value.project} siblings={state.value.siblings} orgName={state.value.orgName} page={props.page} /> : <span>Project</span>}
      </TopBar>
      <div className="shell">
        <ProjectNavigation groupId={groupId} page={props.page} />
        <main className="page" id="main">
          <AsyncContent state={state} what="the project" onRetry={reload}>
            {({ project }) => <ProjectProvider project={project}>{props.children}</ProjectProvider>}
          </AsyncContent>
        </main>
      </div>
    </>
  );
}

function ProjectProvider(props: { project: Project; children: ReactNode }) {
  const { person } = useSession();
  const { project } = props;
  const value = useMemo<ProjectContextValue>(
    () => ({ project, can: (permission) => hasPermission(person, permission, project.id, project.orgId) }),
    [person, project],
  );
  return <ProjectContext.Provider value={value}>{props.children}</ProjectContext.Provider>;
}

function Breadcrumb(props: { project: Project; siblings: Project[]; orgName: string; page: ProjectPage }) {
  const { project } = props;
  return (
    <>
      <RouteLink to={{ page: "org", orgId: project.orgId }}>{props.orgName}</RouteLink>
      <span aria-hidden="true" className="breadcrumb-sep">
        /
      </span>
      <span className="project-switcher">
        <select aria-label="Project" value={project.id} onChange={(e) => navigate({ page: props.page, groupId: e.target.value })}>
          {props.siblings.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </span>
    </>
  );
}
