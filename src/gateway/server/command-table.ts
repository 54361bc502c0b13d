/**
 * The gateway's one command table: every command of mongod the gateway knows, with its handler,
 * whether it runs before authentication, whether a legacy OP_QUERY may carry it, its aliases and
 * its privilege rule (mongod's, from `authz/command-privileges.ts`).
 *
 * Who answers:
 * - `gateway`: the gateway itself (handshake, authentication, diagnostics about the connection);
 * - `cursor`: getMore and killCursors, checked against the cursor's origin, then the backend;
 * - `backend`: the cluster's backend. The upstream backend forwards every one of them; the embedded
 *   backend implements BACKEND_COMMANDS and answers CommandNotSupported (115) for the rest;
 * - `refused`: user and role management, refused to everyone with Unauthorized (13) as Atlas does.
 * A name that is neither a command nor an alias here is answered with CommandNotFound (59).
 */
import { ACTION, authorizeWithRule, RULE, type AuthorizeResult, type CommandDocument, type CommandRule, type PrivilegeSet } from "../authz/index.js";
import type { CommandHandler } from "./cluster-runtime.js";
import { authenticateCommand, connectionStatusCommand, logoutCommand, saslCommand } from "./commands/authenticate-command.js";
import { backendCommand } from "./commands/backend-command.js";
import { getMoreCommand, killCursorsCommand } from "./commands/cursor-commands.js";
import { helloCommand } from "./commands/hello-command.js";
import { listCommandsCommand } from "./commands/list-commands.js";
import { refusedCommand } from "./commands/refused-command.js";
import { buildInfoCommand, getLogCommand, getParameterCommand, pingCommand, whatsMyUriCommand } from "./commands/server-info-commands.js";
import { usersInfoCommand } from "./commands/users-info-command.js";

/** Who answers a command (see the module comment). */
export type CommandKind = "gateway" | "cursor" | "backend" | "refused";

/** One command of the table. */
export interface CommandSpec {
  /** mongod's name of the command. */
  readonly name: string;
  /** The other names mongod registers for it. */
  readonly aliases: readonly string[];
  readonly kind: CommandKind;
  readonly handler: CommandHandler;
  /** Runs before authentication (mongod's `requiresAuth: false`); follows from the rule. */
  readonly preAuth: boolean;
  /** mongod still accepts it in a legacy OP_QUERY (check_allowed_op_query_cmd.cpp). */
  readonly opQuery: boolean;
  readonly privilege: CommandRule;
  /** One line for listCommands and the docs. */
  readonly help: string;
}

interface SpecOptions {
  aliases?: readonly string[];
  opQuery?: boolean;
}

const HANDLERS: Readonly<Record<Exclude<CommandKind, "gateway">, CommandHandler>> = {
  cursor: backendCommand,
  backend: backendCommand,
  refused: refusedCommand,
};

function spec(name: string, kind: CommandKind, privilege: CommandRule, help: string, handler?: CommandHandler, options: SpecOptions = {}): CommandSpec {
  const chosen = handler ?? (kind === "gateway" ? undefined : HANDLERS[kind]);
  if (chosen === undefined) throw new Error(`command ${name} has no handler`);
  return Object.freeze({
    name,
    aliases: Object.freeze([...(options.aliases ?? [])]),
    kind,
    handler: chosen,
    preAuth: privilege.auth === "none",
    opQuery: options.opQuery ?? false,
    privilege,
    help,
  });
}

const own = (name: string, privilege: CommandRule, help: string, handler: CommandHandler, options?: SpecOptions) => spec(name, "gateway", privilege, help, handler, options);
const backend = (name: string, privilege: CommandRule, help: string, options?: SpecOptions) => spec(name, "backend", privilege, help, undefined, options);
const refused = (name: string) => spec(name, "refused", RULE.refused, "user and role management; refused on the wire, as Atlas does");

const { onCollection: coll, onDatabase: db, onCluster: cluster } = RULE;

/** explain's rule resolves the explained command's rule through the table. */
const explainRule = RULE.explain((name) => ruleOf(name));

const SPECS: readonly CommandSpec[] = [
  // Handshake, authentication and connection diagnostics: the gateway's own.
  own("hello", RULE.none, "the handshake: server description and X.509 speculative authentication", helloCommand, { aliases: ["isMaster", "ismaster"], opQuery: true }),
  own("authenticate", RULE.none, "MONGODB-X509 authentication", authenticateCommand, { opQuery: true }),
  own("saslStart", RULE.none, "SASL authentication (no SASL mechanism is offered)", saslCommand, { opQuery: true }),
  own("saslContinue", RULE.none, "SASL authentication (no SASL mechanism is offered)", saslCommand, { opQuery: true }),
  own("logout", RULE.none, "ends the connection's authentication", logoutCommand),
  own("connectionStatus", RULE.none, "the authenticated user, roles and privileges", connectionStatusCommand),
  own("buildInfo", RULE.none, "the server version the gateway presents", buildInfoCommand, { aliases: ["buildinfo"], opQuery: true }),
  own("ping", RULE.none, "liveness", pingCommand),
  own("listCommands", RULE.none, "this table", listCommandsCommand(() => COMMAND_SPECS)),
  own("whatsmyuri", RULE.authenticated, "the client's address", whatsMyUriCommand),
  own("getParameter", cluster(ACTION.getParameter, true), "the parameters the gateway reports", getParameterCommand),
  own("getLog", cluster(ACTION.getLog, true), "the in-memory log (always empty)", getLogCommand),
  own("usersInfo", RULE.authenticated, "the authenticated user's own user document", usersInfoCommand),
  // Cursors: checked against the cursor's origin, then run by the backend.
  spec("getMore", "cursor", RULE.authenticated, "the next batch of a cursor", getMoreCommand),
  spec("killCursors", "cursor", RULE.authenticated, "closes cursors", killCursorsCommand),
  // Sessions and transactions.
  backend("endSessions", RULE.authenticated, "ends logical sessions"),
  backend("startSession", RULE.authenticated, "starts a logical session"),
  backend("refreshSessions", RULE.authenticated, "keeps logical sessions alive"),
  backend("killSessions", RULE.authenticated, "kills the user's logical sessions"),
  backend("commitTransaction", RULE.authenticatedOnAdmin, "commits a transaction"),
  backend("abortTransaction", RULE.authenticatedOnAdmin, "aborts a transaction"),
  // CRUD.
  backend("find", coll(ACTION.find), "queries a collection"),
  backend("count", coll(ACTION.find), "counts documents"),
  backend("distinct", coll(ACTION.find), "distinct values of a field"),
  backend("dataSize", RULE.onNamespaceField(ACTION.find), "the size of a collection's documents", { aliases: ["datasize"] }),
  backend("insert", RULE.insert, "inserts documents"),
  backend("update", RULE.update, "updates documents"),
  backend("delete", coll(ACTION.remove), "deletes documents"),
  backend("findAndModify", RULE.findAndModify, "updates or removes one document and returns it", { aliases: ["findandmodify"] }),
  backend("aggregate", RULE.aggregate, "runs an aggregation pipeline"),
  backend("explain", explainRule, "explains a find, aggregate, count, distinct, update, delete or findAndModify"),
  // Collections, indexes and databases.
  backend("create", RULE.create, "creates a collection or view"),
  backend("collMod", RULE.collMod, "changes a collection's options"),
  backend("drop", coll(ACTION.dropCollection), "drops a collection"),
  backend("dropDatabase", db(ACTION.dropDatabase), "drops a database"),
  backend("listDatabases", RULE.listDatabases, "lists databases"),
  backend("listCollections", RULE.listCollections, "lists collections"),
  backend("listIndexes", coll(ACTION.listIndexes), "lists a collection's indexes"),
  backend("createIndexes", coll(ACTION.createIndex), "builds indexes"),
  backend("dropIndexes", coll(ACTION.dropIndex), "drops indexes", { aliases: ["deleteIndexes"] }),
  backend("reIndex", coll(ACTION.reIndex), "rebuilds a collection's indexes"),
  backend("compact", coll(ACTION.compact), "compacts a collection"),
  backend("convertToCapped", coll(ACTION.convertToCapped), "converts a collection to capped"),
  backend("cloneCollectionAsCapped", RULE.cloneCollectionAsCapped, "copies a collection into a capped one"),
  backend("renameCollection", RULE.renameCollection, "renames a collection"),
  backend("validate", coll(ACTION.validate), "checks a collection's data and indexes"),
  backend("createSearchIndexes", coll(ACTION.createSearchIndexes), "creates Atlas Search indexes"),
  backend("dropSearchIndex", coll(ACTION.dropSearchIndex), "drops an Atlas Search index"),
  backend("updateSearchIndex", coll(ACTION.updateSearchIndex), "changes an Atlas Search index"),
  backend("profile", db(ACTION.enableProfiler), "the database profiler level"),
  // Statistics.
  backend("dbStats", db(ACTION.dbStats), "a database's statistics", { aliases: ["dbstats"] }),
  backend("dbHash", db(ACTION.dbHash), "hashes of a database's collections", { aliases: ["dbhash"] }),
  backend("collStats", coll(ACTION.collStats), "a collection's statistics", { aliases: ["collstats"] }),
  // Server administration and diagnostics (clusterMonitor and clusterManager).
  backend("serverStatus", cluster(ACTION.serverStatus), "the server's status"),
  backend("hostInfo", cluster(ACTION.hostInfo), "the host's description"),
  backend("getCmdLineOpts", cluster(ACTION.getCmdLineOpts, true), "the server's command line"),
  backend("replSetGetStatus", cluster(ACTION.replSetGetStatus, true), "the replica set's status"),
  backend("replSetGetConfig", cluster(ACTION.replSetGetConfig, true), "the replica set's configuration"),
  backend("top", cluster(ACTION.top, true), "per-collection usage times"),
  backend("lockInfo", cluster(ACTION.serverStatus, true), "the locks currently held"),
  backend("connPoolStats", cluster(ACTION.connPoolStats), "outgoing connection pool statistics"),
  backend("getDefaultRWConcern", cluster(ACTION.getDefaultRWConcern, true), "the default read and write concerns"),
  backend("currentOp", RULE.currentOp, "operations in progress"),
  backend("killOp", cluster(ACTION.killop, true), "kills an operation"),
  backend("setParameter", cluster(ACTION.setParameter, true), "sets server parameters"),
  backend("rotateCertificates", cluster(ACTION.rotateCertificates, true), "reloads the server's certificates"),
  // User and role management: refused to everyone.
  ...[
    "createUser", "updateUser", "dropUser", "dropAllUsersFromDatabase", "grantRolesToUser", "revokeRolesFromUser",
    "createRole", "updateRole", "dropRole", "dropAllRolesFromDatabase", "grantRolesToRole", "revokeRolesFromRole",
    "grantPrivilegesToRole", "revokePrivilegesFromRole", "rolesInfo", "invalidateUserCache",
  ].map(refused),
];

/** Every command, sorted by name. */
export const COMMAND_SPECS: readonly CommandSpec[] = Object.freeze([...SPECS].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));

const BY_NAME: ReadonlyMap<string, CommandSpec> = (() => {
  const map = new Map<string, CommandSpec>();
  for (const entry of COMMAND_SPECS) {
    for (const name of [entry.name, ...entry.aliases]) {
      if (map.has(name)) throw new Error(`command name ${name} appears twice in the command table`);
      map.set(name, entry);
    }
  }
  return map;
})();

/** The command a name (or alias) designates. */
export function lookupCommand(name: string): CommandSpec | undefined {
  return BY_NAME.get(name);
}

/** The privilege rule of a command name or alias. */
export function ruleOf(name: string): CommandRule | undefined {
  return BY_NAME.get(name)?.privilege;
}

/** Authorizes a command by name (or alias) with its table rule; unknown names are refused. */
export function authorizeCommand(
  privileges: PrivilegeSet | null,
  name: string,
  db: string,
  body: CommandDocument,
  displayBody: CommandDocument = body,
): AuthorizeResult {
  return authorizeWithRule(ruleOf(name), privileges, name, db, body, displayBody);
}
