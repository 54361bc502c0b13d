/**
 * `certgate dbusers certs create|list|revoke`: managed X.509 certificates of a MANAGED user.
 * `revoke` is certgate's extension (Atlas can't revoke); the other two are the Atlas CLI's, with
 * certgate's `--csr`, `--keyOut` and `--validity`. The user may be named by argument or `--username`.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { segment } from "../api-client/api-client.js";
import { renderTable } from "../api-client/table.js";
import { adminCommand, onRun } from "../admin/admin-command.js";
import { confirmOrFail } from "../admin/confirm.js";
import { writePrivateFile } from "../admin/private-file.js";
import { registerRenewCommand } from "./renew-command.js";
import { generateKeyAndCsr, LOCAL_KEY_ALGORITHMS, parseLocalKeyAlgorithm } from "./local-key.js";

interface CreateFlags {
  username?: string;
  monthsUntilExpiration?: string;
  validity?: string;
  csr?: string;
  keyOut?: string;
  keyAlgorithm: string;
  out?: string;
}

/** The user named by the argument or by `--username`; both may be given only when they agree. */
export function usernameOf(positional: string | undefined, flag: string | undefined): string {
  if (positional !== undefined && flag !== undefined && positional !== flag) {
    throw new Error(`the user is named twice, differently: "${positional}" and --username "${flag}"; give one`);
  }
  const username = positional ?? flag;
  if (username === undefined || username === "") throw new Error("name the user: `certs <command> <username>` or --username <username>");
  return username;
}

/** The POST body: Atlas's months, or certgate's validity; a CSR read from a file or made with a local key. */
async function certificateRequestBody(opts: CreateFlags, username: string): Promise<{ monthsUntilExpiration?: number; validity?: string; csr?: string }> {
  if (opts.csr !== undefined && opts.keyOut !== undefined) throw new Error("--csr and --keyOut exclude each other: --keyOut makes the CSR itself");
  if (opts.validity !== undefined && opts.monthsUntilExpiration !== undefined) throw new Error("--validity and --monthsUntilExpiration exclude each other");
  const body: { monthsUntilExpiration?: number; validity?: string; csr?: string } = {};
  if (opts.validity !== undefined) body.validity = opts.validity;
  else body.monthsUntilExpiration = parseMonths(opts.monthsUntilExpiration ?? "3");
  if (opts.csr !== undefined) body.csr = readTextFile(opts.csr, "--csr");
  if (opts.keyOut !== undefined) {
    const { keyPem, csrPem } = await generateKeyAndCsr(parseLocalKeyAlgorithm(opts.keyAlgorithm), username);
    writePrivateFile(opts.keyOut, keyPem);
    body.csr = csrPem;
  }
  return body;
}

function parseMonths(text: string): number {
  const months = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(months)) throw new Error(`--monthsUntilExpiration must be a whole number of months, got "${text}"`);
  return months;
}

function readTextFile(path: string, flag: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new Error(`${flag} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

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

  onRun<CreateFlags>(
    adminCommand(certs, "create [username]", "issue a certificate to a MANAGED user: with a key made by certgate (Atlas), for your CSR, or for a key made here")
      .option("-u, --username <username>", "the MANAGED user (or give it as the argument)")
      .option("--monthsUntilExpiration <months>", "validity in months, 1 to 24 [default 3]")
      .option("--validity <duration>", "certgate extension: a short lifetime as an ISO 8601 duration (PT8H, P2D), within the project's maximum")
      .option("--csr <file>", "certgate extension: sign this PKCS#10 request (PEM); the answer is the certificate alone")
      .option("--keyOut <file>", "certgate extension: generate the key here, write it to this file (mode 0600) and send only a CSR")
      .option("--keyAlgorithm <algorithm>", `key made by --keyOut: ${LOCAL_KEY_ALGORITHMS.join(", ")}`, "RSA_4096")
      .option("--out <file>", "write the PEM to this file (mode 0600) instead of stdout"),
    async (ctx, [positional], opts) => {
      const username = usernameOf(positional, opts.username);
      const body = await certificateRequestBody(opts, username);
      const pem = await ctx.client().text("POST", certsPath(ctx.projectId(), username), { body });
      if (opts.out === undefined) {
        ctx.print({ pem }, () => pem);
        return;
      }
      writePrivateFile(opts.out, pem);
      const what = body.csr === undefined ? "Certificate and private key" : "Certificate";
      ctx.print({ out: opts.out }, () => `${what} for '${username}' written to ${opts.out} (mode 0600).\n`);
    },
  );

  onRun<{ username?: string; includeExpired?: boolean; page?: string; limit?: string }>(
    adminCommand(certs, "list [username]", "list a user's unexpired certificates (ID is the serial number)")
      .alias("ls")
      .option("-u, --username <username>", "the MANAGED user (or give it as the argument)")
      .option("--includeExpired", "also list expired and revoked certificates (certgate extension)")
      .option("--page <n>", "page number", "1")
      .option("--limit <n>", "certificates per page (1-500)", "100"),
    async (ctx, [positional], opts) => {
      const username = usernameOf(positional, opts.username);
      const page = (await ctx.client().json("GET", certsPath(ctx.projectId(), username), {
        query: { pageNum: opts.page, itemsPerPage: opts.limit, ...(opts.includeExpired ? { includeExpired: true } : {}) },
      })) as { results: UserCert[] };
      if (page.results.length === 0 && ctx.output !== "json") {
        process.stdout.write(`No ${opts.includeExpired ? "" : "unexpired "}certificates for '${username}'.\n`);
        return;
      }
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

  registerRenewCommand(certs);

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
