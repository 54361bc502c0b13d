/**
 * Who a GROUP notification reaches: the people (web UI operators, who have emails) holding one of the
 * notification's project roles in the project. Organization Owners count as Project Owners and
 * Organization Read Only as Project Read Only, as their Atlas roles grant (atlas-api.md §1.6).
 */
import type { Kysely } from "kysely";
import { listOrgPeopleRoles, listProjectPeopleRoles } from "../store/repos/people.js";
import type { Database } from "../store/schema.js";

const ORG_ROLE_EQUIVALENTS: Readonly<Record<string, string>> = { ORG_OWNER: "GROUP_OWNER", ORG_READ_ONLY: "GROUP_READ_ONLY" };

/** Email addresses of the project's people with any of `roles`, sorted and without duplicates. */
export async function groupRecipients(db: Kysely<Database>, projectId: string, orgId: string, roles: readonly string[]): Promise<string[]> {
  const [people, projectRoles] = await Promise.all([
    listOrgPeopleRoles(db, orgId),
    listProjectPeopleRoles(db, projectId),
  ]);
  const rolesByPerson = new Map(projectRoles.map((r) => [r.person_id, JSON.parse(r.roles) as string[]]));
  const emails = new Set<string>();
  for (const person of people) {
    const held = [
      ...(rolesByPerson.get(person.id) ?? []),
      ...(JSON.parse(person.org_roles) as string[]).flatMap((role) => ORG_ROLE_EQUIVALENTS[role] ?? []),
    ];
    if (held.some((role) => roles.includes(role))) emails.add(person.email);
  }
  return [...emails].sort();
}
