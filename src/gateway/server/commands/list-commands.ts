/**
 * `listCommands`, which mongod answers before authentication: every command and alias of the
 * command table with mongod's per-command fields.
 */
import { Double, type Document } from "bson";
import type { CommandHandler } from "../cluster-runtime.js";

/** What listCommands reports of a command table entry. */
export interface ListedCommand {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly preAuth: boolean;
  readonly help: string;
  readonly privilege: { readonly adminOnly?: boolean };
}

/** Builds the handler over the table (passed lazily: the table itself lists this command). */
export function listCommandsCommand(commands: () => readonly ListedCommand[]): CommandHandler {
  return () => {
    const listed: Array<[string, Document]> = [];
    for (const command of commands()) {
      const description = {
        help: command.help,
        requiresAuth: !command.preAuth,
        secondaryOk: true,
        adminOnly: command.privilege.adminOnly === true,
        apiVersions: [],
        deprecatedApiVersions: [],
      };
      for (const name of [command.name, ...command.aliases]) listed.push([name, description]);
    }
    listed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { commands: Object.fromEntries(listed), ok: new Double(1) };
  };
}
