/** `certgate customDbRoles create|list|describe|update|delete`, as the Atlas CLI's. */
import type { Command } from "commander";
import { segment } from "../api-client/api-client.js";
import { renderTable } from "../api-client/table.js";
import { adminCommand, onRun } from "../admin/admin-command.js";
import { onDelete } from "../admin/delete-command.js";
import { collectList } from "../admin/list-option.js";
import { parseInheritedRoles, parsePrivileges, privilegeText, type CustomDbRole } from "./privileges.js";

interface RoleFlags {
  privilege?: string[];
  inheritedRole?: string[];
  append?: boolean;
}

/** Adds `customDbRoles ...` to `program`. */
export function registerCustomDbRoleCommands(program: Command): void {
  const roles = program.command("customDbRoles").alias("customDbRole").description("custom database roles of a project");
  const rolesPath = (projectId: string) => `/groups/${segment(projectId)}/customDBRoles/roles`;
  const withRoleFlags = (command: Command) =>
    command
      .option("--privilege <ACTION@DB.COLLECTION>", "privilege(s), comma separated or repeated; no @DB means the cluster", collectList)
      .option("--inheritedRole <role@db>", "role(s) to inherit, comma separated or repeated; the database defaults to admin", collectList);
  const table = (list: readonly CustomDbRole[]) =>
    renderTable(
      [
        { header: "NAME", cell: (r: CustomDbRole) => r.roleName },
        { header: "PRIVILEGES", cell: (r) => privilegeText(r.actions).join(", ") },
        { header: "INHERITED ROLES", cell: (r) => (r.inheritedRoles ?? []).map((i) => `${i.role}@${i.db}`).join(", ") },
      ],
      list,
    );

  onRun<RoleFlags>(withRoleFlags(adminCommand(roles, "create <roleName>", "create a custom database role")), async (ctx, [roleName], { privilege = [], inheritedRole = [] }) => {
    const body = { roleName, actions: parsePrivileges(privilege), inheritedRoles: parseInheritedRoles(inheritedRole) };
    if (body.actions.length === 0 && body.inheritedRoles.length === 0) throw new Error("a role needs --privilege or --inheritedRole");
    const role = (await ctx.client().json("POST", rolesPath(ctx.projectId()), { body })) as CustomDbRole;
    ctx.print(role, () => `Custom database role '${role.roleName}' successfully created.\n`);
  });

  onRun(adminCommand(roles, "list", "list the project's custom database roles").alias("ls"), async (ctx) => {
    const list = (await ctx.client().json("GET", rolesPath(ctx.projectId()))) as CustomDbRole[];
    ctx.print(list, () => table(list));
  });

  onRun(adminCommand(roles, "describe <roleName>", "show one custom database role").alias("get"), async (ctx, [roleName]) => {
    const role = (await ctx.client().json("GET", `${rolesPath(ctx.projectId())}/${segment(roleName as string)}`)) as CustomDbRole;
    ctx.print(role, () => table([role]));
  });

  onRun<RoleFlags>(
    withRoleFlags(adminCommand(roles, "update <roleName>", "replace a role's privileges and inherited roles (or add to them with --append)")).option(
      "--append",
      "add the given privileges and inherited roles to the role's current ones",
    ),
    async (ctx, [roleName], { privilege = [], inheritedRole = [], append }) => {
      if (privilege.length === 0 && inheritedRole.length === 0) throw new Error("nothing to update: pass --privilege or --inheritedRole");
      const path = `${rolesPath(ctx.projectId())}/${segment(roleName as string)}`;
      const client = ctx.client();
      const current = append ? ((await client.json("GET", path)) as CustomDbRole) : undefined;
      const body = {
        ...(privilege.length > 0 || current ? { actions: parsePrivileges(privilege, current?.actions ?? []) } : {}),
        ...(inheritedRole.length > 0 || current ? { inheritedRoles: parseInheritedRoles(inheritedRole, current?.inheritedRoles ?? []) } : {}),
      };
      const role = (await client.json("PATCH", path, { body })) as CustomDbRole;
      ctx.print(role, () => `Custom database role '${role.roleName}' successfully updated.\n`);
    },
  );

  onDelete(adminCommand(roles, "delete <roleName>", "delete a custom database role"), "Custom database role", (ctx, roleName) => ({
    path: `${rolesPath(ctx.projectId())}/${segment(roleName)}`,
    name: roleName,
  }));
}
