/**
 * The administration commands, shaped like the Atlas CLI's (`dbusers`, `security customerCerts`,
 * `customDbRoles`, `clusters`, `alerts`, ...), which reach a certgate server over its Admin API; plus `config` for their
 * profiles and `completion` for the shells.
 */
import type { Command } from "commander";
import { registerConfigCommands } from "./config/config-commands.js";
import { registerCustomDbRoleCommands } from "./custom-db-roles/custom-db-roles-commands.js";
import { registerDbUserCommands } from "./dbusers/dbusers-commands.js";
import { registerSecurityCommands } from "./security/customer-certs-commands.js";
import { registerLdapCommands } from "./security/ldap-commands.js";
import { registerCompletionCommand } from "./completion/completion-command.js";
import { registerClusterCommands } from "./clusters/clusters-commands.js";
import { registerAlertCommands } from "./alerts/alerts-commands.js";

/** Adds the administration commands to `program`; `completion` last, so it sees the whole tree. */
export function registerAdminCommands(program: Command): void {
  registerConfigCommands(program);
  registerDbUserCommands(program);
  registerSecurityCommands(program);
  registerLdapCommands(program);
  registerCustomDbRoleCommands(program);
  registerClusterCommands(program);
  registerAlertCommands(program);
  registerCompletionCommand(program);
}
