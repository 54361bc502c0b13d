/** Database users: create, list, get, update (Atlas's PATCH) and delete. */
import type { Kysely } from "kysely";
import { isUniqueViolation } from "../store/constraint-errors.js";
import { hasUnrevokedCertificates, revokeUserCertificates } from "../store/repos/certificates.js";
import { listCustomRoles } from "../store/repos/custom-roles.js";
import {
  countDatabaseUsers,
  createDatabaseUser,
  deleteDatabaseUser,
  listDatabaseUsers,
  updateDatabaseUser,
  type DatabaseUserRow,
} from "../store/repos/database-users.js";
import type { Database } from "../store/schema.js";
import { authorizeProject } from "./authorize.js";
import { markChanged, markRevocationChange, writeEvent, type CoreContext } from "./core-context.js";
import { CoreError } from "./core-error.js";
import {
  canonicalUsername,
  checkUserBody,
  resolveUser,
  type ResolvedUser,
  type ResolveUserContext,
  type UserBody,
} from "./database-user-validation.js";
import { newId } from "./ids.js";
import { lockProjectForWrite } from "../store/repos/organizations.js";
import { pageOfRows, parsePageRequest } from "./paging.js";
import { hashPassword } from "./password-hash.js";
import { requireUser, toDatabaseUser } from "./user-lookup.js";
import type { Actor, ChangeEvent, DatabaseUser, DatabaseUserInput, Page, PageRequest } from "./types.js";

/**
 * Applies every rule to `body` against the project's custom roles as `db` sees them. Each write runs it
 * twice: before its transaction, so a bad body costs no password hash (scrypt is slow on purpose), and
 * again inside it, under the project lock, against the custom roles as they are then.
 */
async function resolveInProject(db: Kysely<Database>, body: UserBody, context: Omit<ResolveUserContext, "customRoleNames">): Promise<ResolvedUser> {
  const customRoleNames = new Set((await listCustomRoles(db, context.groupId)).map((row) => row.role_name));
  return resolveUser(body, { ...context, customRoleNames });
}

/**
 * How a write that carries a user body starts: the actor must be allowed to change the project's
 * database access, and only then is the body read, so a caller without that right learns nothing
 * from the validation's answer.
 */
async function authorizeUserWrite(
  ctx: CoreContext,
  actor: Actor,
  groupId: string,
  input: DatabaseUserInput,
): Promise<{ project: Awaited<ReturnType<typeof authorizeProject>>; body: UserBody }> {
  const project = await authorizeProject(ctx, actor, groupId, "DATABASE_ACCESS_WRITE");
  return { project, body: checkUserBody(input) };
}

function userColumns(user: DatabaseUser) {
  return {
    x509_type: user.x509Type,
    ldap_auth_type: user.ldapAuthType,
    aws_iam_type: user.awsIAMType,
    oidc_auth_type: user.oidcAuthType,
    roles: JSON.stringify(user.roles),
    scopes: JSON.stringify(user.scopes),
    labels: JSON.stringify(user.labels),
    description: user.description ?? null,
    delete_after_date: user.deleteAfterDate ?? null,
  };
}

function alreadyExists(username: string): CoreError {
  return new CoreError("USER_ALREADY_EXISTS", `A user with username ${username} already exists.`, [username]);
}

/** Creates a user after every Atlas rule passed; the user and its event are one transaction. */
export async function createUser(
  ctx: CoreContext,
  actor: Actor,
  groupId: string,
  input: DatabaseUserInput,
): Promise<DatabaseUser> {
  const { project, body } = await authorizeUserWrite(ctx, actor, groupId, input);
  const now = ctx.clock.now();
  const { password } = await resolveInProject(ctx.store.db, body, { groupId, now });
  const passwordHash = password === undefined ? null : await hashPassword(password);
  let user: DatabaseUser | undefined;
  let change: ChangeEvent;
  try {
    change = await ctx.store.transaction(async (tx) => {
      await lockProjectForWrite(tx, ctx.store.dialect, groupId);
      user = (await resolveInProject(tx, body, { groupId, now })).user;
      if ((await countDatabaseUsers(tx, groupId)) >= ctx.maxDatabaseUsersPerProject) {
        throw new CoreError(
          "GROUP_USERS_LIMIT_EXCEEDED",
          `Groups can contain at most ${ctx.maxDatabaseUsersPerProject} database users.`,
          [String(ctx.maxDatabaseUsersPerProject)],
        );
      }
      const row: DatabaseUserRow = {
        id: newId(),
        project_id: groupId,
        database_name: user.databaseName,
        username: user.username,
        password_hash: passwordHash,
        ...userColumns(user),
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      };
      await createDatabaseUser(tx, row);
      await writeEvent(ctx, tx, { type: "MONGODB_USER_ADDED", orgId: project.org_id, projectId: groupId, actor, target: row.username });
      return markChanged(tx, { projectId: groupId, kind: "DATABASE_USERS" });
    });
  } catch (error) {
    if (isUniqueViolation(error) && user !== undefined) throw alreadyExists(user.username);
    throw error;
  }
  ctx.notifier.emit(change);
  return user as DatabaseUser;
}

/** One page of the project's users, oldest first; `usernameContains` (certgate extension) narrows them by name. */
export async function listUsers(
  ctx: CoreContext,
  actor: Actor,
  groupId: string,
  page?: PageRequest,
  filter: UserListFilter = {},
): Promise<Page<DatabaseUser>> {
  await authorizeProject(ctx, actor, groupId, "PROJECT_READ");
  return pageOfRows(await listDatabaseUsers(ctx.store.db, groupId, parsePageRequest(page), filter), toDatabaseUser);
}

/** What a user list may be narrowed to: names holding a text, ignoring ASCII case. */
export interface UserListFilter {
  usernameContains?: string;
}

/** One user by database and name (a DN may be typed in any equivalent form). */
export async function getUser(
  ctx: CoreContext,
  actor: Actor,
  groupId: string,
  databaseName: string,
  username: string,
): Promise<DatabaseUser> {
  await authorizeProject(ctx, actor, groupId, "PROJECT_READ");
  return toDatabaseUser(await requireUser(ctx.store.db, groupId, databaseName, username));
}

/**
 * Atlas's PATCH: the fields given replace the stored ones and the result must pass every creation rule.
 * The name, the database and the authentication type cannot change.
 */
export async function updateUser(
  ctx: CoreContext,
  actor: Actor,
  groupId: string,
  databaseName: string,
  username: string,
  input: DatabaseUserInput,
): Promise<DatabaseUser> {
  const { project, body: change } = await authorizeUserWrite(ctx, actor, groupId, input);
  const existing = await requireUser(ctx.store.db, groupId, databaseName, username);
  const stored = toDatabaseUser(existing);
  for (const field of ["x509Type", "ldapAuthType", "awsIAMType", "oidcAuthType"] as const) {
    if (change[field] !== undefined && change[field] !== stored[field]) {
      throw new CoreError("AUTH_TYPE_CANNOT_BE_CHANGED", "Cannot modify the authentication type of an existing database user.");
    }
  }
  if (change.databaseName !== undefined && change.databaseName !== stored.databaseName) {
    throw new CoreError("DATABASE_NAME_CANNOT_BE_CHANGED", "Cannot modify the authentication database of an existing database user.");
  }
  if (stored.deleteAfterDate === undefined && change.deleteAfterDate !== undefined && change.deleteAfterDate !== null) {
    throw new CoreError("PERMANENT_ENTITY_CANNOT_BE_MADE_TEMPORARY", "A permanent entity cannot be made temporary.");
  }
  if (typeof change.username === "string" && change.username !== stored.username) {
    let typed: string | undefined;
    try {
      typed = canonicalUsername(change.username, stored);
    } catch {
      typed = undefined;
    }
    if (typed !== stored.username) {
      throw new CoreError("DATABASE_USERNAME_CANNOT_BE_CHANGED", "Cannot modify the username of an existing database user.");
    }
  }
  const merged: UserBody = { ...stored, ...change, username: stored.username };
  const hasStoredPassword = existing.password_hash !== null;
  const { user, password } = await resolveInProject(ctx.store.db, merged, { groupId, now: ctx.clock.now(), hasStoredPassword });
  const passwordHash = password === undefined ? existing.password_hash : await hashPassword(password);
  const notice = await ctx.store.transaction(async (tx) => {
    await lockProjectForWrite(tx, ctx.store.dialect, groupId);
    await resolveInProject(tx, merged, { groupId, now: ctx.clock.now(), hasStoredPassword });
    await updateDatabaseUser(tx, existing.id, {
      ...userColumns(user),
      password_hash: passwordHash,
      updated_at: ctx.clock.now().toISOString(),
    });
    await writeEvent(ctx, tx, { type: "MONGODB_USER_UPDATED", orgId: project.org_id, projectId: groupId, actor, target: user.username });
    return markChanged(tx, { projectId: groupId, kind: "DATABASE_USERS" });
  });
  ctx.notifier.emit(notice);
  return user;
}

/** Deletes a user; its unrevoked managed certificates are revoked in the same transaction. */
export async function deleteUser(
  ctx: CoreContext,
  actor: Actor,
  groupId: string,
  databaseName: string,
  username: string,
): Promise<void> {
  const project = await authorizeProject(ctx, actor, groupId, "DATABASE_ACCESS_WRITE");
  const { notices } = await ctx.store.transaction(async (tx) => {
    const row = await requireUser(tx, groupId, databaseName, username);
    const revocationVersion = (await hasUnrevokedCertificates(tx, row.id)) ? await markRevocationChange(tx, groupId) : undefined;
    if (revocationVersion !== undefined) await revokeUserCertificates(tx, row.id, ctx.clock.now().toISOString(), revocationVersion);
    await deleteDatabaseUser(tx, row.id);
    await writeEvent(ctx, tx, { type: "MONGODB_USER_DELETED", orgId: project.org_id, projectId: groupId, actor, target: row.username });
    const users = await markChanged(tx, { projectId: groupId, kind: "DATABASE_USERS" });
    // One notice per change: the gateway reloads once, and the CRL cache sees the revocation counter.
    return { notices: [revocationVersion === undefined ? users : { ...users, revocationVersion }] };
  });
  for (const notice of notices) ctx.notifier.emit(notice);
}
