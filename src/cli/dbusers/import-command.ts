/**
 * `certgate dbusers import --file F`: creates many users, one request each, printing progress on
 * stderr (`[3/40] created alice`). Failures don't stop the run; they are listed and make the exit
 * code 1. The exception is the project's user limit (`GROUP_USERS_LIMIT_EXCEEDED`): every later user
 * would fail the same way, so the run stops there and says how many were not attempted.
 */
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { Option, type Command } from "commander";
import { segment } from "../api-client/api-client.js";
import { adminCommand, onRun } from "../admin/admin-command.js";
import { ApiRequestError, type AtlasErrorBody } from "../api-client/api-request-error.js";
import { renderTable } from "../api-client/table.js";
import { importRecords } from "./import-records.js";

interface Outcome {
  username: string;
  status: "created" | "failed" | "skipped";
  error?: string;
}

/** The project holds as many users as it may: no later user of the file can be created either. */
function isUserLimit(err: unknown): boolean {
  return err instanceof ApiRequestError && (err.body as AtlasErrorBody | undefined)?.errorCode === "GROUP_USERS_LIMIT_EXCEEDED";
}

/** Adds `import` below `dbusers`. */
export function registerImportCommand(dbusers: Command): void {
  onRun<{ file: string; format?: "csv" | "json" }>(
    adminCommand(dbusers, "import", "create database users in bulk from a CSV or JSON file, showing progress")
      .requiredOption("-f, --file <path>", "CSV (header: username,x509Type,roles,...) or JSON (array of users)")
      .addOption(new Option("--format <format>", "file format (default: from the file's extension)").choices(["csv", "json"])),
    async (ctx, _args, opts) => {
      const format = opts.format ?? (extname(opts.file).toLowerCase() === ".json" ? "json" : "csv");
      let text: string;
      try {
        text = readFileSync(opts.file, "utf8");
      } catch (err) {
        throw new Error(`cannot read --file ${opts.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      const projectId = ctx.projectId();
      const records = importRecords(text, format, projectId);
      if (records.length === 0) throw new Error(`${opts.file} holds no users`);
      const client = ctx.client();
      const outcomes: Outcome[] = [];
      for (const [i, record] of records.entries()) {
        const step = `[${i + 1}/${records.length}]`;
        try {
          if (!record.body) throw new Error(record.problem);
          await client.json("POST", `/groups/${segment(projectId)}/databaseUsers`, { body: record.body });
          outcomes.push({ username: record.username, status: "created" });
          process.stderr.write(`${step} created ${record.username}\n`);
        } catch (err) {
          const error = err instanceof Error ? err.message : String(err);
          outcomes.push({ username: record.username, status: "failed", error });
          process.stderr.write(`${step} failed ${record.username}: ${error}\n`);
          if (isUserLimit(err)) {
            const rest = records.slice(i + 1);
            for (const skipped of rest) outcomes.push({ username: skipped.username, status: "skipped", error: "not attempted: the project's user limit was reached" });
            process.stderr.write(
              `Stopped: the project has reached its database user limit, so the remaining ${rest.length} user(s) were not attempted. ` +
                "Delete users or import the rest into another project.\n",
            );
            break;
          }
        }
      }
      const failed = outcomes.filter((o) => o.status === "failed");
      const skipped = outcomes.filter((o) => o.status === "skipped");
      const created = outcomes.length - failed.length - skipped.length;
      ctx.print(outcomes, () => {
        if (failed.length === 0) return `Imported ${outcomes.length} database user(s).\n`;
        const stopped = skipped.length > 0 ? ` and ${skipped.length} not attempted (user limit reached)` : "";
        return (
          `Imported ${created} of ${outcomes.length} database user(s); ${failed.length} failed${stopped}:\n` +
          renderTable([{ header: "USERNAME", cell: (o: Outcome) => o.username }, { header: "ERROR", cell: (o) => o.error ?? "" }], failed)
        );
      });
      if (failed.length > 0) process.exitCode = 1;
    },
  );
}
