import type { Command } from "commander";
import { readPackageVersion } from "../shared/version.js";

/** `certgate start`, `certgate version`: the commands that run on the server itself. */
export function registerServerCommands(program: Command): void {
  program
    .command("version")
    .description("print certgate's version")
    .action(() => {
      console.log(`certgate ${readPackageVersion()}`);
    });
}
