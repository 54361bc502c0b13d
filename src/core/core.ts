/**
 * The core's surface: every use case the API, CLI, UI and gateway call. The core knows nothing of HTTP.
 *
 * Design principles:
 * 1. Every operator-facing method takes the `Actor` first and authorizes it itself, so no caller can
 *    forget the check; the permission each method needs is listed in `permissions.ts`.
 * 2. Every change is one store transaction, and the activity-feed event is written in that transaction.
 * 3. Failures are `CoreError`s whose `code` is Atlas's `errorCode`; anything else is a bug or an outage.
 * 4. Change notifications are emitted only after the transaction has committed.
 */
import type { Clock } from "../shared/clock.js";
import type { KeyAlgorithm } from "../pki/key-algorithms.js";
import type { CaSignerCache } from "../pki/ca-signer-cache.js";
import type { KeyPool } from "../pki/key-pool.js";
import type { MasterKey } from "../pki/master-key.js";
import type { Kysely } from "kysely";
import type { Database } from "../store/schema.js";
import type { Store } from "../store/store.js";
import type { ProjectLdapAuthz } from "../ldap/index.js";
import type { LdapVerifyJob } from "./ldap-settings.js";
import type { CertificatePolicy } from "./certificate-policy.js";
import type { ProjectTrustOptions } from "./project-trust.js";
import type { PublishedCrl } from "./crl-cache.js";
import type {
  ActivityEvent,
  Actor,
  ApiKey,
  BootstrapResult,
  ChangeEvent,
  CreatedApiKey,
  CustomRole,
  CustomRoleInput,
  CustomRoleUpdate,
  CustomerCaInfo,
  DatabaseUser,
  DatabaseUserInput,
  GroupRole,
  IssueCertificateParams,
  IssuedCertificate,
  Organization,
  OrgRole,
  Page,
  PageRequest,
  Permission,
  Project,
  ProjectTrust,
  UserCert,
  UserSecurity,
} from "./types.js";

/** What the core is built from. */
export interface CoreOptions {
  store: Store;
  masterKey: MasterKey;
  /** Defaults to the wall clock. */
  clock?: Clock;
  /** Key algorithm of issued user certificates; Atlas uses RSA-4096 (the default). */
  userKeyAlgorithm?: KeyAlgorithm;
  /** Key algorithm of new managed project CAs; defaults to RSA-4096. */
  caKeyAlgorithm?: KeyAlgorithm;
  /** Atlas caps a project at 100 database users; certgate keeps that default. */
  maxDatabaseUsersPerProject?: number;
  /** Pre-generated user keys (see `KeyPool`); the caller owns it and closes it. */
  keyPool?: KeyPool;
  /** Where opened CA signing keys are kept between issues; a new cache when absent. */
  signerCache?: CaSignerCache;
  /** Draws certificate serials; random ones (`randomSerialNumber`) when absent. Tests use it to force a clash. */
  drawSerialNumber?: () => bigint;
  /**
   * Called inside the transaction that uploaded or removed a project's customer CAs, after the change;
   * the server passes the alerts' hook, which keeps the CA-expiry alert configuration in step.
   */
  onCustomerCasChanged?: CustomerCasChangedHook;
  /** Observer: a project's CRL build is starting. */
  onCrlBuildStart?: (projectId: string) => void;
}

/** What runs inside the transaction of a change to a project's customer CAs. */
export type CustomerCasChangedHook = (tx: Kysely<Database>, projectId: string, now: Date) => Promise<void>;

/** Names for what `bootstrap` creates. */
export interface BootstrapParams {
  orgName?: string;
  projectName?: string;
  keyDescription?: string;
}

/** Options of `certificates.list`. */
export interface ListCertificatesParams extends PageRequest {
  /** certgate extension: include expired (and revoked) certificates, which Atlas's list leaves out. */
  includeExpired?: boolean;
}

/** A verified API key: the actor it stands for and the private key HTTP Digest needs. */
export interface ApiKeyCredentials {
  actor: Actor;
  privateKey: string;
}

/** The use cases. */
export interface Core {
  /**
   * Creates the first organization, project "Project0" and an ORG_OWNER API key. When the store already
   * holds an organization it changes nothing and answers `initialized: false` with the existing ids.
   */
  bootstrap(params?: BootstrapParams): Promise<BootstrapResult>;

  /**
   * Checks that `actor` may do `permission` in project `groupId` and returns the project.
   * Throws INVALID_GROUP_ID, GROUP_NOT_FOUND, NOT_IN_GROUP (no access to the project) or USER_UNAUTHORIZED (no role).
   */
  authorize(actor: Actor, groupId: string, permission: Permission): Promise<Project>;

  organizations: {
    /** The organizations the actor belongs to. */
    list(actor: Actor, page?: PageRequest): Promise<Page<Organization>>;
    get(actor: Actor, orgId: string): Promise<Organization>;
  };

  projects: {
    /** Creates a project in the actor's organization (ORG_OWNER or ORG_GROUP_CREATOR). */
    create(actor: Actor, params: { name: string; orgId?: string }): Promise<Project>;
    /** Projects the actor can see, oldest first. */
    list(actor: Actor, page?: PageRequest): Promise<Page<Project>>;
    get(actor: Actor, groupId: string): Promise<Project>;
    getByName(actor: Actor, name: string): Promise<Project>;
    /** Deletes the project with everything in it (GROUP_OWNER). */
    delete(actor: Actor, groupId: string): Promise<void>;
  };

  apiKeys: {
    /** Creates an API key in an organization with organization roles (ORG_OWNER). */
    create(actor: Actor, orgId: string, params: { desc: string; roles: OrgRole[] }): Promise<CreatedApiKey>;
    /** Creates an Organization Owner key with no caller to authorize: local recovery (`certgate admin create-api-key`). */
    createLocalOwner(orgId: string, desc: string): Promise<CreatedApiKey>;
    /** Grants an organization's API key roles in a project, replacing its earlier roles there (GROUP_OWNER). */
    assignToProject(actor: Actor, groupId: string, apiKeyId: string, roles: GroupRole[]): Promise<ApiKey>;
    /** The organization's API keys (ORG_OWNER, ORG_READ_ONLY, ORG_MEMBER). */
    list(actor: Actor, orgId: string, page?: PageRequest): Promise<Page<ApiKey>>;
    /** Looks up a key by its public key for HTTP Digest; `undefined` when there is none. Not authorized. */
    authenticate(publicKey: string): Promise<ApiKeyCredentials | undefined>;
    /**
     * Whether the master key opens the secrets this store holds (checked on one sealed API key);
     * true for a store without keys yet.
     */
    masterKeyOpensStore(): Promise<boolean>;
  };

  databaseUsers: {
    create(actor: Actor, groupId: string, input: DatabaseUserInput): Promise<DatabaseUser>;
    /** `filter.usernameContains` (certgate extension) keeps the users whose name holds that text, ignoring ASCII case. */
    list(actor: Actor, groupId: string, page?: PageRequest, filter?: { usernameContains?: string }): Promise<Page<DatabaseUser>>;
    get(actor: Actor, groupId: string, databaseName: string, username: string): Promise<DatabaseUser>;
    /** Atlas's PATCH: fields given replace the stored ones; name, database and auth type cannot change. */
    update(
      actor: Actor,
      groupId: string,
      databaseName: string,
      username: string,
      input: DatabaseUserInput,
    ): Promise<DatabaseUser>;
    /** Deletes the user and revokes its managed certificates. */
    delete(actor: Actor, groupId: string, databaseName: string, username: string): Promise<void>;
  };

  certificates: {
    /**
     * Issues a managed certificate (`monthsUntilExpiration` 1..24, default 3) to a MANAGED `$external` user;
     * extensions: `csr` (sign the request's key, answer the certificate alone) and `validity` (short-lived).
     */
    issue(actor: Actor, groupId: string, username: string, params?: IssueCertificateParams): Promise<IssuedCertificate>;
    /** The user's unexpired certificates, oldest first (all of them with `includeExpired`). */
    list(actor: Actor, groupId: string, username: string, params?: ListCertificatesParams): Promise<Page<UserCert>>;
    /** certgate extension: revokes one of the user's certificates by serial. */
    revoke(actor: Actor, groupId: string, username: string, serial: bigint): Promise<UserCert>;
    /** certgate extension: the project's current CRL (PEM), signed by its newest managed CA. */
    crl(actor: Actor, groupId: string): Promise<string>;
    /** The same CRL as it is served: PEM bytes, gzip-compressed bytes and ETag, computed once per build. */
    publishedCrl(actor: Actor, groupId: string): Promise<PublishedCrl>;
    /**
     * certgate extension: renews the managed certificate the client presented over mutual TLS (DER),
     * without an operator; refused with RENEWAL_CERTIFICATE_REFUSED naming the reason.
     */
    renew(peerCertificateDer: Buffer | undefined, params?: { revokeCurrent?: boolean }): Promise<IssuedCertificate>;
    /** certgate extension: the project's maximum lifetime of short-lived certificates. */
    getPolicy(actor: Actor, groupId: string): Promise<CertificatePolicy>;
    setPolicy(actor: Actor, groupId: string, input: { maxValidity?: unknown }): Promise<CertificatePolicy>;
  };

  userSecurity: {
    get(actor: Actor, groupId: string): Promise<UserSecurity>;
    /** Validates and stores the customer CA bundle; every problem is reported in one INVALID_ATTRIBUTE error. */
    setCustomerCas(actor: Actor, groupId: string, cas: string): Promise<UserSecurity>;
    disableCustomerX509(actor: Actor, groupId: string): Promise<UserSecurity>;
    /** Applies Atlas's `ldap` settings from a PATCH (fields given replace the stored ones; `bindPassword` is write-only). */
    saveLdap(actor: Actor, groupId: string, ldap: unknown): Promise<UserSecurity>;
    /** Removes the `userToDNMapping` rules and keeps the other LDAP settings. */
    deleteLdapUserToDnMapping(actor: Actor, groupId: string): Promise<UserSecurity>;
    /** Runs Atlas's LDAP checks (connect, bind, query template) and records the outcome under a `requestId`. */
    verifyLdap(actor: Actor, groupId: string, params: unknown): Promise<LdapVerifyJob>;
    getLdapVerify(actor: Actor, groupId: string, requestId: string): Promise<LdapVerifyJob>;
  };

  customRoles: {
    /** All custom roles of the project (Atlas does not page this list). */
    list(actor: Actor, groupId: string): Promise<CustomRole[]>;
    get(actor: Actor, groupId: string, roleName: string): Promise<CustomRole>;
    create(actor: Actor, groupId: string, role: CustomRoleInput): Promise<CustomRole>;
    update(actor: Actor, groupId: string, roleName: string, update: CustomRoleUpdate): Promise<CustomRole>;
    delete(actor: Actor, groupId: string, roleName: string): Promise<void>;
  };

  events: {
    /** The project's activity feed, newest first. */
    list(actor: Actor, groupId: string, page?: PageRequest): Promise<Page<ActivityEvent>>;
  };

  /** Reads for the data plane (gateway); they trust their caller and take no actor. */
  dataPlane: {
    /**
     * The project's CAs and revoked serials; with `revokedAfter` (the `revocationVersion` of an earlier
     * load) only the serials revoked since.
     */
    loadProjectTrust(projectId: string, revokedAfter?: number, options?: ProjectTrustOptions): Promise<ProjectTrust>;
    /** The serials of the project's unexpired revoked certificates, in pages (a gateway's background load). */
    listRevokedSerials(projectId: string): AsyncIterable<string[]>;
    /** Whether a certificate the project's managed CAs issued with this serial is revoked (one indexed lookup). */
    isCertificateRevoked(projectId: string, serial: string): Promise<boolean>;
    /** The user stored under exactly this name (the name mongod derives from the client certificate). */
    findDatabaseUser(projectId: string, databaseName: string, username: string): Promise<DatabaseUser | undefined>;
    listCustomRoles(projectId: string): Promise<CustomRole[]>;
    /**
     * Every project's change counter. An instance that did not make a change learns of it by polling
     * this (one small query) and reloading the projects whose counter moved.
     */
    changeVersions(): Promise<Map<string, number>>;
    /** What was extracted from each certificate of the customer CA bundle (for the CA-expiry alert). */
    listCustomerCaInfo(projectId: string): Promise<CustomerCaInfo[]>;
    /** The project's LDAP authorization (server, rules, GROUP users' roles); `undefined` while it is off. */
    loadLdapAuthorization(projectId: string): Promise<ProjectLdapAuthz | undefined>;
  };

  /** One-time HTTP Digest nonces. */
  digestNonces: {
    /** Records a nonce the server just handed out. */
    issue(nonce: string, expiresAt: Date): Promise<void>;
    /**
     * Accepts `nonceCount` for `nonce` only if the nonce exists, has not expired and `nonceCount` is greater
     * than every count seen before (compare-and-swap, so a replay fails even across API instances).
     */
    use(nonce: string, nonceCount: number): Promise<"ok" | "unknown" | "expired" | "replayed">;
    /**
     * `issue` and `use` in one atomic write, for a nonce whose signature and age the caller verified:
     * records it with `nonceCount` if it is new, else accepts `nonceCount` only if it is greater than
     * every count seen before and the nonce has not expired. True when the count was accepted.
     */
    useOrRecord(nonce: string, nonceCount: number, expiresAt: Date): Promise<boolean>;
    /** Deletes expired nonces; `issue` also does it every 100 calls so the table stays small. */
    purgeExpired(): Promise<number>;
  };

  /**
   * Subscribes to committed changes. In-process only: with several instances on PostgreSQL, each
   * gateway would also poll (or LISTEN on) a change counter per project; see `change-notifier.ts`.
   * Returns the unsubscribe function.
   */
  onChange(listener: (event: ChangeEvent) => void): () => void;

  /**
   * Registers a consumer of revocations in this process (a gateway): after a revocation, the core builds
   * the project's new CRL ahead of requests only once `applied(projectId)` has resolved, so the build does
   * not compete with the consumer's reload. Returns the function that removes the consumer.
   */
  onRevocationsApplied(applied: (projectId: string) => Promise<void>): () => void;
}
