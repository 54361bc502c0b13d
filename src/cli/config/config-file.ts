/**
 * The CLI's profiles: `$XDG_CONFIG_HOME/certgate/config.json` (else `~/.config/certgate/config.json`),
 * written with mode 0600 because it holds private API keys.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** One named set of settings. */
export interface Profile {
  apiUrl?: string;
  publicApiKey?: string;
  privateApiKey?: string;
  projectId?: string;
  output?: string;
}

/** The whole file. */
export interface ConfigFile {
  profiles: Record<string, Profile>;
}

/** The profile used when none is named. */
export const DEFAULT_PROFILE = "default";

const PROFILE_FIELDS = ["apiUrl", "publicApiKey", "privateApiKey", "projectId", "output"] as const;

/** Where the config file lives for this environment. */
export function configFilePath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME ? env.XDG_CONFIG_HOME : join(homedir(), ".config");
  return join(base, "certgate", "config.json");
}

/** Reads the config file; a missing file is an empty one. */
export function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { profiles: {} };
    throw new Error(`cannot read ${path}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path} is not valid JSON: ${(err as Error).message}`);
  }
  const profiles = (parsed as { profiles?: unknown } | null)?.profiles;
  if (typeof profiles !== "object" || profiles === null || Array.isArray(profiles)) throw new Error(`${path} has no "profiles" object`);
  const out: ConfigFile = { profiles: {} };
  for (const [name, value] of Object.entries(profiles as Record<string, unknown>)) {
    const profile: Profile = {};
    for (const field of PROFILE_FIELDS) {
      const v = (value as Record<string, unknown> | null)?.[field];
      if (typeof v === "string") profile[field] = v;
    }
    out.profiles[name] = profile;
  }
  return out;
}

/** Writes the config file atomically, readable by its owner only. */
export function writeConfigFile(path: string, config: ConfigFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  // The mode given to writeFileSync is masked by the umask; the file must end up 0600 whatever it is.
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}
