/**
 * `certgate config init|list|describe|delete`: profiles holding the API URL, key and default project,
 * so administration commands need no environment variables. Values missing from the flags are asked
 * for (stdin may be piped).
 */
import { Option, type Command } from "commander";
import { parseOutputFormat } from "../api-client/output-format.js";
import { stringifyJson } from "../../shared/json.js";
import { renderTable } from "../api-client/table.js";
import { reportFailure } from "../admin/admin-command.js";
import { configFilePath, DEFAULT_PROFILE, readConfigFile, writeConfigFile, type Profile } from "./config-file.js";
import { Prompter } from "./prompter.js";

interface InitFlags {
  profile?: string;
  apiUrl?: string;
  publicApiKey?: string;
  privateApiKey?: string;
  projectId?: string;
  output?: string;
}

/** Adds `config ...` to `program`. */
export function registerConfigCommands(program: Command): void {
  const config = program.command("config").description("profiles of the administration commands (stored mode 0600)");
  const profileOption = () => new Option("-P, --profile <name>", "profile name").default(DEFAULT_PROFILE);

  config
    .command("init")
    .description("create or change a profile; asks for what the flags don't give")
    .addOption(profileOption())
    .option("--apiUrl <url>", "server base URL, e.g. http://localhost:8080")
    .option("--publicApiKey <key>", "API public key")
    .option("--privateApiKey <key>", "API private key")
    .option("--projectId <id>", "default project")
    .addOption(new Option("-o, --output <format>", "default output format").choices(["table", "json"]))
    .action(guard(async (opts: InitFlags) => {
      const name = opts.profile ?? DEFAULT_PROFILE;
      const path = configFilePath();
      const file = readConfigFile(path);
      const old = file.profiles[name] ?? {};
      const prompter = new Prompter();
      const value = async (given: string | undefined, question: string, current: string | undefined, secret = false) =>
        given ?? (await prompter.ask(question, { ...(current === undefined ? {} : { fallback: current }), secret }));
      let profile: Profile;
      try {
        profile = {
          apiUrl: await value(opts.apiUrl, "API URL (e.g. http://localhost:8080)", old.apiUrl),
          publicApiKey: await value(opts.publicApiKey, "Public API key", old.publicApiKey),
          privateApiKey: await value(opts.privateApiKey, "Private API key", old.privateApiKey, true),
          projectId: await value(opts.projectId, "Default project id", old.projectId),
          ...(opts.output ?? old.output ? { output: opts.output ?? old.output } : {}),
        };
      } finally {
        prompter.close();
      }
      if (!/^https?:\/\/[^/]/.test(profile.apiUrl ?? "")) throw new Error(`the API URL must start with http:// or https://, got "${profile.apiUrl}"`);
      for (const [field, v] of Object.entries(profile)) if (v === "") delete profile[field as keyof Profile];
      file.profiles[name] = profile;
      writeConfigFile(path, file);
      console.log(`Profile '${name}' saved to ${path}.`);
    }));

  config
    .command("list")
    .alias("ls")
    .description("list the profiles")
    .option("-o, --output <format>", "table or json", "table")
    .action(guard(async (opts: { output: string }) => {
      const names = Object.keys(readConfigFile(configFilePath()).profiles).sort();
      const format = parseOutputFormat(opts.output);
      process.stdout.write(format === "json" ? `${stringifyJson(names, 2)}\n` : renderTable([{ header: "PROFILE", cell: (n: string) => n }], names));
    }));

  config
    .command("describe [name]")
    .description("show a profile (the private key is masked)")
    .option("-o, --output <format>", "table or json", "table")
    .action(guard(async (name: string | undefined, opts: { output: string }) => {
      const path = configFilePath();
      const profileName = name ?? DEFAULT_PROFILE;
      const profile = readConfigFile(path).profiles[profileName];
      if (!profile) throw new Error(`no profile "${profileName}" in ${path}`);
      const shown = { ...profile, ...(profile.privateApiKey ? { privateApiKey: mask(profile.privateApiKey) } : {}) };
      const format = parseOutputFormat(opts.output);
      const rows = Object.entries(shown);
      process.stdout.write(
        format === "json" ? `${stringifyJson(shown, 2)}\n` : renderTable([{ header: "SETTING", cell: (r: [string, string]) => r[0] }, { header: "VALUE", cell: (r) => r[1] }], rows),
      );
    }));

  config
    .command("delete <name>")
    .alias("rm")
    .description("delete a profile")
    .action(guard(async (name: string) => {
      const path = configFilePath();
      const file = readConfigFile(path);
      if (!file.profiles[name]) throw new Error(`no profile "${name}" in ${path}`);
      delete file.profiles[name];
      writeConfigFile(path, file);
      console.log(`Profile '${name}' deleted.`);
    }));
}

function mask(secret: string): string {
  return `${"*".repeat(Math.max(secret.length - 4, 4))}${secret.slice(-4)}`;
}

function guard<A extends unknown[]>(run: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      await run(...args);
    } catch (err) {
      reportFailure(err, "table");
    }
  };
}
