/**
 * `certgate dbusers import --file F`: creates many users, one request each, printing progress on
 * stderr (`[3/40] created alice`). Failures don't stop the run; they are listed and make the exit
 * code 1.
 */
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { Option, type Command } from "commander";
import { segment } from "../api-client/api-client.js";
import { adminCommand, onRun } from "../admin/admin-command.js";
import { renderTable } from "../api-client/table.js";
import { importRecords } from "./import-records.js";

interface Outcome {
  username: string;
  status: "created" | "failed";
  error?: string;
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
        }
      }
      const failed = outcomes.filter((o) => o.status === "failed");
      ctx.print(outcomes, () =>
        failed.length === 0
          ? `Imported ${outcomes.length} database user(s).\n`
          : `Imported ${outcomes.length - failed.length} of ${outcomes.length} database user(s); ${failed.length} failed:\n` +
            renderTable([{ header: "USERNAME", cell: (o: Outcome) => o.username }, { header: "ERROR", cell: (o) => o.error ?? "" }], failed),
      );
      if (failed.length > 0) process.exitCode = 1;
    },
  );
}
