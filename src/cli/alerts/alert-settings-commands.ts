/** `certgate alerts settings create|list|describe|update|enable|disable|delete`: alert configurations, as the Atlas CLI's. */
import type { Command } from "commander";
import { segment } from "../api-client/api-client.js";
import { renderTable } from "../api-client/table.js";
import { adminCommand, onRun } from "../admin/admin-command.js";
import { onDelete } from "../admin/delete-command.js";
import { mergeAlertConfig, newAlertConfig, withAlertConfigFlags, type AlertConfig, type AlertConfigFlags } from "./alert-config-flags.js";

/** Adds `settings ...` below `alerts`. */
export function registerAlertSettingsCommands(alerts: Command): void {
  const settings = alerts.command("settings").alias("config").description("alert configurations: which expiries alert whom");
  const configsPath = (projectId: string) => `/groups/${segment(projectId)}/alertConfigs`;
  const table = (list: readonly AlertConfig[]) =>
    renderTable(
      [
        { header: "ID", cell: (c: AlertConfig) => c.id ?? "" },
        { header: "TYPE", cell: (c) => c.eventTypeName ?? "" },
        { header: "ENABLED", cell: (c) => String(c.enabled ?? false) },
        { header: "THRESHOLD", cell: (c) => (c.threshold?.threshold === undefined ? "" : `< ${c.threshold.threshold} ${c.threshold.units ?? ""}`.trim()) },
        { header: "NOTIFICATIONS", cell: (c) => (c.notifications ?? []).map(describeNotification).join(", ") },
      ],
      list,
    );

  onRun<AlertConfigFlags>(withAlertConfigFlags(adminCommand(settings, "create", "create an alert configuration")), async (ctx, _args, opts) => {
    const body = newAlertConfig(opts);
    const config = (await ctx.client().json("POST", configsPath(ctx.projectId()), { body })) as AlertConfig;
    ctx.print(config, () => `Alert configuration '${config.id}' created.\n`);
  });

  onRun(adminCommand(settings, "list", "list the project's alert configurations").alias("ls"), async (ctx) => {
    const page = (await ctx.client().json("GET", configsPath(ctx.projectId()))) as { results: AlertConfig[] };
    ctx.print(page, () => (page.results.length > 0 ? table(page.results) : "No alert settings in this project. Uploading a CA creates the CA-expiry one; `alerts settings create` adds others.\n"));
  });

  onRun(adminCommand(settings, "describe <alertConfigId>", "show one alert configuration").alias("get"), async (ctx, [id]) => {
    const config = (await ctx.client().json("GET", `${configsPath(ctx.projectId())}/${segment(id as string)}`)) as AlertConfig;
    ctx.print(config, () => table([config]));
  });

  onRun<AlertConfigFlags>(
    withAlertConfigFlags(adminCommand(settings, "update <alertConfigId>", "change an alert configuration; flags not given keep their values")),
    async (ctx, [id], opts) => {
      const path = `${configsPath(ctx.projectId())}/${segment(id as string)}`;
      const client = ctx.client();
      const current = (await client.json("GET", path)) as AlertConfig;
      const config = (await client.json("PUT", path, { body: mergeAlertConfig(current, opts) })) as AlertConfig;
      ctx.print(config, () => `Alert configuration '${config.id}' updated.\n`);
    },
  );

  for (const [verb, enabled] of [["enable", true], ["disable", false]] as const) {
    onRun(adminCommand(settings, `${verb} <alertConfigId>`, `${verb} an alert configuration`), async (ctx, [id]) => {
      const body = { enabled };
      const config = (await ctx.client().json("PATCH", `${configsPath(ctx.projectId())}/${segment(id as string)}`, { body })) as AlertConfig;
      ctx.print(config, () => `Alert configuration '${config.id}' ${enabled ? "enabled" : "disabled"}.\n`);
    });
  }

  onDelete(adminCommand(settings, "delete <alertConfigId>", "delete an alert configuration"), "Alert config", (ctx, id) => ({
    path: `${configsPath(ctx.projectId())}/${segment(id)}`,
    name: id,
  }));
}

function describeNotification(n: Record<string, unknown>): string {
  const type = String(n.typeName ?? "");
  const target = type === "GROUP" ? (n.roles as string[] | undefined)?.join("+") : ((n.emailAddress ?? n.username ?? n.webhookUrl ?? n.channelName) as string | undefined);
  const every = typeof n.intervalMin === "number" ? ` every ${n.intervalMin} min` : "";
  return `${type}${target ? ` ${target}` : ""}${every}`;
}
