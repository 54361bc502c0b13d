/** Builds the core from its dependencies: the one place the use cases are wired together. */
import { randomSerialNumber } from "../pki/serial-number.js";
import { CaSignerCache } from "../pki/ca-signer-cache.js";
import { DEFAULT_KEY_ALGORITHM } from "../pki/key-algorithms.js";
import { systemClock } from "../shared/clock.js";
import { readChangeCounters } from "../store/repos/change-counters.js";
import { listCustomRoles } from "../store/repos/custom-roles.js";
import { listEvents } from "../store/repos/events.js";
import { purgeExpiredNonces, recordNonce, recordNonceUse, useNonce } from "../store/repos/nonces.js";
import { assignApiKeyToProject, authenticateApiKey, masterKeyOpensStore, createOrgApiKey, createLocalOwnerApiKey, listOrgApiKeys } from "./api-keys.js";
import { authorizeProject } from "./authorize.js";
import { bootstrap } from "./bootstrap.js";
import { getCertificatePolicy, setCertificatePolicy } from "./certificate-policy.js";
import { renewCertificate } from "./certificate-renewal.js";
import { currentProjectCrl, issueCertificate, listUserCertificates, projectCrl, revokeUserCertificate } from "./certificates.js";
import { CrlCache } from "./crl-cache.js";
import { CrlPrebuild } from "./crl-prebuild.js";
import { isCertificateRevoked, listRevokedSerials, loadProjectTrust } from "./project-trust.js";
import { ChangeNotifier } from "./change-notifier.js";
import type { Core, CoreOptions } from "./core.js";
import type { CoreContext } from "./core-context.js";
import { createRole, deleteRole, getRole, listRoles, toCustomRole, updateRole } from "./custom-roles.js";
import { createUser, deleteUser, getUser, listUsers, updateUser } from "./database-users.js";
import { toActivityEvent, toProject } from "./mappers.js";
import { pageOfRows, parsePageRequest } from "./paging.js";
import {
  createOrgProject,
  deleteOrgProject,
  getOrganization,
  getProject,
  getProjectByName,
  listOrganizations,
  listVisibleProjects,
} from "./projects.js";
import { toDatabaseUser } from "./user-lookup.js";
import { findDatabaseUser } from "../store/repos/database-users.js";
import { disableCustomerX509, getUserSecurity, listCustomerCaInfo, readUserSecurity, setCustomerCas } from "./user-security.js";
import { deleteUserToDnMapping, getLdapVerify, loadProjectLdapAuthz, saveLdap, verifyLdap } from "./ldap-settings.js";

/** How many nonces `digestNonces.issue` records between purges of the expired ones. */
const NONCE_PURGE_EVERY = 100;

/** Atlas's cap on database users per project. */
export const DEFAULT_MAX_DATABASE_USERS = 100;

/** Creates the core over an open store. */
export function createCore(options: CoreOptions): Core {
  const ctx: CoreContext = {
    store: options.store,
    masterKey: options.masterKey,
    clock: options.clock ?? systemClock,
    notifier: new ChangeNotifier(),
    userKeyAlgorithm: options.userKeyAlgorithm ?? DEFAULT_KEY_ALGORITHM,
    caKeyAlgorithm: options.caKeyAlgorithm ?? DEFAULT_KEY_ALGORITHM,
    maxDatabaseUsersPerProject: options.maxDatabaseUsersPerProject ?? DEFAULT_MAX_DATABASE_USERS,
    keyPool: options.keyPool,
    signerCache: options.signerCache ?? new CaSignerCache(),
    drawSerialNumber: options.drawSerialNumber ?? randomSerialNumber,
    crlCache: new CrlCache(() => (options.clock ?? systemClock).now().getTime()),
    onCrlBuildStart: options.onCrlBuildStart ?? (() => undefined),
    onCustomerCasChanged: options.onCustomerCasChanged ?? (async () => undefined),
  };
  const crlPrebuild = new CrlPrebuild(ctx.notifier, (projectId) => currentProjectCrl(ctx, projectId));
  const db = ctx.store.db;
  let noncesIssued = 0;
  return {
    bootstrap: (params) => bootstrap(ctx, params),
    authorize: async (actor, groupId, permission) => toProject(await authorizeProject(ctx, actor, groupId, permission)),
    organizations: {
      list: (actor, page) => listOrganizations(ctx, actor, page),
      get: (actor, orgId) => getOrganization(ctx, actor, orgId),
    },
    projects: {
      create: (actor, params) => createOrgProject(ctx, actor, params),
      list: (actor, page) => listVisibleProjects(ctx, actor, page),
      get: (actor, groupId) => getProject(ctx, actor, groupId),
      getByName: (actor, name) => getProjectByName(ctx, actor, name),
      delete: (actor, groupId) => deleteOrgProject(ctx, actor, groupId),
    },
    apiKeys: {
      create: (actor, orgId, params) => createOrgApiKey(ctx, actor, orgId, params),
      createLocalOwner: (orgId, desc) => createLocalOwnerApiKey(ctx, orgId, desc),
      assignToProject: (actor, groupId, apiKeyId, roles) => assignApiKeyToProject(ctx, actor, groupId, apiKeyId, roles),
      list: (actor, orgId, page) => listOrgApiKeys(ctx, actor, orgId, page),
      authenticate: (publicKey) => authenticateApiKey(ctx, publicKey),
      masterKeyOpensStore: () => masterKeyOpensStore(ctx),
    },
    databaseUsers: {
      create: (actor, groupId, input) => createUser(ctx, actor, groupId, input),
      list: (actor, groupId, page, filter) => listUsers(ctx, actor, groupId, page, filter),
      get: (actor, groupId, databaseName, username) => getUser(ctx, actor, groupId, databaseName, username),
      update: (actor, groupId, databaseName, username, input) => updateUser(ctx, actor, groupId, databaseName, username, input),
      delete: (actor, groupId, databaseName, username) => deleteUser(ctx, actor, groupId, databaseName, username),
    },
    certificates: {
      issue: (actor, groupId, username, params) => issueCertificate(ctx, actor, groupId, username, params),
      list: (actor, groupId, username, params) => listUserCertificates(ctx, actor, groupId, username, params),
      revoke: (actor, groupId, username, serial) => revokeUserCertificate(ctx, actor, groupId, username, serial),
      crl: async (actor, groupId) => (await projectCrl(ctx, actor, groupId)).pem.toString("latin1"),
      publishedCrl: (actor, groupId) => projectCrl(ctx, actor, groupId),
      renew: (peer, params) => renewCertificate(ctx, peer, params),
      getPolicy: (actor, groupId) => getCertificatePolicy(ctx, actor, groupId),
      setPolicy: (actor, groupId, input) => setCertificatePolicy(ctx, actor, groupId, input),
    },
    userSecurity: {
      get: (actor, groupId) => getUserSecurity(ctx, actor, groupId),
      setCustomerCas: (actor, groupId, cas) => setCustomerCas(ctx, actor, groupId, cas),
      disableCustomerX509: (actor, groupId) => disableCustomerX509(ctx, actor, groupId),
      saveLdap: async (actor, groupId, ldap) => {
        await saveLdap(ctx, actor, groupId, ldap);
        return readUserSecurity(ctx, groupId);
      },
      deleteLdapUserToDnMapping: async (actor, groupId) => {
        await deleteUserToDnMapping(ctx, actor, groupId);
        return readUserSecurity(ctx, groupId);
      },
      verifyLdap: (actor, groupId, params) => verifyLdap(ctx, actor, groupId, params),
      getLdapVerify: (actor, groupId, requestId) => getLdapVerify(ctx, actor, groupId, requestId),
    },
    customRoles: {
      list: (actor, groupId) => listRoles(ctx, actor, groupId),
      get: (actor, groupId, roleName) => getRole(ctx, actor, groupId, roleName),
      create: (actor, groupId, role) => createRole(ctx, actor, groupId, role),
      update: (actor, groupId, roleName, update) => updateRole(ctx, actor, groupId, roleName, update),
      delete: (actor, groupId, roleName) => deleteRole(ctx, actor, groupId, roleName),
    },
    events: {
      list: async (actor, groupId, page) => {
        await authorizeProject(ctx, actor, groupId, "PROJECT_READ");
        return pageOfRows(await listEvents(db, groupId, parsePageRequest(page)), toActivityEvent);
      },
    },
    dataPlane: {
      loadProjectTrust: (projectId, revokedAfter, options) => loadProjectTrust(ctx, projectId, revokedAfter, options),
      listRevokedSerials: (projectId) => listRevokedSerials(ctx, projectId),
      isCertificateRevoked: (projectId, serial) => isCertificateRevoked(ctx, projectId, serial),
      // Exact match only: the gateway passes the name mongod would derive, and a looser match could
      // let a customer certificate with subject CN=<name> reach a MANAGED user of that name.
      findDatabaseUser: async (projectId, databaseName, username) => {
        const row = await findDatabaseUser(db, projectId, databaseName, username);
        return row === undefined ? undefined : toDatabaseUser(row);
      },
      listCustomRoles: async (projectId) => (await listCustomRoles(db, projectId)).map(toCustomRole),
      listCustomerCaInfo: (projectId) => listCustomerCaInfo(ctx, projectId),
      loadLdapAuthorization: (projectId) => loadProjectLdapAuthz(ctx, projectId),
      changeVersions: () => readChangeCounters(db),
    },
    digestNonces: {
      issue: async (nonce, expiresAt) => {
        await recordNonce(db, nonce, expiresAt.toISOString());
        noncesIssued += 1;
        if (noncesIssued % NONCE_PURGE_EVERY === 0) await purgeExpiredNonces(db, ctx.clock.now().toISOString());
      },
      purgeExpired: () => purgeExpiredNonces(db, ctx.clock.now().toISOString()),
      use: (nonce, nonceCount) => useNonce(db, nonce, nonceCount, ctx.clock.now().toISOString()),
      useOrRecord: async (nonce, nonceCount, expiresAt) => {
        const now = ctx.clock.now().toISOString();
        const accepted = await recordNonceUse(db, nonce, nonceCount, expiresAt.toISOString(), now);
        noncesIssued += 1;
        if (noncesIssued % NONCE_PURGE_EVERY === 0) await purgeExpiredNonces(db, now);
        return accepted;
      },
    },
    onChange: (listener) => ctx.notifier.subscribe(listener),
    onRevocationsApplied: (applied) => crlPrebuild.addConsumer(applied),
  };
}
