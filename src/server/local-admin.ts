/**
 * Local recovery for whoever holds the data directory (or store URL) and the master key, with no API
 * key needed: `certgate admin create-api-key` and `certgate admin reset-password`, in the manner of
 * `grafana cli admin reset-admin-password`. The secrets they create go to stdout only.
 */
import { resetPersonPassword } from "../core/people.js";
import { ConfigError, type ServerConfig } from "../shared/config.js";
import { findFirstOrganization, listProjectsVisible } from "../store/repos/organizations.js";
import { FIRST_OWNER_EMAIL } from "./first-owner.js";
import { openRuntime } from "./open-runtime.js";

/** A new Organization Owner API key in the first organization. */
export interface LocalApiKey {
  orgId: string;
  projectId: string;
  publicKey: string;
  privateKey: string;
}

/** Creates an Organization Owner API key in the first organization; fails on a store `init` never prepared. */
export async function createApiKeyLocally(config: ServerConfig, description: string): Promise<LocalApiKey> {
  const runtime = await openRuntime(config);
  try {
    const org = await findFirstOrganization(runtime.store.db);
    if (!org) throw new ConfigError(`the store of ${config.dataDir} holds no organization yet: run \`certgate init\` (or \`certgate start\`) first.`);
    const [project] = await listProjectsVisible(runtime.store.db, [org.id], []);
    const key = await runtime.core.apiKeys.createLocalOwner(org.id, description);
    return { orgId: org.id, projectId: project?.id ?? "", publicKey: key.publicKey, privateKey: key.privateKey };
  } finally {
    await runtime.close();
  }
}

/** Sets a new random password for the web UI person `email` (the first owner by default) and ends their sessions. */
export async function resetPasswordLocally(config: ServerConfig, email = FIRST_OWNER_EMAIL): Promise<{ email: string; password: string }> {
  const runtime = await openRuntime(config);
  try {
    const { person, password } = await resetPersonPassword(runtime.store, email);
    return { email: person.email, password };
  } finally {
    await runtime.close();
  }
}
