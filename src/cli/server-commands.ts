/**
 * The commands that run on the server itself: `init`, `start`, `migrate`, `version`. Each flag has an
 * environment variable (see `shared/config.ts` and docs/configuration.md); the flag wins.
 */
import type { Command } from "commander";
import { readPackageVersion } from "../shared/version.js";
import { SERVER_SETTINGS, resolveServerConfig, type ServerFlags, type ServerSettingName } from "../shared/config.js";

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
    .option("--json", "print {orgId, projectId, publicKey, privateKey, apiBaseUrl, serverUrl} as JSON")
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
  ]).action(async (opts: ServerFlags) => {
    const { runStart } = await import("../server/start-server.js");
    await runStart(resolveServerConfig(opts));
  });

  withSettings(program.command("migrate").description("bring the store's schema up to date and list the migrations applied"), [
    "dataDir",
    "store",
    "logLevel",
  ]).action(async (opts: ServerFlags) => {
    const { runMigrate } = await import("../server/migrate-store.js");
    await runMigrate(resolveServerConfig(opts));
  });
}

function withSettings(command: Command, names: readonly ServerSettingName[]): Command {
  for (const name of names) {
    const s = SERVER_SETTINGS[name];
    command.option(s.flag, `${s.help} [env ${s.env}, default ${s.default || "none"}]`);
  }
  return command;
}
