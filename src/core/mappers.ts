/** Store rows to the core's Atlas-shaped objects, in one place. */
import type { ApiKeyRow } from "../store/repos/api-keys.js";
import type { OrganizationRow, ProjectRow } from "../store/repos/organizations.js";
import type { EventRow } from "../store/repos/events.js";
import { atlasTime } from "./ids.js";
import type { ActivityEvent, ApiKey, ApiKeyRole, EventType, GroupRole, Organization, OrgRole, Project } from "./types.js";

/** A project as the API shows it. */
export function toProject(row: ProjectRow): Project {
  return { id: row.id, name: row.name, orgId: row.org_id, created: atlasTime(row.created_at) };
}

/** An organization as the API shows it. */
export function toOrganization(row: OrganizationRow): Organization {
  return { id: row.id, name: row.name, created: atlasTime(row.created_at) };
}

/** An API key without its private key, with organization roles first. */
export function toApiKey(row: ApiKeyRow, projectRoles: readonly { project_id: string; roles: string }[]): ApiKey {
  const roles: ApiKeyRole[] = (JSON.parse(row.org_roles) as OrgRole[]).map((roleName) => ({ orgId: row.org_id, roleName }));
  for (const grant of projectRoles) {
    for (const roleName of JSON.parse(grant.roles) as GroupRole[]) roles.push({ groupId: grant.project_id, roleName });
  }
  return { id: row.id, publicKey: row.public_key, desc: row.description, roles };
}

/** An activity-feed entry. */
export function toActivityEvent(row: EventRow): ActivityEvent {
  return {
    id: row.id,
    eventTypeName: row.event_type as EventType,
    orgId: row.org_id,
    ...(row.project_id === null ? {} : { groupId: row.project_id }),
    actor: row.actor,
    ...(row.target === null ? {} : { target: row.target }),
    created: atlasTime(row.created_at),
  };
}
