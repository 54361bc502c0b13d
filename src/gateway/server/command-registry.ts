/**
 * Every command the gateway serves, sorted by name: the gateway's own handlers and the backend
 * commands. A name missing here is answered with CommandNotFound (59), as mongod answers commands
 * it does not have. `preAuth` repeats the authorization table's "runs without authentication" so a
 * test can hold the two together; the dispatcher still authorizes every command.
 */
import { BACKEND_COMMANDS } from "../backends/backend.js";
import type { CommandHandler } from "./cluster-runtime.js";
import { authenticateCommand, connectionStatusCommand, logoutCommand, saslCommand } from "./commands/authenticate-command.js";
import { backendCommand } from "./commands/backend-command.js";
import { helloCommand } from "./commands/hello-command.js";
import { buildInfoCommand, getLogCommand, getParameterCommand, pingCommand, whatsMyUriCommand } from "./commands/server-info-commands.js";

/** One registry row. */
export interface CommandEntry {
  readonly handler: CommandHandler;
  /** Runs before authentication (mongod's `requiresAuth: false`). */
  readonly preAuth: boolean;
  /** mongod still accepts it in a legacy OP_QUERY (check_allowed_op_query_cmd.cpp). */
  readonly opQuery: boolean;
}

const own = (handler: CommandHandler, preAuth: boolean, opQuery = false): CommandEntry => ({ handler, preAuth, opQuery });

const GATEWAY_COMMANDS: ReadonlyArray<readonly [string, CommandEntry]> = [
  ["authenticate", own(authenticateCommand, true, true)],
  ["buildInfo", own(buildInfoCommand, true, true)],
  ["buildinfo", own(buildInfoCommand, true, true)],
  ["connectionStatus", own(connectionStatusCommand, true)],
  ["getLog", own(getLogCommand, false)],
  ["getParameter", own(getParameterCommand, false)],
  ["hello", own(helloCommand, true, true)],
  ["isMaster", own(helloCommand, true, true)],
  ["ismaster", own(helloCommand, true, true)],
  ["logout", own(logoutCommand, true)],
  ["ping", own(pingCommand, true)],
  ["saslContinue", own(saslCommand, true, true)],
  ["saslStart", own(saslCommand, true, true)],
  ["whatsmyuri", own(whatsMyUriCommand, false)],
];

/** The registry: gateway commands and backend commands, sorted by name. */
export const COMMAND_REGISTRY: ReadonlyMap<string, CommandEntry> = new Map(
  [...GATEWAY_COMMANDS, ...BACKEND_COMMANDS.map((name) => [name, own(backendCommand, false)] as const)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
);
