import { requestJson } from "./http-client.js";
import { ALL_ITEMS, atlasPath } from "./api-paths.js";
import type { AtlasPage, Organization, Project } from "./atlas-types.js";

/** The organizations the signed-in person belongs to. */
export async function listOrganizations(): Promise<Organization[]> {
  return (await requestJson<AtlasPage<Organization>>("GET", atlasPath("orgs"), { query: ALL_ITEMS })).results;
}

/** The projects of one organization that the person can see. */
export async function listProjects(orgId: string): Promise<Project[]> {
  const all = (await requestJson<AtlasPage<Project>>("GET", atlasPath("groups"), { query: ALL_ITEMS })).results;
  return all.filter((project) => project.orgId === orgId);
}

/** One project. */
export function getProject(groupId: string): Promise<Project> {
  return requestJson<Project>("GET", atlasPath("groups", groupId));
}

/** Creates a project in an organization. */
export function createProject(orgId: string, name: string): Promise<Project> {
  return requestJson<Project>("POST", atlasPath("groups"), { body: { name, orgId } });
}
