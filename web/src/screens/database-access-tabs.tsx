import { RouteLink } from "../routing/route-link.js";

/** The two tabs of Database Access: database users and custom roles. */
export function DatabaseAccessTabs(props: { groupId: string; current: "databaseUsers" | "customRoles" }) {
  return (
    <nav className="tabs" aria-label="Database Access">
      <RouteLink to={{ page: "databaseUsers", groupId: props.groupId }} className={props.current === "databaseUsers" ? "tab current" : "tab"} current={props.current === "databaseUsers"}>
        Database Users
      </RouteLink>
      <RouteLink to={{ page: "customRoles", groupId: props.groupId }} className={props.current === "customRoles" ? "tab current" : "tab"} current={props.current === "customRoles"}>
        Custom Roles
      </RouteLink>
    </nav>
  );
}
