/** The server side of `certgate init`: prepares a data directory and prints the first API key and web UI owner password once. */
import type { ServerConfig } from "../shared/config.js";
import { bootstrapJson, bootstrapText, displayServerUrl } from "./bootstrap-report.js";
import { createFirstOwner } from "./first-owner.js";
import { openRuntime } from "./open-runtime.js";
import { firstRunCredentialsExist, firstRunCredentialsPath, saveFirstRunCredentials } from "./first-run-credentials.js";
import { prepareServerCaFile } from "../gateway/server/tls/gateway-tls.js";
import { parseKeyAlgorithm } from "../pki/key-algorithms.js";

/** Runs `init`; resolves to the process exit code (1 when the store was already initialized). */
export async function runInit(config: ServerConfig, options: { json: boolean }): Promise<number> {
  const runtime = await openRuntime(config);
  try {
    const result = await runtime.core.bootstrap();
    const serverUrl = displayServerUrl(config.host, config.port, config.publicUrl, config.apiTls !== undefined);
    if (!result.initialized) {
      const where = (await firstRunCredentialsExist(config.dataDir))
        ? `Its first API key and owner password are in ${firstRunCredentialsPath(config.dataDir)}.`
        : "Its first API key was printed when it was created; `certgate admin create-api-key` makes a new Organization Owner key.";
      console.error(`certgate is already initialized in ${config.dataDir} (organization ${result.orgId}, project ${result.projectId}); nothing was changed. ${where}`);
      return 1;
    }
    const owner = await createFirstOwner(runtime.store, result.orgId);
    await saveFirstRunCredentials(config.dataDir, bootstrapText(result, serverUrl, config.dataDir, false, owner));
    await prepareServerCaFile({ ...runtime, dataDir: config.dataDir, caKeyAlgorithm: parseKeyAlgorithm(config.caKeyAlgorithm) });
    process.stdout.write(
      options.json ? `${JSON.stringify(bootstrapJson(result, serverUrl, owner))}\n` : bootstrapText(result, serverUrl, config.dataDir, false, owner),
    );
    return 0;
  } finally {
    await runtime.close();
  }
}
