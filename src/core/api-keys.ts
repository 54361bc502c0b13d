/** API keys: create, grant project roles, list, and resolve a public key for HTTP Digest. */
import { randomInt, randomUUID } from "node:crypto";
import { PkiError } from "../pki/pki-error.js";
import { openSecret, sealSecret } from "../pki/secret-box.js";
import {
  createApiKey,
  findAnySealedApiKey,
  findApiKey,
  findApiKeyByPublicKey,
  findApiKeyWithProjectRoles,
  listApiKeyProjectRoles,
  listApiKeys,
  setApiKeyProjectRoles,
  type ApiKeyRow,
} from "../store/repos/api-keys.js";
import type { Kysely } from "kysely";
import type { Database } from "../store/schema.js";
import { authorizeProject } from "./authorize.js";
import { writeEvent, type CoreContext } from "./core-context.js";
import { CoreError } from "./core-error.js";
import type { ApiKeyCredentials } from "./core.js";
import { isAtlasId, newId } from "./ids.js";
import { toApiKey } from "./mappers.js";
import { pageOfRows, parsePageRequest } from "./paging.js";
import { ORG_READER_ROLES } from "./permissions.js";
import {
  GROUP_ROLES,
  ORG_ROLES,
  type Actor,
  type ApiKey,
  type CreatedApiKey,
  type GroupRole,
  type OrgRole,
  type Page,
  type PageRequest,
} from "./types.js";

/** Atlas's API key descriptions are 1..250 characters. */
const MAX_DESCRIPTION_LENGTH = 250;

/** Atlas's public keys are eight lower-case letters. */
function newPublicKey(): string {
  let key = "";
  for (let i = 0; i < 8; i++) key += String.fromCharCode(97 + randomInt(26));
  return key;
}

function keyAssociatedData(apiKeyId: string): string {
  return `api-key:${apiKeyId}`;
}

/** The organization roles the actor holds in `orgId` (none for another organization). */
function orgRolesIn(actor: Actor, orgId: string): readonly OrgRole[] {
  return actor.orgId === orgId ? actor.orgRoles : [];
}

function checkOrgAccess(actor: Actor, orgId: string, allowed: readonly OrgRole[]): void {
  if (!isAtlasId(orgId)) throw new CoreError("INVALID_ORG_ID", `An invalid organization ID ${orgId} was specified.`, [orgId]);
  const roles = orgRolesIn(actor, orgId);
  if (roles.length === 0) throw new CoreError("USER_UNAUTHORIZED", "Current user is not authorized to perform this action.");
  if (!roles.some((role) => allowed.includes(role))) {
    throw new CoreError("USER_UNAUTHORIZED", "Current user is not authorized to perform this action.");
  }
}

function checkRoles<T extends string>(roles: unknown, allowed: readonly T[], field: string): T[] {
  if (!Array.isArray(roles) || roles.length === 0) {
    throw new CoreError("MISSING_ATTRIBUTE", `The required attribute ${field} was not specified.`, [field]);
  }
  for (const role of roles) {
    if (typeof role !== "string" || !(allowed as readonly string[]).includes(role)) {
      throw new CoreError("INVALID_ENUM_VALUE", `An invalid enumeration value ${String(role)} was specified.`, [String(role)]);
    }
  }
  return [...new Set(roles as T[])];
}

/**
 * Inserts a key with a fresh public key (drawn again on the rare clash) and returns it with its private key.
 * Runs inside the caller's transaction.
 */
export async function insertApiKey(
  ctx: CoreContext,
  tx: Kysely<Database>,
  orgId: string,
  desc: string,
  roles: readonly OrgRole[],
): Promise<CreatedApiKey> {
  const id = newId();
  const privateKey = randomUUID();
  const sealed = sealSecret(ctx.masterKey, Buffer.from(privateKey, "utf8"), keyAssociatedData(id)).toString("base64");
  // 26^8 public keys: a clash is rare, and the unique index refuses the one a concurrent creator took.
  for (let attempt = 0; attempt < 5; attempt++) {
    const publicKey = newPublicKey();
    if ((await findApiKeyByPublicKey(tx, publicKey)) !== undefined) continue;
    const row: ApiKeyRow = {
      id,
      org_id: orgId,
      public_key: publicKey,
      sealed_private_key: sealed,
      description: desc,
      org_roles: JSON.stringify(roles),
      created_at: ctx.clock.now().toISOString(),
    };
    await createApiKey(tx, row);
    return { ...toApiKey(row, []), privateKey };
  }
  throw new Error("could not draw an unused API public key in 5 attempts");
}

/** Creates an API key in an organization (ORG_OWNER). */
export async function createOrgApiKey(
  ctx: CoreContext,
  actor: Actor,
  orgId: string,
  params: { desc: string; roles: OrgRole[] },
): Promise<CreatedApiKey> {
  checkOrgAccess(actor, orgId, ["ORG_OWNER"]);
  if (typeof params.desc !== "string" || params.desc.length === 0 || params.desc.length > MAX_DESCRIPTION_LENGTH) {
    throw new CoreError("INVALID_ATTRIBUTE", "Invalid attribute desc specified.", ["desc"]);
  }
  const roles = checkRoles(params.roles, ORG_ROLES, "roles");
  return ctx.store.transaction(async (tx) => {
    const created = await insertApiKey(ctx, tx, orgId, params.desc, roles);
    await writeEvent(ctx, tx, { type: "API_KEY_CREATED", orgId, actor, target: created.publicKey });
    return created;
  });
}

/**
 * Creates an Organization Owner key without an authenticated caller: `certgate admin create-api-key`,
 * for whoever holds the data directory and the master key (the activity feed names "certgate").
 */
export async function createLocalOwnerApiKey(ctx: CoreContext, orgId: string, desc: string): Promise<CreatedApiKey> {
  if (desc.length === 0 || desc.length > MAX_DESCRIPTION_LENGTH) throw new CoreError("INVALID_ATTRIBUTE", "Invalid attribute desc specified.", ["desc"]);
  return ctx.store.transaction(async (tx) => {
    const created = await insertApiKey(ctx, tx, orgId, desc, ["ORG_OWNER"]);
    await writeEvent(ctx, tx, { type: "API_KEY_CREATED", orgId, actor: "certgate", target: created.publicKey });
    return created;
  });
}

/** Grants an organization's key roles in a project, replacing its earlier ones there (GROUP_OWNER). */
export async function assignApiKeyToProject(
  ctx: CoreContext,
  actor: Actor,
  groupId: string,
  apiKeyId: string,
  roles: GroupRole[],
): Promise<ApiKey> {
  const project = await authorizeProject(ctx, actor, groupId, "PROJECT_API_KEYS_WRITE");
  const checked = checkRoles(roles, GROUP_ROLES, "roles");
  return ctx.store.transaction(async (tx) => {
    const key = await findApiKey(tx, apiKeyId);
    // Keys belong to one organization and can only be granted its projects.
    if (key === undefined || key.org_id !== project.org_id) {
      throw new CoreError("API_KEY_NOT_FOUND", `No API key with ID ${apiKeyId} exists in the project's organization.`, [apiKeyId]);
    }
    await setApiKeyProjectRoles(tx, apiKeyId, groupId, JSON.stringify(checked));
    await writeEvent(ctx, tx, { type: "API_KEY_ADDED_TO_GROUP", orgId: project.org_id, projectId: groupId, actor, target: key.public_key });
    return toApiKey(key, await listApiKeyProjectRoles(tx, [apiKeyId]));
  });
}

/** One page of an organization's keys. */
export async function listOrgApiKeys(
  ctx: CoreContext,
  actor: Actor,
  orgId: string,
  page?: PageRequest,
): Promise<Page<ApiKey>> {
  checkOrgAccess(actor, orgId, ORG_READER_ROLES);
  const window = parsePageRequest(page);
  const listed = await listApiKeys(ctx.store.db, orgId, window);
  const grants = await listApiKeyProjectRoles(ctx.store.db, listed.rows.map((r) => r.id));
  return pageOfRows(listed, (row) => toApiKey(row, grants.filter((g) => g.api_key_id === row.id)));
}

/** Resolves a public key to its actor and unsealed private key; `undefined` for an unknown key. */
export async function authenticateApiKey(ctx: CoreContext, publicKey: string): Promise<ApiKeyCredentials | undefined> {
  const found = await findApiKeyWithProjectRoles(ctx.store.db, publicKey);
  if (found === undefined) return undefined;
  const { key: row, grants } = found;
  const groupRoles: Record<string, GroupRole[]> = {};
  for (const grant of grants) groupRoles[grant.project_id] = JSON.parse(grant.roles) as GroupRole[];
  const privateKey = openSecret(ctx.masterKey, Buffer.from(row.sealed_private_key, "base64"), keyAssociatedData(row.id)).toString("utf8");
  const actor: Actor = {
    kind: "API_KEY",
    id: row.id,
    label: row.public_key,
    orgId: row.org_id,
    orgRoles: JSON.parse(row.org_roles) as OrgRole[],
    groupRoles,
  };
  return { actor, privateKey };
}

/** See `Core.apiKeys.masterKeyOpensStore`. */
export async function masterKeyOpensStore(ctx: CoreContext): Promise<boolean> {
  const row = await findAnySealedApiKey(ctx.store.db);
  if (row === undefined) return true;
  try {
    openSecret(ctx.masterKey, Buffer.from(row.sealed_private_key, "base64"), keyAssociatedData(row.id));
    return true;
  } catch (error) {
    if (error instanceof PkiError && error.code === "KEY_DECRYPTION_FAILED") return false;
    throw error;
  }
}
