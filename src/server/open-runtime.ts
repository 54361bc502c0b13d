/**
 * Opens what every server command needs, in order: the data directory (made private: `private-data.ts`),
 * the master key, the store (running pending migrations) and the core on top of them.
 */
import { mkdir } from "node:fs/promises";
import { onCustomerCasChanged } from "../alerts/index.js";
import { createCore, type Core } from "../core/index.js";
import { parseKeyAlgorithm, type KeyAlgorithm } from "../pki/key-algorithms.js";
import { KeyPool } from "../pki/key-pool.js";
import { loadMasterKey, type MasterKey } from "../pki/master-key.js";
import { ConfigError, SERVER_SETTINGS, type ServerConfig } from "../shared/config.js";
import { openStore, type Store, type StoreQueryObserver } from "../store/index.js";
import { makeDataPrivate } from "./private-data.js";

/** An open store with its core. */
export interface Runtime {
  store: Store;
  core: Core;
  masterKey: MasterKey;
  /** The pool of pre-generated user keys (`start` only). */
  keyPool: KeyPool | undefined;
  /** Data files and directories whose group or other permissions were removed on opening. */
  tightenedPaths: string[];
  close(): Promise<void>;
}

/**
 * Opens the store named by `config` without building the core (for `certgate migrate`): every commit
 * is synced. `onQuery` times its queries.
 */
export async function openConfiguredStore(config: ServerConfig, onQuery?: StoreQueryObserver): Promise<Store> {
  if (config.store.kind === "sqlite") {
    await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
    await makeDataPrivate(config.dataDir, config.store.sqlitePath);
  }
  return openStoreOf(config, { onQuery });
}

/** The store `config` names; the data directory must already be private. */
function openStoreOf(config: ServerConfig, { onQuery, groupCommit = false }: { onQuery: StoreQueryObserver | undefined; groupCommit?: boolean }): Promise<Store> {
  const observed = onQuery === undefined ? {} : { onQuery };
  return config.store.kind === "sqlite" ? openStore({ sqlitePath: config.store.sqlitePath, groupCommit, ...observed }) : openStore({ url: config.store.url, ...observed });
}

/** How long a refill waits after an issue took a pooled key, so the key generation does not slow that issue. */
const KEY_POOL_REFILL_DELAY_MS = 250;

/**
 * Opens the data directory, master key, store and core. With `withKeyPool` (the long-running server),
 * keys for issued certificates are generated ahead in the background; `onStoreQuery` times the store's
 * queries; with `groupCommit`, SQLite commits share syncs (`store/wal-sync.ts`) and whoever answers
 * clients must await `store.commits.durable`.
 */
export async function openRuntime(
  config: ServerConfig,
  { withKeyPool = false, groupCommit = false, onStoreQuery }: { withKeyPool?: boolean; groupCommit?: boolean; onStoreQuery?: StoreQueryObserver } = {},
): Promise<Runtime> {
  const userKeyAlgorithm = keyAlgorithm(config.userKeyAlgorithm, SERVER_SETTINGS.userKeyAlgorithm.env);
  const caKeyAlgorithm = keyAlgorithm(config.caKeyAlgorithm, SERVER_SETTINGS.caKeyAlgorithm.env);
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const tightenedPaths = await makeDataPrivate(config.dataDir, config.store.kind === "sqlite" ? config.store.sqlitePath : undefined);
  const masterKey = await loadMasterKey({ dataDir: config.dataDir });
  const store = await openStoreOf(config, { onQuery: onStoreQuery, groupCommit });
  const keyPool =
    withKeyPool && config.keyPoolSize > 0 ? new KeyPool({ sizes: { [userKeyAlgorithm]: config.keyPoolSize }, refillDelayMs: KEY_POOL_REFILL_DELAY_MS }) : undefined;
  const core = createCore({ store, masterKey, userKeyAlgorithm, caKeyAlgorithm, keyPool, onCustomerCasChanged });
  if (!(await core.apiKeys.masterKeyOpensStore())) {
    await keyPool?.close();
    await store.close();
    throw new ConfigError(
      "the master key does not open this store's secrets: CERTGATE_MASTER_KEY (or <data dir>/master.key when it is unset) is not the key the store was created with.",
    );
  }
  return {
    store,
    core,
    masterKey,
    keyPool,
    tightenedPaths,
    close: async () => {
      await keyPool?.close();
      await store.close();
    },
  };
}

function keyAlgorithm(value: string, setting: string): KeyAlgorithm {
  try {
    return parseKeyAlgorithm(value);
  } catch (err) {
    throw new ConfigError(`${setting} (or its flag): ${err instanceof Error ? err.message : String(err)}`);
  }
}
