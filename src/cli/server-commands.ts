/**
 * The commands that run on the server itself: `init`, `start`, `migrate`, `version`. Each flag has an
 * environment variable (see `shared/config.ts` and docs/configuration.md); the flag wins.
 */
import type { Command } from "commander";
import { readPackageVersion } from "../shared/version.js";
import { SERVER_SETTINGS, resolveServerConfig, type ServerConfig, type ServerFlags, type ServerSettingName } from "../shared/config.js";
import type * as LocalAdmin from "../server/local-admin.js";

/** The settings of a command that only opens the store: where it is, and how much to log. */
const STORE_SETTINGS: readonly ServerSettingName[] = ["dataDir", "store", "logLevel"];

/** Adds the server commands to `program`. */
export function registerServerCommands(program: Command): void {
  program
    .command("version")
    .description("print certgate's version")
    .action(() => {
      console.log(`certgate ${readPackageVersion()}`);
    });

  withSettings(
    program.command("init").description("create the data directory, master key and store, the first organization, project and API key"),
    ["dataDir", "store", "port", "host", "publicUrl", "tls", "tlsCert", "tlsKey", "userKeyAlgorithm", "caKeyAlgorithm", "logLevel"],
  )
    .option("--json", "print the report below as one JSON object instead of text")
    .addHelpText("after", INIT_JSON_HELP)
    .action(async (opts: ServerFlags & { json?: boolean }) => {
      // Loaded on use, so administration commands don't pay for the server's modules at start-up.
      const { runInit } = await import("../server/init-server.js");
      process.exitCode = await runInit(resolveServerConfig(opts), { json: opts.json === true });
    });

  withSettings(program.command("start").description("run the server (initializing an empty data directory first)"), [
    "dataDir",
    "port",
    "host",
    "store",
    "publicUrl",
    "trustProxy",
    "logLevel",
    "userKeyAlgorithm",
    "caKeyAlgorithm",
    "keyPoolSize",
    "gatewayPorts",
    "gatewayHost",
    "gatewayTlsCert",
    "gatewayTlsKey",
    "tls",
    "tlsCert",
    "tlsKey",
    "apiClientCa",
    "auditLog",
    "auditFilter",
    "auditAuthorizationSuccess",
  ]).action(async (opts: ServerFlags) => {
    const { runStart } = await import("../server/start-server.js");
    await runStart(resolveServerConfig(opts));
  });

  withSettings(program.command("migrate").description("bring the store's schema up to date and list the migrations applied"), STORE_SETTINGS).action(async (opts: ServerFlags) => {
    const { runMigrate } = await import("../server/migrate-store.js");
    await runMigrate(resolveServerConfig(opts));
  });

  registerLocalAdminCommands(program);
}

/**
 * `certgate admin ...`: recovery on the server itself, for whoever holds the data directory (or store
 * URL) and the master key; no API key needed.
 */
function registerLocalAdminCommands(program: Command): void {
  const admin = program.command("admin").description("local recovery with the data directory and master key: new owner API key, UI password reset");
  withSettings(admin.command("create-api-key").description("create an Organization Owner API key in the first organization and print it"), STORE_SETTINGS)
    .option("--description <text>", "the key's description", "created by certgate admin create-api-key")
    .option("--json", "print {orgId, projectId, publicKey, privateKey} as JSON")
    .action((opts: ServerFlags & { description: string; json?: boolean }) =>
      runLocalAdmin(opts, (local, config) => local.createApiKeyLocally(config, opts.description), (key) => [
        `organization id : ${key.orgId}`,
        `project id      : ${key.projectId}`,
        `API public key  : ${key.publicKey}`,
        `API private key : ${key.privateKey}`,
        "The private key is shown only now. It has the Organization Owner role.",
      ]),
    );
  withSettings(admin.command("reset-password").description("give a web UI person (the first owner by default) a new random password and end their sessions"), STORE_SETTINGS)
    .option("--email <email>", "who signs in with the new password", "owner@certgate.local")
    .option("--json", "print {email, password} as JSON")
    .action((opts: ServerFlags & { email: string; json?: boolean }) =>
      runLocalAdmin(opts, (local, config) => local.resetPasswordLocally(config, opts.email), (reset) => [
        `new password for ${reset.email}: ${reset.password}`,
        "Their web UI sessions were ended.",
      ]),
    );
}

/** Every field `certgate init --json` prints (`BootstrapJson`). */
const INIT_JSON_HELP = `
Fields of --json:
  orgId          id of the first organization
  projectId      id of its first project ("Project 0"), for CERTGATE_PROJECT_ID
  publicKey      the Organization Owner API key's public key, for CERTGATE_PUBLIC_API_KEY
  privateKey     its private key, for CERTGATE_PRIVATE_API_KEY (shown only now)
  apiBaseUrl     the Admin API root Atlas clients take (<serverUrl>/api/atlas/v1.0)
  serverUrl      the server's base URL, for CERTGATE_API_URL
  ownerEmail     the first web UI owner's sign-in (when one was created)
  ownerPassword  that owner's password (shown only now)`;

/**
 * Runs one recovery operation on the store the flags name and prints its result: one JSON object with
 * --json, else lines of text. The server's modules are loaded only here, when the command runs.
 */
async function runLocalAdmin<T extends object>(
  opts: ServerFlags & { json?: boolean },
  operation: (local: typeof LocalAdmin, config: ServerConfig) => Promise<T>,
  text: (result: T) => readonly string[],
): Promise<void> {
  const result = await operation(await import("../server/local-admin.js"), resolveServerConfig(opts));
  console.log(opts.json ? JSON.stringify(result) : text(result).join("\n"));
}

function withSettings(command: Command, names: readonly ServerSettingName[]): Command {
  for (const name of names) {
    const s = SERVER_SETTINGS[name];
    command.option(s.flag, `${s.help} [env ${s.env}, default ${s.default || "none"}]`);
  }
  return command;
}
