/** `certgate alerts list|describe|acknowledge|unacknowledge` and `alerts settings ...`, as the Atlas CLI's. */
import { Option, type Command } from "commander";
import { segment } from "../api-client/api-client.js";
import { renderTable } from "../api-client/table.js";
import { adminCommand, onRun } from "../admin/admin-command.js";
import { registerAlertSettingsCommands } from "./alert-settings-commands.js";

interface Alert {
  id: string;
  eventTypeName: string;
  status: string;
  created: string;
  acknowledgedUntil?: string;
  acknowledgementComment?: string;
  lastNotified?: string;
  lastFailedNotification?: { at: string; typeName?: string; recipient?: string; error: string; nextAttemptAt?: string };
}

/** The alert's last failed notification in words, when it is newer than its last delivery. */
function failureText(alert: Alert): string {
  const failure = alert.lastFailedNotification;
  if (failure === undefined || (alert.lastNotified !== undefined && Date.parse(alert.lastNotified) >= Date.parse(failure.at))) return "";
  const to = failure.typeName === undefined ? "" : ` (${failure.typeName}${failure.recipient ? ` to ${failure.recipient}` : ""})`;
  const next = failure.nextAttemptAt === undefined ? "not retried" : `retried at ${failure.nextAttemptAt}`;
  return `\nNot delivered at ${failure.at}${to}: ${failure.error}\n(${next})\n`;
}

/** Adds `alerts ...` to `program`. */
export function registerAlertCommands(program: Command): void {
  const alerts = program.command("alerts").alias("alert").description("alerts of a project (CA and certificate expiry)");
  const alertsPath = (projectId: string) => `/groups/${segment(projectId)}/alerts`;
  const table = (list: readonly Alert[]) =>
    renderTable(
      [
        { header: "ID", cell: (a: Alert) => a.id },
        { header: "TYPE", cell: (a) => a.eventTypeName },
        { header: "STATUS", cell: (a) => a.status },
        { header: "CREATED", cell: (a) => a.created },
        { header: "ACKNOWLEDGED UNTIL", cell: (a) => a.acknowledgedUntil ?? "" },
      ],
      list,
    );

  onRun<{ status?: string }>(
    adminCommand(alerts, "list", "list the project's alerts, newest first")
      .alias("ls")
      .addOption(new Option("--status <status>", "only alerts in this state").choices(["OPEN", "TRACKING", "CLOSED", "CANCELLED"])),
    async (ctx, _args, opts) => {
      const page = (await ctx.client().json("GET", alertsPath(ctx.projectId()), { query: { status: opts.status } })) as { results: Alert[] };
      ctx.print(page, () => (page.results.length > 0 ? table(page.results) : `${opts.status === undefined ? "No alerts" : `No ${opts.status} alerts`} in this project.\n`));
    },
  );

  onRun(adminCommand(alerts, "describe <alertId>", "show one alert").alias("get"), async (ctx, [id]) => {
    const alert = (await ctx.client().json("GET", `${alertsPath(ctx.projectId())}/${segment(id as string)}`)) as Alert;
    ctx.print(alert, () => table([alert]) + failureText(alert));
  });

  onRun<{ until?: string; forever?: boolean; comment?: string }>(
    adminCommand(alerts, "acknowledge <alertId>", "acknowledge an alert until a date: no notifications until then")
      .alias("ack")
      .option("--until <date>", "ISO 8601 date until which the alert is acknowledged")
      .option("-F, --forever", "acknowledge for 100 years, as Atlas documents")
      .option("--comment <text>", "why (at most 200 characters)"),
    async (ctx, [id], opts) => {
      if ((opts.until === undefined) === (opts.forever !== true)) throw new Error("pass either --until <date> or --forever");
      const until = opts.forever ? new Date(Date.now() + 100 * 365.25 * 24 * 3600 * 1000).toISOString() : (opts.until as string);
      const body = { acknowledgedUntil: until, ...(opts.comment === undefined ? {} : { acknowledgementComment: opts.comment }) };
      const alert = (await ctx.client().json("PATCH", `${alertsPath(ctx.projectId())}/${segment(id as string)}`, { body })) as Alert;
      ctx.print(alert, () => `Alert '${alert.id}' acknowledged until ${alert.acknowledgedUntil ?? until}\n`);
    },
  );

  onRun<{ comment?: string }>(
    adminCommand(alerts, "unacknowledge <alertId>", "take back an acknowledgement").alias("unack").option("--comment <text>", "why"),
    async (ctx, [id], opts) => {
      const body = { unacknowledgeAlert: true, ...(opts.comment === undefined ? {} : { acknowledgementComment: opts.comment }) };
      const alert = (await ctx.client().json("PATCH", `${alertsPath(ctx.projectId())}/${segment(id as string)}`, { body })) as Alert;
      ctx.print(alert, () => `Alert '${alert.id}' unacknowledged\n`);
    },
  );

  registerAlertSettingsCommands(alerts);
}
