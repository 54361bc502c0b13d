/**
 * Starts a real Admin API for the tests: a real store (SQLite file or PostgreSQL database), the real
 * core, the server listening on an ephemeral loopback port. Keys are EC P-256, so tests stay quick;
 * RSA-4096 is exercised where a test is about it.
 */
import { CrlCache } from "../../src/core/crl-cache.js";
import { randomSerialNumber } from "../../src/pki/serial-number.js";
import { CaSignerCache } from "../../src/pki/ca-signer-cache.js";
import type { FastifyInstance } from "fastify";
import { buildApiServer } from "../../src/api/app.js";
import { onCustomerCasChanged } from "../../src/alerts/index.js";
import { createCore, type Core } from "../../src/core/index.js";
import { insertApiKey } from "../../src/core/api-keys.js";
import { ChangeNotifier } from "../../src/core/change-notifier.js";
import { newId } from "../../src/core/ids.js";
import { createOrganization } from "../../src/store/repos/organizations.js";
import { MasterKey } from "../../src/pki/master-key.js";
import { ManualClock } from "../../src/shared/clock.js";
import type { Store } from "../../src/store/index.js";
import type { ApiKeyPair } from "./digest-client.js";

/** A running API and what the tests need to call it. */
export interface ApiFixture {
  app: FastifyInstance;
  core: Core;
  clock: ManualClock;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** `<baseUrl>/api/atlas/v1.0` */
  api: string;
  orgId: string;
  projectId: string;
  /** The ORG_OWNER key created by bootstrap. */
  owner: ApiKeyPair;
  /** Creates a second organization with an ORG_OWNER key (the API has no call that creates organizations). */
  otherOrgKey(): Promise<ApiKeyPair>;
  close(): Promise<void>;
}

/** Options of `startApi`. */
export interface StartApiOptions {
  nonceTtlMs?: number;
}

/** Builds the core over `store`, bootstraps it and serves the API. */
export async function startApi(store: Store, options: StartApiOptions = {}): Promise<ApiFixture> {
  const clock = new ManualClock(Date.now());
  const masterKey = MasterKey.random();
  const core = createCore({ store, masterKey, clock, userKeyAlgorithm: "EC_P256", caKeyAlgorithm: "EC_P256", onCustomerCasChanged });
  const boot = await core.bootstrap();
  if (!boot.initialized || !boot.publicKey || !boot.privateKey) throw new Error("bootstrap did not create an API key on a fresh store");
  const app = await buildApiServer({ core, clock, commits: store.commits, ...(options.nonceTtlMs === undefined ? {} : { nonceTtlMs: options.nonceTtlMs }) });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  if (typeof address !== "object" || address === null) throw new Error("the API server has no TCP address");
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    app,
    core,
    clock,
    baseUrl,
    api: `${baseUrl}/api/atlas/v1.0`,
    orgId: boot.orgId,
    projectId: boot.projectId,
    owner: { publicKey: boot.publicKey, privateKey: boot.privateKey },
    async otherOrgKey() {
      const ctx = {
        store,
        masterKey,
        clock,
        notifier: new ChangeNotifier(),
        userKeyAlgorithm: "EC_P256" as const,
        caKeyAlgorithm: "EC_P256" as const,
        maxDatabaseUsersPerProject: 100,
        keyPool: undefined,
        signerCache: new CaSignerCache(),
        drawSerialNumber: randomSerialNumber,
        crlCache: new CrlCache(() => clock.now().getTime()),
        onCrlBuildStart: () => undefined,
        onCustomerCasChanged,
      };
      return store.transaction(async (tx) => {
        const orgId = newId();
        await createOrganization(tx, { id: orgId, name: `other-${orgId}`, created_at: clock.now().toISOString() });
        const key = await insertApiKey(ctx, tx, orgId, "other organization", ["ORG_OWNER"]);
        return { publicKey: key.publicKey, privateKey: key.privateKey };
      });
    },
    close: () => app.close(),
  };
}
