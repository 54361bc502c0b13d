/**
 * `userSecurity.ldap`: a project's LDAP settings, Atlas's verify requests, and what the gateway reads
 * to authorize X.509 clients through LDAP.
 *
 * - PATCH semantics: the fields given replace the stored ones; `caCertificate: ""` and
 *   `authzQueryTemplate: ""` remove the value, `userToDNMapping: null` removes the rules.
 * - `bindPassword` is write-only: sealed with the master key (bound to the project's id) and never shown.
 * - Verify runs the checks at once (bounded by the LDAP timeouts) and stores the outcome, so the POST
 *   already answers with the final status and `GET verify/{requestId}` returns the same record.
 */
import type { Kysely } from "kysely";
import {
  DEFAULT_AUTHZ_QUERY_TEMPLATE,
  DEFAULT_LDAP_TIMEOUTS,
  verifyLdapConnectivity,
  type LdapServer,
  type ProjectLdapAuthz,
} from "../ldap/index.js";
import { openSecret, sealSecret } from "../pki/secret-box.js";
import type { Database } from "../store/schema.js";
import { listLdapGroupUsers } from "../store/repos/database-users.js";
import { findLdapSettings, findLdapVerifyRequest, insertLdapVerifyRequest, saveLdapSettings, type LdapSettingsRow } from "../store/repos/ldap.js";
import { authorizeProject } from "./authorize.js";
import { markChanged, writeEvent, type CoreContext } from "./core-context.js";
import { CoreError } from "./core-error.js";
import { isAtlasId, newId } from "./ids.js";
import {
  checkEnabledSettingsComplete,
  checkLdapSettingsChange,
  checkLdapVerifyRequest,
  DEFAULT_LDAP_PORT,
  type LdapSettingsView,
  type LdapVerifyRequest,
} from "./ldap-settings-validation.js";
import type { Actor, DatabaseUserRole } from "./types.js";
import { setOwn } from "../shared/own-property.js";

/** Atlas's `LDAPVerifyConnectivityJobRequest` without its `links`. */
export interface LdapVerifyJob {
  groupId: string;
  requestId: string;
  request: { hostname: string; port: number; bindUsername: string; authzQueryTemplate: string; caCertificate?: string };
  status: string;
  validations: { validationType: string; status: string; reason?: string }[];
}

function passwordAssociatedData(projectId: string): string {
  return `ldap-bind-password:${projectId}`;
}

function viewOf(row: LdapSettingsRow | undefined): LdapSettingsView {
  return row === undefined ? {} : (JSON.parse(row.settings) as LdapSettingsView);
}

/** The `ldap` object of the project's `UserSecurity`: `{}` until something is saved. */
export async function readLdapView(db: Kysely<Database>, projectId: string): Promise<LdapSettingsView> {
  return viewOf(await findLdapSettings(db, projectId));
}

/** Applies a checked PATCH of `ldap` (GROUP_OWNER); the caller then answers with the whole UserSecurity. */
export async function saveLdap(ctx: CoreContext, actor: Actor, groupId: string, input: unknown): Promise<void> {
  const project = await authorizeProject(ctx, actor, groupId, "USER_SECURITY_WRITE");
  const change = checkLdapSettingsChange(input);
  const notice = await ctx.store.transaction(async (tx) => {
    const row = await findLdapSettings(tx, groupId);
    const settings: Record<string, unknown> = { authenticationEnabled: false, authorizationEnabled: false, ...viewOf(row) };
    for (const [key, value] of Object.entries(change.fields)) {
      if (value === null) delete settings[key];
      else setOwn(settings, key, value);
    }
    const sealed =
      change.bindPassword === undefined
        ? (row?.sealed_bind_password ?? null)
        : sealSecret(ctx.masterKey, Buffer.from(change.bindPassword, "utf8"), passwordAssociatedData(groupId)).toString("base64");
    checkEnabledSettingsComplete(settings as LdapSettingsView, sealed !== null);
    await saveLdapSettings(tx, { project_id: groupId, settings: JSON.stringify(settings), sealed_bind_password: sealed, updated_at: ctx.clock.now().toISOString() });
    await writeEvent(ctx, tx, {
      type: "USER_SECURITY_SETTINGS_UPDATED",
      orgId: project.org_id,
      projectId: groupId,
      actor,
      target: `ldap: authentication ${settings.authenticationEnabled ? "on" : "off"}, authorization ${settings.authorizationEnabled ? "on" : "off"}`,
    });
    return markChanged(tx, { projectId: groupId, kind: "PROJECT" });
  });
  ctx.notifier.emit(notice);
}

/** Atlas's DELETE `userSecurity/ldap/userToDNMapping`: removes the mapping rules, keeps the rest. */
export async function deleteUserToDnMapping(ctx: CoreContext, actor: Actor, groupId: string): Promise<void> {
  const project = await authorizeProject(ctx, actor, groupId, "USER_SECURITY_WRITE");
  const notice = await ctx.store.transaction(async (tx) => {
    const row = await findLdapSettings(tx, groupId);
    const settings = viewOf(row);
    if (row === undefined || settings.userToDNMapping === undefined) return undefined;
    delete settings.userToDNMapping;
    await saveLdapSettings(tx, { ...row, settings: JSON.stringify(settings), updated_at: ctx.clock.now().toISOString() });
    await writeEvent(ctx, tx, { type: "USER_SECURITY_SETTINGS_UPDATED", orgId: project.org_id, projectId: groupId, actor, target: "ldap: userToDNMapping deleted" });
    return markChanged(tx, { projectId: groupId, kind: "PROJECT" });
  });
  if (notice !== undefined) ctx.notifier.emit(notice);
}

function serverOf(request: LdapVerifyRequest): LdapServer {
  const server: LdapServer = {
    hostname: request.hostname,
    port: request.port,
    transport: request.transportSecurity ?? "TLS",
    bindUsername: request.bindUsername,
    bindPassword: request.bindPassword,
  };
  if (request.caCertificate !== undefined && request.caCertificate !== "") server.caCertificate = request.caCertificate;
  return server;
}

function toJob(row: { id: string; project_id: string; request: string; status: string; validations: string }): LdapVerifyJob {
  return {
    groupId: row.project_id,
    requestId: row.id,
    request: JSON.parse(row.request) as LdapVerifyJob["request"],
    status: row.status,
    validations: JSON.parse(row.validations) as LdapVerifyJob["validations"],
  };
}

/** Atlas's POST `userSecurity/ldap/verify` (GROUP_OWNER): runs the checks and records the outcome. */
export async function verifyLdap(ctx: CoreContext, actor: Actor, groupId: string, input: unknown): Promise<LdapVerifyJob> {
  await authorizeProject(ctx, actor, groupId, "USER_SECURITY_WRITE");
  const request = checkLdapVerifyRequest(input);
  const outcome = await verifyLdapConnectivity({ server: serverOf(request), authzQueryTemplate: request.authzQueryTemplate ?? "" }, DEFAULT_LDAP_TIMEOUTS);
  const echoed: LdapVerifyJob["request"] = {
    authzQueryTemplate: request.authzQueryTemplate ?? "",
    bindUsername: request.bindUsername,
    hostname: request.hostname,
    port: request.port,
  };
  if (request.caCertificate !== undefined && request.caCertificate !== "") echoed.caCertificate = request.caCertificate;
  const row = {
    id: newId(),
    project_id: groupId,
    request: JSON.stringify(echoed),
    status: outcome.status,
    validations: JSON.stringify(outcome.validations),
    created_at: ctx.clock.now().toISOString(),
  };
  await insertLdapVerifyRequest(ctx.store.db, row);
  return toJob(row);
}

/** Atlas's GET `userSecurity/ldap/verify/{requestId}` (GROUP_OWNER). */
export async function getLdapVerify(ctx: CoreContext, actor: Actor, groupId: string, requestId: string): Promise<LdapVerifyJob> {
  await authorizeProject(ctx, actor, groupId, "USER_SECURITY_READ");
  const row = isAtlasId(requestId) ? await findLdapVerifyRequest(ctx.store.db, groupId, requestId) : undefined;
  if (row === undefined) {
    throw new CoreError("LDAP_VERIFY_CONNECTIVITY_REQUEST_NOT_FOUND", `No LDAP verify connectivity request with ID ${requestId} exists.`, [requestId]);
  }
  return toJob(row);
}

/**
 * The project's LDAP authorization for the gateway: `undefined` unless `authorizationEnabled` is on.
 * Read on every authentication, so a change of settings or of GROUP users applies to the next client.
 */
export async function loadProjectLdapAuthz(ctx: CoreContext, projectId: string): Promise<ProjectLdapAuthz | undefined> {
  const row = await findLdapSettings(ctx.store.db, projectId);
  const settings = viewOf(row);
  if (row === undefined || settings.authorizationEnabled !== true || settings.hostname === undefined || settings.bindUsername === undefined) return undefined;
  if (row.sealed_bind_password === null) return undefined;
  const server: LdapServer = {
    hostname: settings.hostname,
    port: settings.port ?? DEFAULT_LDAP_PORT,
    transport: settings.transportSecurity ?? "TLS",
    bindUsername: settings.bindUsername,
    bindPassword: openSecret(ctx.masterKey, Buffer.from(row.sealed_bind_password, "base64"), passwordAssociatedData(projectId)).toString("utf8"),
  };
  if (settings.caCertificate !== undefined) server.caCertificate = settings.caCertificate;
  const users = await listLdapGroupUsers(ctx.store.db, projectId);
  return {
    config: {
      server,
      userToDnMapping: settings.userToDNMapping ?? [],
      authzQueryTemplate: settings.authzQueryTemplate ?? DEFAULT_AUTHZ_QUERY_TEMPLATE,
    },
    groupUsers: users.map((u) => ({ username: u.username, roles: JSON.parse(u.roles) as DatabaseUserRole[] })),
  };
}
