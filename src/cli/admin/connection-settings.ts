/**
 * Which server, key, project and output format a command uses: its flag, else the environment
 * (`CERTGATE_API_URL`, `CERTGATE_PUBLIC_API_KEY`, `CERTGATE_PRIVATE_API_KEY`, `CERTGATE_PROJECT_ID`,
 * `CERTGATE_OUTPUT`), else the profile (`--profile`, `CERTGATE_PROFILE`, else "default").
 */
import { configFilePath, DEFAULT_PROFILE, readConfigFile, type Profile } from "../config/config-file.js";
import { parseOutputFormat, type OutputFormat } from "../api-client/output-format.js";

/** The flags every administration command has. */
export interface CommonFlags {
  projectId?: string;
  output?: string;
  profile?: string;
}

/** Settings resolved from flags, environment and profile; values may still be missing. */
export interface ConnectionSettings {
  apiUrl?: string;
  publicApiKey?: string;
  privateApiKey?: string;
  projectId?: string;
  output: OutputFormat;
}

/** Resolves the settings of one command run. */
export function resolveConnectionSettings(flags: CommonFlags, env: NodeJS.ProcessEnv = process.env): ConnectionSettings {
  const profile = loadProfile(flags.profile ?? nonEmpty(env.CERTGATE_PROFILE), env);
  const output = flags.output ?? nonEmpty(env.CERTGATE_OUTPUT) ?? profile.output ?? "table";
  return {
    apiUrl: nonEmpty(env.CERTGATE_API_URL) ?? profile.apiUrl,
    publicApiKey: nonEmpty(env.CERTGATE_PUBLIC_API_KEY) ?? profile.publicApiKey,
    privateApiKey: nonEmpty(env.CERTGATE_PRIVATE_API_KEY) ?? profile.privateApiKey,
    projectId: flags.projectId ?? nonEmpty(env.CERTGATE_PROJECT_ID) ?? profile.projectId,
    output: parseOutputFormat(output),
  };
}

/** The named profile; an unnamed default that doesn't exist is simply empty. */
function loadProfile(name: string | undefined, env: NodeJS.ProcessEnv): Profile {
  const path = configFilePath(env);
  const profiles = readConfigFile(path).profiles;
  const found = profiles[name ?? DEFAULT_PROFILE];
  if (found) return found;
  if (name !== undefined) throw new Error(`no profile "${name}" in ${path}; create it with \`certgate config init --profile ${name}\``);
  return {};
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
