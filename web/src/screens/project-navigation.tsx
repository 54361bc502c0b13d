import { RouteLink } from "../routing/route-link.js";
import type { ProjectPage } from "../routing/routes.js";

const SECTIONS: { title: string; items: { page: ProjectPage; label: string; also?: ProjectPage[] }[] }[] = [
  { title: "Deployment", items: [{ page: "clusters", label: "Clusters" }] },
  {
    title: "Security",
    items: [
      { page: "databaseUsers", label: "Database Access", also: ["customRoles"] },
      { page: "advanced", label: "Advanced" },
      { page: "alerts", label: "Alerts" },
    ],
  },
];

/** The project's left navigation: Clusters, and the Security section (Database Access, Advanced, Alerts). */
export function ProjectNavigation(props: { groupId: string; page: ProjectPage }) {
  return (
    <nav className="side-nav" aria-label="Project">
      {SECTIONS.map((section) => (
        <section key={section.title} aria-labelledby={`nav-${section.title}`}>
          <h2 className="side-nav-title" id={`nav-${section.title}`}>
            {section.title}
          </h2>
          <ul>
            {section.items.map((item) => {
              const current = item.page === props.page || (item.also ?? []).includes(props.page);
              return (
                <li key={item.page}>
                  <RouteLink to={{ page: item.page, groupId: props.groupId }} className={current ? "side-nav-link current" : "side-nav-link"} current={current}>
                    {item.label}
                  </RouteLink>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </nav>
  );
}
