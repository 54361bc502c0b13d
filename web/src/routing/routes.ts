/** Pages of a project, each under `/groups/{groupId}/...`. */
export const PROJECT_PAGES = ["clusters", "databaseUsers", "customRoles", "advanced", "alerts"] as const;
/** One project page. */
export type ProjectPage = (typeof PROJECT_PAGES)[number];

/** Every screen the UI can show, as parsed from the address bar. */
export type Route =
  | { page: "home" }
  | { page: "org"; orgId: string }
  | { page: ProjectPage; groupId: string }
  | { page: "notFound"; path: string };

const PROJECT_PAGE_PATHS: Record<ProjectPage, string> = {
  clusters: "clusters",
  databaseUsers: "security/database-access/users",
  customRoles: "security/database-access/roles",
  advanced: "security/advanced",
  alerts: "security/alerts",
};

/** The address of a route. */
export function routePath(route: Route): string {
  switch (route.page) {
    case "home":
      return "/";
    case "org":
      return `/orgs/${encodeURIComponent(route.orgId)}/projects`;
    case "notFound":
      return route.path;
    default:
      return `/groups/${encodeURIComponent(route.groupId)}/${PROJECT_PAGE_PATHS[route.page]}`;
  }
}

/** Parses an address into a route. */
export function parseRoute(path: string): Route {
  const trimmed = path.replace(/\/+$/, "") || "/";
  if (trimmed === "/") return { page: "home" };
  const org = /^\/orgs\/([^/]+)\/projects$/.exec(trimmed);
  if (org) return { page: "org", orgId: decodeURIComponent(org[1]) };
  const project = /^\/groups\/([^/]+)\/(.+)$/.exec(trimmed);
  if (project) {
    for (const page of PROJECT_PAGES) {
      if (PROJECT_PAGE_PATHS[page] === project[2]) return { page, groupId: decodeURIComponent(project[1]) };
    }
  }
  return { page: "notFound", path: trimmed };
}
