/**
 * The per-cluster and per-connection state that command handlers work with.
 */
import type { ObjectId, Document } from "bson";
import type { Logger } from "pino";
import type { ClusterRecord } from "../../core/clusters.js";
import type { DatabaseUser, DatabaseUserRole } from "../../core/index.js";
import type { LdapRolesRequest, LdapRolesResult } from "../../ldap/index.js";
import type { CommandRule, ConnectionAuth } from "../authz/index.js";
import type { Backend } from "../backends/backend.js";
import type { BackendReply } from "../backends/encoded-reply.js";
import type { CursorOrigins } from "./cursor-origins.js";
import type { GatewayEvents } from "./gateway-events.js";
import type { PeerIdentity } from "./peer-identity.js";
import type { ProjectAccess } from "./project-access.js";

/** What every connection of one cluster shares. */
export interface ClusterRuntime {
  readonly cluster: ClusterRecord;
  readonly backend: Backend;
  readonly cursors: CursorOrigins;
  /** The project's current trust, revocations and custom roles. */
  access(): ProjectAccess;
  /** The `$external` user stored under exactly `userName`. */
  findUser(userName: string): Promise<DatabaseUser | undefined>;
  /** The project's LDAP authorization of an X.509 client (see `ldap-grant.ts`). */
  ldapRoles(request: LdapRolesRequest): Promise<LdapRolesResult>;
  /** mongod's cluster-member key of the gateway's own certificate (empty: the rule never matches). */
  readonly serverMembershipKey: string;
  /** `topologyVersion.processId` and the like: fixed for the process. */
  readonly processId: ObjectId;
  readonly log: Logger;
  /** The refusal log, metrics and audit log (`gateway-events.ts`). */
  readonly events: GatewayEvents;
}

/** One client connection's state. */
export interface ConnectionState {
  readonly connectionId: number;
  /** `host:port` of the client, as whatsmyuri reports it. */
  readonly remote: string;
  /** `host:port` the client connected to. */
  readonly local: string;
  /** `host:port` as the client named this gateway (`dialed-address.ts`): the replica-set member `hello` presents. */
  readonly dialed: string;
  /** The client's certificates, leaf first (DER). */
  readonly chain: readonly Buffer[];
  /** The verified identity for the project's current trust set, or undefined with the reason. */
  identity: PeerIdentity | undefined;
  identityFailure: string | undefined;
  /** The authenticated user and privileges; null before authentication (or after logout). */
  auth: ConnectionAuth | null;
  /** The roles LDAP granted at authentication, when LDAP authorized the connection. */
  ldapRoles?: readonly DatabaseUserRole[] | undefined;
  /** A hello with `client` metadata was seen; later ones may not carry it. */
  clientMetadataSeen: boolean;
  /** The last authentication refusal reported, so a driver's retry after `speculativeAuthenticate` is not logged twice. */
  reportedRefusal?: string | undefined;
}

/** One command as a handler receives it. */
export interface CommandCall {
  readonly conn: ConnectionState;
  readonly runtime: ClusterRuntime;
  /** The command's name as the client sent it (possibly an alias). */
  readonly name: string;
  /** mongod's own name of the command (the alias resolved). */
  readonly canonicalName: string;
  /** The command's privilege rule, which getMore re-checks for the cursors it opens. */
  readonly rule: CommandRule;
  /** `$db` (OP_MSG) or the prefix of `<db>.$cmd` (OP_QUERY). */
  readonly db: string;
  /** The body with OP_MSG document sequences spliced in. */
  readonly body: Document;
  /** True when the command arrived as a legacy OP_QUERY. */
  readonly legacy: boolean;
  /** Set by authorization when listDatabases/listCollections must be filtered. */
  readonly filter: "databases" | "collections" | undefined;
}

/**
 * A command implementation; failures may be thrown as `GatewayCommandError`. A reply a backend encoded
 * (see `backends/encoded-reply.ts`) may be returned as it came, to be written through.
 */
export type CommandHandler = (call: CommandCall) => Promise<BackendReply> | BackendReply;
