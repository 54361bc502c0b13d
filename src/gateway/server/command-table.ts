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

/** The other names mongod registers for a command. */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  hello: ["isMaster", "ismaster"],
  buildInfo: ["buildinfo"],
  dataSize: ["datasize"],
  findAndModify: ["findandmodify"],
  dropIndexes: ["deleteIndexes"],
  dbStats: ["dbstats"],
  dbHash: ["dbhash"],
  collStats: ["collstats"],
};

/** The commands mongod still accepts in a legacy OP_QUERY (check_allowed_op_query_cmd.cpp). */
const OP_QUERY_COMMANDS: ReadonlySet<string> = new Set(["hello", "authenticate", "saslStart", "saslContinue", "buildInfo"]);

const HANDLERS: Readonly<Record<Exclude<CommandKind, "gateway">, CommandHandler>> = {
  cursor: backendCommand,
  backend: backendCommand,
  refused: refusedCommand,
};

function spec(name: string, kind: CommandKind, privilege: CommandRule, help: string, handler?: CommandHandler): CommandSpec {
  const chosen = handler ?? (kind === "gateway" ? undefined : HANDLERS[kind]);
  if (chosen === undefined) throw new Error(`command ${name} has no handler`);
  return Object.freeze({
    name,
    aliases: Object.freeze([...(ALIASES[name] ?? [])]),
    kind,
    handler: chosen,
    preAuth: privilege.auth === "none",
    opQuery: OP_QUERY_COMMANDS.has(name),
    privilege,
    help,
  });
}

type Help = string;

/** Commands the gateway answers itself: name → [rule, help, handler]. */
function own(rows: Readonly<Record<string, readonly [CommandRule, Help, CommandHandler]>>): CommandSpec[] {
  return Object.entries(rows).map(([name, [rule, help, handler]]) => spec(name, "gateway", rule, help, handler));
}

/** Commands the backend runs: name → [rule, help]. */
function backend(rows: Readonly<Record<string, readonly [CommandRule, Help]>>): CommandSpec[] {
  return Object.entries(rows).map(([name, [rule, help]]) => spec(name, "backend", rule, help));
}

/** Backend commands whose rule is the action of their own name, placed by `rule`: name → help. */
function backendByOwnAction(rule: (action: number) => CommandRule, rows: Readonly<Record<string, Help>>): CommandSpec[] {
  return Object.entries(rows).map(([name, help]) => {
    const action = (ACTION as Readonly<Record<string, number>>)[name];
    if (action === undefined) throw new Error(`command ${name} has no action of its name`);
    return spec(name, "backend", rule(action), help);
  });
}

const { onCollection: coll, onDatabase: db, onCluster: cluster } = RULE;
const clusterFromAdmin = (action: number): CommandRule => cluster(action, true);

/** explain's rule resolves the explained command's rule through the table. */
const explainRule = RULE.explain((name) => ruleOf(name));

const SASL_HELP = "SASL authentication (no SASL mechanism is offered)";

const SPECS: readonly CommandSpec[] = [
  // Handshake, authentication and connection diagnostics: the gateway's own.
  ...own({
    hello: [RULE.none, "the handshake: server description and X.509 speculative authentication", helloCommand],
    authenticate: [RULE.none, "MONGODB-X509 authentication", authenticateCommand],
    saslStart: [RULE.none, SASL_HELP, saslCommand],
    saslContinue: [RULE.none, SASL_HELP, saslCommand],
    logout: [RULE.none, "ends the connection's authentication", logoutCommand],
    connectionStatus: [RULE.none, "the authenticated user, roles and privileges", connectionStatusCommand],
    buildInfo: [RULE.none, "the server version the gateway presents", buildInfoCommand],
    ping: [RULE.none, "liveness", pingCommand],
    listCommands: [RULE.none, "this table", listCommandsCommand(() => COMMAND_SPECS)],
    whatsmyuri: [RULE.authenticated, "the client's address", whatsMyUriCommand],
    getParameter: [clusterFromAdmin(ACTION.getParameter), "the parameters the gateway reports", getParameterCommand],
    getLog: [clusterFromAdmin(ACTION.getLog), "the in-memory log (always empty)", getLogCommand],
    usersInfo: [RULE.authenticated, "the authenticated user's own user document", usersInfoCommand],
  }),
  // Cursors: checked against the cursor's origin, then run by the backend.
  spec("getMore", "cursor", RULE.authenticated, "the next batch of a cursor", getMoreCommand),
  spec("killCursors", "cursor", RULE.authenticated, "closes cursors", killCursorsCommand),
  ...backend({
    // Sessions and transactions.
    endSessions: [RULE.authenticated, "ends logical sessions"],
    startSession: [RULE.authenticated, "starts a logical session"],
    refreshSessions: [RULE.authenticated, "keeps logical sessions alive"],
    killSessions: [RULE.authenticated, "kills the user's logical sessions"],
    commitTransaction: [RULE.authenticatedOnAdmin, "commits a transaction"],
    abortTransaction: [RULE.authenticatedOnAdmin, "aborts a transaction"],
    // CRUD.
    find: [coll(ACTION.find), "queries a collection"],
    count: [coll(ACTION.find), "counts documents"],
    distinct: [coll(ACTION.find), "distinct values of a field"],
    dataSize: [RULE.onNamespaceField(ACTION.find), "the size of a collection's documents"],
    insert: [RULE.insert, "inserts documents"],
    update: [RULE.update, "updates documents"],
    delete: [coll(ACTION.remove), "deletes documents"],
    findAndModify: [RULE.findAndModify, "updates or removes one document and returns it"],
    aggregate: [RULE.aggregate, "runs an aggregation pipeline"],
    explain: [explainRule, "explains a find, aggregate, count, distinct, update, delete or findAndModify"],
    // Collections, indexes and databases.
    create: [RULE.create, "creates a collection or view"],
    collMod: [RULE.collMod, "changes a collection's options"],
    drop: [coll(ACTION.dropCollection), "drops a collection"],
    listDatabases: [RULE.listDatabases, "lists databases"],
    listCollections: [RULE.listCollections, "lists collections"],
    createIndexes: [coll(ACTION.createIndex), "builds indexes"],
    dropIndexes: [coll(ACTION.dropIndex), "drops indexes"],
    cloneCollectionAsCapped: [RULE.cloneCollectionAsCapped, "copies a collection into a capped one"],
    renameCollection: [RULE.renameCollection, "renames a collection"],
    profile: [db(ACTION.enableProfiler), "the database profiler level"],
    // Server administration and diagnostics (clusterMonitor and clusterManager).
    lockInfo: [clusterFromAdmin(ACTION.serverStatus), "the locks currently held"],
    currentOp: [RULE.currentOp, "operations in progress"],
    killOp: [clusterFromAdmin(ACTION.killop), "kills an operation"],
  }),
  ...backendByOwnAction(coll, {
    listIndexes: "lists a collection's indexes",
    reIndex: "rebuilds a collection's indexes",
    compact: "compacts a collection",
    convertToCapped: "converts a collection to capped",
    validate: "checks a collection's data and indexes",
    createSearchIndexes: "creates Atlas Search indexes",
    dropSearchIndex: "drops an Atlas Search index",
    updateSearchIndex: "changes an Atlas Search index",
    collStats: "a collection's statistics",
  }),
  ...backendByOwnAction(db, {
    dropDatabase: "drops a database",
    dbStats: "a database's statistics",
    dbHash: "hashes of a database's collections",
  }),
  ...backendByOwnAction(cluster, {
    serverStatus: "the server's status",
    hostInfo: "the host's description",
    connPoolStats: "outgoing connection pool statistics",
  }),
  ...backendByOwnAction(clusterFromAdmin, {
    getCmdLineOpts: "the server's command line",
    replSetGetStatus: "the replica set's status",
    replSetGetConfig: "the replica set's configuration",
    top: "per-collection usage times",
    getDefaultRWConcern: "the default read and write concerns",
    setParameter: "sets server parameters",
    rotateCertificates: "reloads the server's certificates",
  }),
  // User and role management: refused to everyone, as Atlas does.
  ...[
    "createUser", "updateUser", "dropUser", "dropAllUsersFromDatabase", "grantRolesToUser", "revokeRolesFromUser",
    "createRole", "updateRole", "dropRole", "dropAllRolesFromDatabase", "grantRolesToRole", "revokeRolesFromRole",
    "grantPrivilegesToRole", "revokePrivilegesFromRole", "rolesInfo", "invalidateUserCache",
  ].map((name) => spec(name, "refused", RULE.refused, "user and role management; refused on the wire, as Atlas does")),
];

/** Every command, sorted by name. */
export const COMMAND_SPECS: readonly CommandSpec[] = Object.freeze([...SPECS].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));

const BY_NAME: ReadonlyMap<string, CommandSpec> = (() => {
  for (const name of [...Object.keys(ALIASES), ...OP_QUERY_COMMANDS]) {
    if (!SPECS.some((entry) => entry.name === name)) throw new Error(`${name} is not a command of the table`);
  }
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
