/**
 * `certgate dbusers certs create|list|revoke`: managed X.509 certificates of a MANAGED user.
 * `revoke` is certgate's extension (Atlas can't revoke); the other two are the Atlas CLI's.
 */
import type { Command } from "commander";
import { segment } from "../api-client/api-client.js";
import { renderTable } from "../api-client/table.js";
import { adminCommand, onRun } from "../admin/admin-command.js";
import { confirmOrFail } from "../admin/confirm.js";
import { writePrivateFile } from "../admin/private-file.js";

interface UserCert {
  _id: bigint | number;
  subject: string;
  createdAt: string;
  notAfter: string;
  revokedAt?: string;
}

/** Adds `certs ...` below `dbusers`. */
export function registerCertCommands(dbusers: Command): void {
  const certs = dbusers.command("certs").alias("cert").description("certgate-managed X.509 certificates of MANAGED users");
  const certsPath = (projectId: string, username: string) => `/groups/${segment(projectId)}/databaseUsers/${segment(username)}/certs`;

  onRun<{ username: string; monthsUntilExpiration: string; out?: string }>(
    adminCommand(certs, "create", "issue a certificate and its private key (PEM) to a MANAGED user; the key is not kept by certgate")
      .requiredOption("-u, --username <username>", "the MANAGED user")
      .option("--monthsUntilExpiration <months>", "validity in months, 1 to 24", "3")
      .option("--out <file>", "write the PEM to this file (mode 0600) instead of stdout"),
    async (ctx, _args, opts) => {
      const months = Number(opts.monthsUntilExpiration);
      if (!/^\d+$/.test(opts.monthsUntilExpiration) || !Number.isSafeInteger(months)) {
        throw new Error(`--monthsUntilExpiration must be a whole number of months, got "${opts.monthsUntilExpiration}"`);
      }
      const pem = await ctx.client().text("POST", certsPath(ctx.projectId(), opts.username), { body: { monthsUntilExpiration: months } });
      if (opts.out === undefined) {
        ctx.print({ pem }, () => pem);
        return;
      }
      writePrivateFile(opts.out, pem);
      ctx.print({ out: opts.out }, () => `Certificate and private key for '${opts.username}' written to ${opts.out} (mode 0600).\n`);
    },
  );

  onRun<{ includeExpired?: boolean; page?: string; limit?: string }>(
    adminCommand(certs, "list <username>", "list a user's unexpired certificates (ID is the serial number)")
      .alias("ls")
      .option("--includeExpired", "also list expired and revoked certificates (certgate extension)")
      .option("--page <n>", "page number", "1")
      .option("--limit <n>", "certificates per page (1-500)", "100"),
    async (ctx, [username], opts) => {
      const page = (await ctx.client().json("GET", certsPath(ctx.projectId(), username as string), {
        query: { pageNum: opts.page, itemsPerPage: opts.limit, ...(opts.includeExpired ? { includeExpired: true } : {}) },
      })) as { results: UserCert[] };
      ctx.print(page, () =>
        renderTable(
          [
            { header: "ID", cell: (c: UserCert) => String(c._id) },
            { header: "SUBJECT", cell: (c) => c.subject },
            { header: "CREATED AT", cell: (c) => c.createdAt },
            { header: "NOT AFTER", cell: (c) => c.notAfter },
            ...(opts.includeExpired ? [{ header: "REVOKED AT", cell: (c: UserCert) => c.revokedAt ?? "" }] : []),
          ],
          page.results,
        ),
      );
    },
  );

  onRun<{ force?: boolean }>(
    adminCommand(certs, "revoke <username> <serial>", "revoke one certificate by its ID (certgate extension); gateways refuse it within a second").option(
      "--force",
      "don't ask for confirmation",
    ),
    async (ctx, [username, serial], opts) => {
      if (!/^[1-9][0-9]{0,18}$/.test(serial as string)) throw new Error(`<serial> must be the decimal ID shown by \`certs list\`, got "${serial}"`);
      const projectId = ctx.projectId();
      const client = ctx.client();
      await confirmOrFail(opts.force, `Are you sure you want to revoke certificate ${serial} of ${username}?`);
      const cert = await client.json("DELETE", `${certsPath(projectId, username as string)}/${serial}`);
      ctx.print(cert, () => `Certificate ${serial} of '${username}' revoked.\n`);
    },
  );
}
