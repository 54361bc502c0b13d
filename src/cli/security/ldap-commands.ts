/**
 * `certgate security ldap save|get|verify|verify status|delete`: a project's LDAP settings
 * (`/groups/{id}/userSecurity`, `ldap` part) and Atlas's verify checks, with the Atlas CLI's flags.
 * `--caCertificate` takes the PEM text or the path of a PEM file; `--transportSecurity` is a certgate
 * extension (TLS = LDAPS, the default; STARTTLS; NONE).
 */
import { existsSync, readFileSync } from "node:fs";
import type { Command } from "commander";
import { segment } from "../api-client/api-client.js";
import { renderTable } from "../api-client/table.js";
import { adminCommand, onRun, type AdminContext } from "../admin/admin-command.js";
import { confirmOrFail } from "../admin/confirm.js";

interface LdapSettings {
  hostname?: string;
  port?: number;
  bindUsername?: string;
  authenticationEnabled?: boolean;
  authorizationEnabled?: boolean;
  authzQueryTemplate?: string;
  caCertificate?: string;
  transportSecurity?: string;
  userToDNMapping?: { match: string; substitution?: string; ldapQuery?: string }[];
}

interface VerifyJob {
  requestId: string;
  groupId: string;
  status: string;
  validations: { validationType: string; status: string; reason?: string }[];
}

interface ServerFlags {
  hostname: string;
  port: string;
  bindUsername: string;
  bindPassword: string;
  caCertificate?: string;
  authzQueryTemplate?: string;
  transportSecurity?: string;
}

interface SaveFlags extends ServerFlags {
  mappingMatch?: string;
  mappingSubstitution?: string;
  mappingLdapQuery?: string;
  authenticationEnabled?: boolean;
  authorizationEnabled?: boolean;
}

/** The server flags; checked in the action, because `verify` has a subcommand (`status`) that takes none of them. */
function serverFlags(command: Command): Command {
  return command
    .option("--hostname <host>", "host name or IP address of the LDAP server (required)")
    .option("--port <port>", "port of the LDAP server", "636")
    .option("--bindUsername <dn>", "DN the server is bound as for its queries (required)")
    .option("--bindPassword <password>", "password of the bind user (required by verify; save keeps the stored one without it)")
    .option("--caCertificate <pemOrFile>", "CA certificate(s) that sign the server's certificate: PEM text or a PEM file")
    .option("--authzQueryTemplate <template>", "RFC 4516 query that lists a user's groups, e.g. {USER}?memberOf?base")
    .option("--transportSecurity <mode>", "certgate extension: TLS (LDAPS, default), STARTTLS or NONE");
}

function caCertificateOf(value: string | undefined): string | undefined {
  if (value === undefined || value.includes("-----BEGIN")) return value;
  if (!existsSync(value)) throw new Error(`--caCertificate ${value} is neither PEM text nor a readable file`);
  return readFileSync(value, "utf8");
}

function portOf(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be a port number, got "${value}"`);
  return port;
}

/** The request fields of the server flags; `save` may leave the password out (the stored one stays). */
function serverBody(opts: Partial<ServerFlags>, passwordRequired: boolean): Record<string, unknown> {
  const required = passwordRequired ? (["hostname", "bindUsername", "bindPassword"] as const) : (["hostname", "bindUsername"] as const);
  for (const flag of required) {
    if (opts[flag] === undefined) throw new Error(`required option '--${flag}' not specified`);
  }
  const body: Record<string, unknown> = { hostname: opts.hostname, port: portOf(opts.port ?? "636"), bindUsername: opts.bindUsername };
  if (opts.bindPassword !== undefined) body.bindPassword = opts.bindPassword;
  const ca = caCertificateOf(opts.caCertificate);
  if (ca !== undefined) body.caCertificate = ca;
  if (opts.authzQueryTemplate !== undefined) body.authzQueryTemplate = opts.authzQueryTemplate;
  if (opts.transportSecurity !== undefined) body.transportSecurity = opts.transportSecurity.toUpperCase();
  return body;
}

function mappingOf(opts: SaveFlags): unknown[] | undefined {
  if (opts.mappingMatch === undefined) {
    if (opts.mappingSubstitution !== undefined || opts.mappingLdapQuery !== undefined) throw new Error("--mappingSubstitution and --mappingLdapQuery need --mappingMatch");
    return undefined;
  }
  if ((opts.mappingSubstitution === undefined) === (opts.mappingLdapQuery === undefined)) {
    throw new Error("--mappingMatch needs exactly one of --mappingSubstitution and --mappingLdapQuery");
  }
  return [opts.mappingSubstitution === undefined ? { match: opts.mappingMatch, ldapQuery: opts.mappingLdapQuery } : { match: opts.mappingMatch, substitution: opts.mappingSubstitution }];
}

function settingsTable(ldap: LdapSettings): string {
  const rows = [ldap];
  return renderTable(
    [
      { header: "HOSTNAME", cell: (s: LdapSettings) => s.hostname ?? "" },
      { header: "PORT", cell: (s: LdapSettings) => (s.port === undefined ? "" : String(s.port)) },
      { header: "AUTHENTICATION", cell: (s: LdapSettings) => String(s.authenticationEnabled ?? false) },
      { header: "AUTHORIZATION", cell: (s: LdapSettings) => String(s.authorizationEnabled ?? false) },
      { header: "BIND USER", cell: (s: LdapSettings) => s.bindUsername ?? "" },
      { header: "MAPPING RULES", cell: (s: LdapSettings) => String(s.userToDNMapping?.length ?? 0) },
    ],
    rows,
  );
}

function jobTable(job: VerifyJob): string {
  const head = renderTable(
    [
      { header: "REQUEST ID", cell: (j: VerifyJob) => j.requestId },
      { header: "PROJECT ID", cell: (j: VerifyJob) => j.groupId },
      { header: "STATUS", cell: (j: VerifyJob) => j.status },
    ],
    [job],
  );
  if (job.validations.length === 0) return head;
  type Validation = VerifyJob["validations"][number];
  const columns = [
    { header: "VALIDATION", cell: (v: Validation) => v.validationType },
    { header: "STATUS", cell: (v: Validation) => v.status },
  ];
  // A failed check says why (certgate extension); the column is left out when every check passed.
  if (job.validations.some((v) => v.reason !== undefined)) columns.push({ header: "REASON", cell: (v: Validation) => v.reason ?? "" });
  return `${head}\n${renderTable(columns, job.validations)}`;
}

async function printSettings(ctx: AdminContext, method: "GET" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<void> {
  const result = (await ctx.client().json(method, path, body === undefined ? {} : { body })) as { ldap?: LdapSettings };
  ctx.print(result, () => (Object.keys(result.ldap ?? {}).length === 0 ? `LDAP is not configured for project ${ctx.projectId()}.\n` : settingsTable(result.ldap ?? {})));
}

/** Adds `security ldap ...` under the existing `security` command of `program`. */
export function registerLdapCommands(program: Command): void {
  const security = program.commands.find((c) => c.name() === "security") ?? program.command("security").description("security settings of a project");
  const ldap = security.command("ldap").description("LDAP authentication and authorization settings of a project");

  onRun<SaveFlags>(
    serverFlags(adminCommand(ldap, "save", "save the LDAP settings (the flags given replace the stored ones)"))
      .option("--mappingMatch <regex>", "userToDNMapping: regular expression the user name must match")
      .option("--mappingSubstitution <template>", "userToDNMapping: DN template with {0}, {1}... for the match's groups")
      .option("--mappingLdapQuery <query>", "userToDNMapping: RFC 4516 query template that finds the user's DN")
      .option("--authenticationEnabled", "turn LDAP authentication on")
      .option("--authorizationEnabled", "turn LDAP authorization on (Atlas-managed X.509 users can then no longer connect)"),
    async (ctx, _args, opts) => {
      const body = { ...serverBody(opts, false), authenticationEnabled: opts.authenticationEnabled === true, authorizationEnabled: opts.authorizationEnabled === true };
      const mapping = mappingOf(opts);
      if (mapping !== undefined) Object.assign(body, { userToDNMapping: mapping });
      await printSettings(ctx, "PATCH", `/groups/${segment(ctx.projectId())}/userSecurity`, { ldap: body });
    },
  );

  onRun(adminCommand(ldap, "get", "print the LDAP settings of the project (never the bind password)"), async (ctx) => {
    await printSettings(ctx, "GET", `/groups/${segment(ctx.projectId())}/userSecurity`);
  });

  const verify = serverFlags(adminCommand(ldap, "verify", "check that the LDAP server can be reached, bound to and queried"));
  onRun<ServerFlags>(verify, async (ctx, _args, opts) => {
    const job = (await ctx.client().json("POST", `/groups/${segment(ctx.projectId())}/userSecurity/ldap/verify`, { body: serverBody(opts, true) })) as VerifyJob;
    ctx.print(job, () => jobTable(job));
    if (job.status === "FAILED") process.exitCode = 1;
  });
  const status = adminCommand(verify, "status <requestId>", "print the outcome of a verify request");
  // Commander hands the common flags typed after `status` to `verify`, which declares them too.
  status.hook("preAction", (command) => {
    for (const flag of ["projectId", "output", "profile"]) {
      const value: unknown = verify.getOptionValue(flag);
      if (command.getOptionValue(flag) === undefined && value !== undefined) command.setOptionValue(flag, value);
    }
  });
  onRun(status, async (ctx, args) => {
    const job = (await ctx.client().json("GET", `/groups/${segment(ctx.projectId())}/userSecurity/ldap/verify/${segment(args[0] ?? "")}`)) as VerifyJob;
    ctx.print(job, () => jobTable(job));
  });

  onRun<{ force?: boolean }>(
    adminCommand(ldap, "delete", "remove the userToDNMapping rules of the LDAP settings").option("--force", "don't ask for confirmation"),
    async (ctx, _args, opts) => {
      const projectId = ctx.projectId();
      await confirmOrFail(opts.force, "Are you sure you want to delete the LDAP userToDNMapping of this project?");
      await ctx.client().json("DELETE", `/groups/${segment(projectId)}/userSecurity/ldap/userToDNMapping`);
      ctx.print({}, () => `userToDNMapping of project ${projectId} was deleted.\n`);
    },
  );
}
