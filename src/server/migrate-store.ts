/** The server side of `certgate migrate`: runs pending store migrations and says what ran. */
import type { ServerConfig } from "../shared/config.js";
import { openConfiguredStore } from "./open-runtime.js";

/** Runs `migrate`. */
export async function runMigrate(config: ServerConfig): Promise<void> {
  const store = await openConfiguredStore(config);
  try {
    const ran = store.migrations.filter((m) => m.status === "Success").map((m) => m.migrationName);
    console.log(ran.length === 0 ? `store (${store.dialect}) is up to date` : `applied ${ran.length} migration(s) on ${store.dialect}: ${ran.join(", ")}`);
  } finally {
    await store.close();
  }
}
