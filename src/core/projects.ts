/** Organizations and projects. */
import { isUniqueViolation } from "../store/constraint-errors.js";
import {
  createProject,
  deleteProject,
  findOrganization,
  findProjectByName,
  listProjectsVisible,
} from "../store/repos/organizations.js";
import { setApiKeyProjectRoles } from "../store/repos/api-keys.js";
import { setPersonProjectRoles } from "../store/repos/people.js";
import { authorizeProject } from "./authorize.js";
import { markChanged, writeEvent, type CoreContext } from "./core-context.js";
import { CoreError } from "./core-error.js";
import { isAtlasId, newId } from "./ids.js";
import { toOrganization, toProject } from "./mappers.js";
import { paginate } from "./paging.js";
import { ORG_WIDE_PROJECT_ROLES, PROJECT_CREATOR_ROLES } from "./permissions.js";
import type { Actor, Organization, Page, PageRequest, Project } from "./types.js";

/** Atlas's project names: 1..64 characters. */
const MAX_PROJECT_NAME_LENGTH = 64;

/** The organizations the actor belongs to (one, for an API key). */
export async function listOrganizations(ctx: CoreContext, actor: Actor, page?: PageRequest): Promise<Page<Organization>> {
  const row = await findOrganization(ctx.store.db, actor.orgId);
  return paginate(row === undefined ? [] : [toOrganization(row)], page);
}

/** One organization the actor belongs to. */
export async function getOrganization(ctx: CoreContext, actor: Actor, orgId: string): Promise<Organization> {
  if (!isAtlasId(orgId)) throw new CoreError("INVALID_ORG_ID", `An invalid organization ID ${orgId} was specified.`, [orgId]);
  const row = await findOrganization(ctx.store.db, orgId);
  if (row === undefined) throw new CoreError("ORG_NOT_FOUND", `No organization with ID ${orgId} exists.`, [orgId]);
  if (actor.orgId !== orgId) throw new CoreError("USER_UNAUTHORIZED", "Current user is not authorized to perform this action.");
  return toOrganization(row);
}

/**
 * Creates a project in the actor's organization; an actor that is not ORG_OWNER becomes its GROUP_OWNER.
 * Its managed CA is created on first use (see `managed-cas.ts`).
 */
export async function createOrgProject(
  ctx: CoreContext,
  actor: Actor,
  params: { name: string; orgId?: string },
): Promise<Project> {
  const orgId = params.orgId ?? actor.orgId;
  if (!isAtlasId(orgId)) throw new CoreError("INVALID_ORG_ID", `An invalid organization ID ${orgId} was specified.`, [orgId]);
  if (orgId !== actor.orgId || !actor.orgRoles.some((role) => PROJECT_CREATOR_ROLES.includes(role))) {
    throw new CoreError("USER_UNAUTHORIZED", "Current user is not authorized to perform this action.");
  }
  const name = typeof params.name === "string" ? params.name.trim() : "";
  if (name.length === 0) throw new CoreError("MISSING_ATTRIBUTE", "The required attribute name was not specified.", ["name"]);
  if (name.length > MAX_PROJECT_NAME_LENGTH) throw new CoreError("INVALID_ATTRIBUTE", "Invalid attribute name specified.", ["name"]);
  const row = { id: newId(), org_id: orgId, name, created_at: ctx.clock.now().toISOString() };
  try {
    await ctx.store.transaction(async (tx) => {
      if ((await findProjectByName(tx, [orgId], name)) !== undefined) throw duplicateName(name);
      await createProject(tx, row);
      // As in Atlas, whoever creates a project owns it; an ORG_GROUP_CREATOR could not reach it otherwise.
      if (!actor.orgRoles.includes("ORG_OWNER")) {
        const owner = JSON.stringify(["GROUP_OWNER"]);
        if (actor.kind === "API_KEY") await setApiKeyProjectRoles(tx, actor.id, row.id, owner);
        else await setPersonProjectRoles(tx, actor.id, row.id, owner);
      }
      await writeEvent(ctx, tx, { type: "GROUP_CREATED", orgId, projectId: row.id, actor, target: name });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName(name);
    throw error;
  }
  return toProject(row);
}

function duplicateName(name: string): CoreError {
  return new CoreError("GROUP_ALREADY_EXISTS", `A group with name "${name}" already exists.`, [name]);
}

/** Projects the actor can see: all of its organization's for ORG_OWNER/ORG_READ_ONLY, else those it has roles in. */
export async function listVisibleProjects(ctx: CoreContext, actor: Actor, page?: PageRequest): Promise<Page<Project>> {
  const orgIds = actor.orgRoles.some((role) => ORG_WIDE_PROJECT_ROLES.includes(role)) ? [actor.orgId] : [];
  const rows = await listProjectsVisible(ctx.store.db, orgIds, Object.keys(actor.groupRoles));
  return paginate(rows.map(toProject), page);
}

/** One project the actor can read. */
export async function getProject(ctx: CoreContext, actor: Actor, groupId: string): Promise<Project> {
  return toProject(await authorizeProject(ctx, actor, groupId, "PROJECT_READ"));
}

/** One project by name, among those the actor can see. */
export async function getProjectByName(ctx: CoreContext, actor: Actor, name: string): Promise<Project> {
  const row = await findProjectByName(ctx.store.db, [actor.orgId], name);
  if (row === undefined) throw new CoreError("GROUP_NOT_FOUND", `No group with name "${name}" exists.`, [name]);
  return toProject(await authorizeProject(ctx, actor, row.id, "PROJECT_READ"));
}

/** Deletes a project with everything in it. */
export async function deleteOrgProject(ctx: CoreContext, actor: Actor, groupId: string): Promise<void> {
  const project = await authorizeProject(ctx, actor, groupId, "PROJECT_DELETE");
  const change = await ctx.store.transaction(async (tx) => {
    await deleteProject(tx, groupId);
    await writeEvent(ctx, tx, { type: "GROUP_DELETED", orgId: project.org_id, projectId: groupId, actor, target: project.name });
    return markChanged(tx, { projectId: groupId, kind: "PROJECT" });
  });
  ctx.notifier.emit(change);
}
