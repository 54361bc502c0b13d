/**
 * `certgate security customerCerts create|describe|disable`: self-managed X.509, the project's
 * customer CA bundle (`/groups/{id}/userSecurity`), as the Atlas CLI's commands of the same names.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { segment } from "../api-client/api-client.js";
import { adminCommand, onRun } from "../admin/admin-command.js";
import { confirmOrFail } from "../admin/confirm.js";

interface UserSecurity {
  customerX509?: { cas?: string };
}

/** Adds `security customerCerts ...` to `program`. */
export function registerSecurityCommands(program: Command): void {
  const security = program.command("security").description("security settings of a project");
  const certs = security
    .command("customerCerts")
    .alias("customerCert")
    .description("self-managed X.509: the CA bundle that signs your database users' certificates");

  onRun<{ casFile: string }>(
    adminCommand(certs, "create", "upload the customer CA bundle (PEM); every certificate must be a valid, unexpired CA").requiredOption(
      "--casFile <path>",
      "PEM file with one or more CA certificates",
    ),
    async (ctx, _args, opts) => {
      const cas = readCasFile(opts.casFile);
      const client = ctx.client();
      const result = await client.json("PATCH", `/groups/${segment(ctx.projectId())}/userSecurity`, { body: { customerX509: { cas } } });
      ctx.print(result, () => "Certificate successfully created.\n");
    },
  );

  onRun(adminCommand(certs, "describe", "print the customer CA bundle of the project"), async (ctx) => {
    const projectId = ctx.projectId();
    const result = (await ctx.client().json("GET", `/groups/${segment(projectId)}/userSecurity`)) as UserSecurity;
    ctx.print(result, () => result.customerX509?.cas ?? `Self-managed X.509 is not enabled for project ${projectId}.\n`);
  });

  onRun<{ force?: boolean }>(
    adminCommand(certs, "disable", "turn self-managed X.509 off (CUSTOMER users can no longer connect)").option("--force", "don't ask for confirmation"),
    async (ctx, _args, opts) => {
      const projectId = ctx.projectId();
      const client = ctx.client();
      await confirmOrFail(opts.force, "Are you sure you want to delete the X509 configuration for this project?");
      const result = await client.json("DELETE", `/groups/${segment(projectId)}/userSecurity/customerX509`);
      ctx.print(result, () => `X.509 configuration for project ${projectId} was deleted.\n`);
    },
  );
}

function readCasFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new Error(`cannot read --casFile ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (!text.includes("-----BEGIN CERTIFICATE-----")) throw new Error(`--casFile ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return text;
}
