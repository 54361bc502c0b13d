/** Custom database roles: list, get, create, update (Atlas's PATCH) and delete. */
import type { Kysely } from "kysely";
import { isUniqueViolation } from "../store/constraint-errors.js";
import {
  createCustomRole,
  deleteCustomRole,
  findCustomRole,
  listCustomRoles,
  updateCustomRole,
  type CustomRoleRow,
} from "../store/repos/custom-roles.js";
import { listUsersMentioningRole } from "../store/repos/database-users.js";
import type { Database } from "../store/schema.js";
import { lockProjectForWrite } from "../store/repos/organizations.js";
import { authorizeProject } from "./authorize.js";
import { markChanged, writeEvent, type CoreContext } from "./core-context.js";
import { CoreError } from "./core-error.js";
import {
  checkActions,
  checkHasPermissions,
  checkInheritedRoles,
  checkNoCycle,
  checkRoleName,
} from "./custom-role-validation.js";
import type { Actor, CustomRole, CustomRoleAction, CustomRoleInput, CustomRoleUpdate, DatabaseUserRole, InheritedRole } from "./types.js";

/** A stored role as Atlas's `UserCustomDBRole`. */
export function toCustomRole(row: CustomRoleRow): CustomRole {
  return {
    roleName: row.role_name,
    actions: JSON.parse(row.actions) as CustomRoleAction[],
    inheritedRoles: JSON.parse(row.inherited_roles) as InheritedRole[],
  };
}

function notFound(roleName: string): CoreError {
  return new CoreError("ATLAS_CUSTOM_ROLE_NOT_FOUND", `The specified custom db role ${roleName} does not exist.`, [roleName]);
}

function checkFields(input: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new CoreError("INVALID_ATTRIBUTE", "Invalid attribute body specified.", ["body"]);
  }
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) throw new CoreError("INVALID_ATTRIBUTE", `Invalid attribute ${key} specified.`, [key]);
  }
  return input as Record<string, unknown>;
}

async function inheritanceGraph(db: Kysely<Database>, projectId: string): Promise<Map<string, string[]>> {
  const rows = await listCustomRoles(db, projectId);
  return new Map(rows.map((row) => [row.role_name, toCustomRole(row).inheritedRoles.map((r) => r.role)]));
}

/** The project's custom roles, by name. */
export async function listRoles(ctx: CoreContext, actor: Actor, groupId: string): Promise<CustomRole[]> {
  await authorizeProject(ctx, actor, groupId, "PROJECT_READ");
  return (await listCustomRoles(ctx.store.db, groupId)).map(toCustomRole);
}

/** One custom role. */
export async function getRole(ctx: CoreContext, actor: Actor, groupId: string, roleName: string): Promise<CustomRole> {
  await authorizeProject(ctx, actor, groupId, "PROJECT_READ");
  const row = await findCustomRole(ctx.store.db, groupId, roleName);
  if (row === undefined) throw notFound(roleName);
  return toCustomRole(row);
}

/** Creates a custom role. */
export async function createRole(ctx: CoreContext, actor: Actor, groupId: string, input: CustomRoleInput): Promise<CustomRole> {
  const project = await authorizeProject(ctx, actor, groupId, "DATABASE_ACCESS_WRITE");
  const body = checkFields(input, ["roleName", "actions", "inheritedRoles"]);
  const roleName = checkRoleName(body.roleName);
  const graph = await inheritanceGraph(ctx.store.db, groupId);
  const role: CustomRole = {
    roleName,
    actions: checkActions(body.actions),
    inheritedRoles: checkInheritedRoles(body.inheritedRoles, roleName, new Set(graph.keys())),
  };
  checkHasPermissions(role);
  const now = ctx.clock.now().toISOString();
  const duplicate = new CoreError("ATLAS_CUSTOM_ROLE_NAME_ALREADY_EXISTS", `A custom role with the name ${roleName} already exists.`, [roleName]);
  if (graph.has(roleName)) throw duplicate;
  try {
    const change = await ctx.store.transaction(async (tx) => {
      await lockProjectForWrite(tx, ctx.store.dialect, groupId);
      checkInheritedRoles(role.inheritedRoles, roleName, new Set((await inheritanceGraph(tx, groupId)).keys()));
      await createCustomRole(tx, {
        project_id: groupId,
        role_name: roleName,
        actions: JSON.stringify(role.actions),
        inherited_roles: JSON.stringify(role.inheritedRoles),
        created_at: now,
        updated_at: now,
      });
      await writeEvent(ctx, tx, { type: "MONGODB_ROLE_ADDED", orgId: project.org_id, projectId: groupId, actor, target: roleName });
      return markChanged(tx, { projectId: groupId, kind: "CUSTOM_ROLES" });
    });
    ctx.notifier.emit(change);
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate;
    throw error;
  }
  return role;
}

/** Atlas's PATCH: the fields given (`actions`, `inheritedRoles`) replace the stored ones. */
export async function updateRole(
  ctx: CoreContext,
  actor: Actor,
  groupId: string,
  roleName: string,
  input: CustomRoleUpdate,
): Promise<CustomRole> {
  const project = await authorizeProject(ctx, actor, groupId, "DATABASE_ACCESS_WRITE");
  const body = checkFields(input, ["actions", "inheritedRoles", "roleName"]);
  if (body.roleName !== undefined && body.roleName !== roleName) {
    throw new CoreError("INVALID_ATTRIBUTE", "Invalid attribute roleName specified.", ["roleName"]);
  }
  const row = await findCustomRole(ctx.store.db, groupId, roleName);
  if (row === undefined) throw notFound(roleName);
  const stored = toCustomRole(row);
  const graph = await inheritanceGraph(ctx.store.db, groupId);
  const role: CustomRole = {
    roleName,
    actions: body.actions === undefined ? stored.actions : checkActions(body.actions),
    inheritedRoles:
      body.inheritedRoles === undefined
        ? stored.inheritedRoles
        : checkInheritedRoles(body.inheritedRoles, roleName, new Set(graph.keys())),
  };
  checkHasPermissions(role);
  checkNoCycle(roleName, role.inheritedRoles, graph);
  const change = await ctx.store.transaction(async (tx) => {
    await lockProjectForWrite(tx, ctx.store.dialect, groupId);
    const current = await inheritanceGraph(tx, groupId);
    if (!current.has(roleName)) throw notFound(roleName);
    checkInheritedRoles(role.inheritedRoles, roleName, new Set(current.keys()));
    checkNoCycle(roleName, role.inheritedRoles, current);
    await updateCustomRole(tx, groupId, roleName, {
      actions: JSON.stringify(role.actions),
      inherited_roles: JSON.stringify(role.inheritedRoles),
      updated_at: ctx.clock.now().toISOString(),
    });
    await writeEvent(ctx, tx, { type: "MONGODB_ROLE_UPDATED", orgId: project.org_id, projectId: groupId, actor, target: roleName });
    return markChanged(tx, { projectId: groupId, kind: "CUSTOM_ROLES" });
  });
  ctx.notifier.emit(change);
  return role;
}

/** Deletes a custom role that no user holds and no other custom role inherits. */
export async function deleteRole(ctx: CoreContext, actor: Actor, groupId: string, roleName: string): Promise<void> {
  const project = await authorizeProject(ctx, actor, groupId, "DATABASE_ACCESS_WRITE");
  const change = await ctx.store.transaction(async (tx) => {
    await lockProjectForWrite(tx, ctx.store.dialect, groupId);
    if ((await findCustomRole(tx, groupId, roleName)) === undefined) throw notFound(roleName);
    const users = await listUsersMentioningRole(tx, groupId, roleName);
    const holder = users.find((u) => (JSON.parse(u.roles) as DatabaseUserRole[]).some((r) => r.roleName === roleName));
    if (holder !== undefined) {
      throw new CoreError("ATLAS_CUSTOM_ROLE_IN_USE_BY_USERS", `The custom role ${roleName} is assigned to database user ${holder.username}.`, [
        roleName,
      ]);
    }
    const heirs = [...(await inheritanceGraph(tx, groupId)).entries()].filter(([, inherited]) => inherited.includes(roleName));
    if (heirs.length > 0) {
      throw new CoreError(
        "ATLAS_CUSTOM_ROLE_IN_USE_BY_ROLES",
        `The custom role ${roleName} is inherited by ${heirs.map(([name]) => name).join(", ")}.`,
        [roleName],
      );
    }
    await deleteCustomRole(tx, groupId, roleName);
    await writeEvent(ctx, tx, { type: "MONGODB_ROLE_DELETED", orgId: project.org_id, projectId: groupId, actor, target: roleName });
    return markChanged(tx, { projectId: groupId, kind: "CUSTOM_ROLES" });
  });
  ctx.notifier.emit(change);
}
