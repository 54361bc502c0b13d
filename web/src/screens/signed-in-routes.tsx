import { useEffect } from "react";
import { navigate, useRoute } from "../routing/navigation.js";
import { useSession } from "../lib/session-context.js";
import { OrganizationPage } from "./organization-page.js";
import { ProjectLayout } from "./project-layout.js";
import { NotFoundPage } from "./not-found-page.js";
import { ClustersPage } from "./clusters-page.js";
import { DatabaseUsersPage } from "./database-users-page.js";
import { CustomRolesPage } from "./custom-roles-page.js";
import { AdvancedPage } from "./advanced-page.js";
import { AlertsPage } from "./alerts-page.js";

/** Chooses the screen for the address bar once someone is signed in. */
export function SignedInRoutes() {
  const route = useRoute();
  const { person } = useSession();

  useEffect(() => {
    if (route.page === "home") navigate({ page: "org", orgId: person.orgId }, { replace: true });
  }, [route.page, person.orgId]);

  switch (route.page) {
    case "home":
      return null;
    case "org":
      return <OrganizationPage orgId={route.orgId} />;
    case "notFound":
      return <NotFoundPage path={route.path} />;
    default:
      return (
        <ProjectLayout groupId={route.groupId} page={route.page}>
          {route.page === "clusters" ? <ClustersPage /> : null}
          {route.page === "databaseUsers" ? <DatabaseUsersPage /> : null}
          {route.page === "customRoles" ? <CustomRolesPage /> : null}
          {route.page === "advanced" ? <AdvancedPage /> : null}
          {route.page === "alerts" ? <AlertsPage /> : null}
        </ProjectLayout>
      );
  }
}
