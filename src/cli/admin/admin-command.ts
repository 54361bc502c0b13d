/**
 * The plumbing every administration command shares: the `--projectId`, `--output` and `--profile`
 * flags, the API client built from the resolved settings, and one way of reporting failures (one
 * `Error: ...` line on stderr, the API's error body on stdout with `--output json`, exit code 1).
 */
import type { Command } from "commander";
import { ApiClient } from "../api-client/api-client.js";
import { ApiRequestError } from "../api-client/api-request-error.js";
import { printResult, type OutputFormat } from "../api-client/output-format.js";
import { stringifyJson } from "../../shared/json.js";
import { resolveConnectionSettings, type CommonFlags, type ConnectionSettings } from "./connection-settings.js";

/** What a command's body gets. */
export interface AdminContext {
  settings: ConnectionSettings;
  output: OutputFormat;
  /** The API client; fails when the URL or key is not configured. */
  client(): ApiClient;
  /** The project to act on; fails when none is configured. */
  projectId(): string;
  /** Prints an API answer in the chosen format. */
  print(value: unknown, table: () => string): void;
}

/** Adds a subcommand with the common flags. */
export function adminCommand(parent: Command, nameAndArgs: string, description: string): Command {
  return parent
    .command(nameAndArgs)
    .description(description)
    .option("--projectId <id>", "project to act on [env CERTGATE_PROJECT_ID]")
    .option("-o, --output <format>", "output format: table or json [env CERTGATE_OUTPUT, default table]")
    .option("-P, --profile <name>", "profile of the config file to use [env CERTGATE_PROFILE, default default]");
}

/** Sets the command's action; `args` are its positional arguments, `opts` its flags. */
export function onRun<O extends object>(command: Command, run: (ctx: AdminContext, args: string[], opts: O & CommonFlags) => Promise<void>): Command {
  return command.action(async function (this: Command) {
    const opts = this.opts<O & CommonFlags>();
    let output: OutputFormat = "table";
    try {
      const settings = resolveConnectionSettings(opts);
      output = settings.output;
      await run(contextOf(settings), this.processedArgs as string[], opts);
    } catch (err) {
      reportFailure(err, output);
    }
  });
}

/** Prints a failure the CLI's way and sets exit code 1. */
export function reportFailure(err: unknown, output: OutputFormat): void {
  if (err instanceof ApiRequestError && output === "json" && err.body !== undefined) process.stdout.write(`${stringifyJson(err.body, 2)}\n`);
  process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}

function contextOf(settings: ConnectionSettings): AdminContext {
  let client: ApiClient | undefined;
  return {
    settings,
    output: settings.output,
    client() {
      if (!settings.apiUrl) throw new Error("no API URL: set CERTGATE_API_URL (e.g. http://localhost:8080) or run `certgate config init`");
      if (!settings.publicApiKey || !settings.privateApiKey) {
        throw new Error("no API key: set CERTGATE_PUBLIC_API_KEY and CERTGATE_PRIVATE_API_KEY or run `certgate config init`");
      }
      client ??= new ApiClient({ apiUrl: settings.apiUrl, key: { publicKey: settings.publicApiKey, privateKey: settings.privateApiKey } });
      return client;
    },
    projectId() {
      // Where and as whom come before which project, whatever order a command asks in.
      this.client();
      if (!settings.projectId) throw new Error("no project: pass --projectId, set CERTGATE_PROJECT_ID or add projectId to the profile");
      return settings.projectId;
    },
    print(value, table) {
      printResult(settings.output, value, table);
    },
  };
}
