#!/usr/bin/env -S node --single-threaded-gc
/** The `certgate` command: the server and, through the Admin API, its administration. */
import { Command } from "commander";
import { registerServerCommands } from "./server-commands.js";
import { registerAdminCommands } from "./admin-commands.js";
import { readPackageVersion } from "../shared/version.js";

const program = new Command()
  .name("certgate")
  .description("Self-hosted X.509 authentication for MongoDB database users")
  .version(readPackageVersion(), "-v, --version")
  .showHelpAfterError();

registerServerCommands(program);
registerAdminCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`Error: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
