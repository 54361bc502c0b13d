/** `certgate dbusers create|list|describe|update|delete` (aliases as the Atlas CLI's: `dbuser`, `ls`, `get`). */
import { reversedDnWarning } from "../../pki/dn/index.js";
import type { Command } from "commander";
import { segment } from "../api-client/api-client.js";
import { adminCommand, onRun } from "../admin/admin-command.js";
import { onDelete } from "../admin/delete-command.js";
import { createBody, updateBody, withUserFlags, type UserFlags } from "./user-flags.js";
import { findUser, userPath, type DatabaseUser } from "./user-lookup.js";
import { usersTable } from "./user-table.js";
import { registerCertCommands } from "./certs-commands.js";
import { registerImportCommand } from "./import-command.js";

const AUTH_DB_HELP = "authentication database: $external or admin (default: $external, then admin)";

/** Adds `dbusers ...` to `program`. */
export function registerDbUserCommands(program: Command): void {
  const dbusers = program.command("dbusers").alias("dbuser").description("database users of a project");

  onRun<UserFlags>(
    withUserFlags(
      adminCommand(dbusers, "create [builtInRole...]", "create a database user").requiredOption("-u, --username <username>", "user name; an RFC 2253 DN for CUSTOMER X.509 users"),
    ),
    async (ctx, args, opts) => {
      const projectId = ctx.projectId();
      const body = createBody(projectId, opts, args.flat());
      const orderWarning = body.x509Type === "CUSTOMER" ? reversedDnWarning(opts.username ?? "") : undefined;
      if (orderWarning !== undefined) process.stderr.write(`Warning: ${orderWarning}\n`);
      const user = (await ctx.client().json("POST", `/groups/${segment(projectId)}/databaseUsers`, { body })) as DatabaseUser;
      ctx.print(user, () => `Database user '${user.username}' successfully created.\n`);
    },
  );

  onRun<{ page?: string; limit?: string; usernameContains?: string }>(
    adminCommand(dbusers, "list", "list the project's database users")
      .alias("ls")
      .option("--page <n>", "page number", "1")
      .option("--limit <n>", "users per page (1-500)", "100")
      .option("--usernameContains <text>", "only users whose name contains TEXT, ignoring upper/lower case (the web UI's user search)"),
    async (ctx, _args, opts) => {
      const projectId = ctx.projectId();
      const page = (await ctx.client().json("GET", `/groups/${segment(projectId)}/databaseUsers`, {
        query: { pageNum: opts.page, itemsPerPage: opts.limit, usernameContains: opts.usernameContains },
      })) as { results: DatabaseUser[]; totalCount?: number };
      ctx.print(page, () => {
        if (page.results.length > 0) return usersTable(page.results);
        if ((page.totalCount ?? 0) > 0) return `No database users on page ${opts.page ?? "1"}; the project has ${page.totalCount} matching.\n`;
        return opts.usernameContains === undefined ? "No database users in this project.\n" : `No database user's name contains "${opts.usernameContains}".\n`;
      });
    },
  );

  onRun<{ authDB?: string }>(
    adminCommand(dbusers, "describe <username>", "show one database user").alias("get").option("--authDB <db>", AUTH_DB_HELP),
    async (ctx, [username], opts) => {
      const user = await findUser(ctx.client(), ctx.projectId(), username as string, opts.authDB);
      ctx.print(user, () => usersTable([user]));
    },
  );

  onRun<UserFlags & { authDB?: string }>(
    withUserFlags(adminCommand(dbusers, "update <username>", "change a database user's roles, scopes, password or description").option("--authDB <db>", AUTH_DB_HELP)),
    async (ctx, [username], opts) => {
      const body = updateBody(opts);
      const projectId = ctx.projectId();
      const client = ctx.client();
      const found = await findUser(client, projectId, username as string, opts.authDB);
      const user = (await client.json("PATCH", userPath(projectId, found.databaseName, found.username), { body })) as DatabaseUser;
      ctx.print(user, () => `Successfully updated database user '${user.username}'.\n`);
    },
  );

  onDelete<{ authDB?: string }>(
    adminCommand(dbusers, "delete <username>", "delete a database user (its certificates stop working)").option("--authDB <db>", AUTH_DB_HELP),
    "DB user",
    async (ctx, username, opts) => {
      const projectId = ctx.projectId();
      const found = await findUser(ctx.client(), projectId, username, opts.authDB);
      return {
        path: userPath(projectId, found.databaseName, found.username),
        name: found.username,
        deleted: { deleted: found.username, databaseName: found.databaseName },
      };
    },
  );

  registerCertCommands(dbusers);
  registerImportCommand(dbusers);
}
