/**
 * Starts a real certgate server for the UI tests: a SQLite store in a temporary directory, the real
 * core and alerts service, the Admin API with the web UI's server side (the built `web/dist`), listening on a loopback
 * port. People are created with the core's people functions, exactly as `certgate init` creates the
 * first one.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { buildApiServer } from "../../src/api/app.js";
import { createWebUi } from "../../src/api/ui/web-ui.js";
import { createAlertsService, onCustomerCasChanged } from "../../src/alerts/index.js";
import type { ThrottleLimits } from "../../src/core/login-throttle.js";
import { createWebAccess } from "../../src/core/web-access.js";
import { createCore, type Core, type GroupRole, type OrgRole } from "../../src/core/index.js";
import { createPerson } from "../../src/core/people.js";
import { MasterKey } from "../../src/pki/master-key.js";
import { systemClock } from "../../src/shared/clock.js";
import { openStore, type Store } from "../../src/store/index.js";
import type { ApiKeyPair } from "../api/digest-client.js";

/** A running server and what the UI tests need to drive and check it. */
export interface UiServer {
  app: FastifyInstance;
  core: Core;
  store: Store;
  /** The key sealing the store's secrets (webhook URLs), for running an alert worker over the same store. */
  masterKey: MasterKey;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** `<baseUrl>/api/atlas/v1.0`, for checking through the Admin API with Digest. */
  api: string;
  orgId: string;
  projectId: string;
  /** The ORG_OWNER API key bootstrap created. */
  apiKey: ApiKeyPair;
  /** Creates a person and answers their email and password. */
  addPerson(params: { email: string; orgRoles?: OrgRole[]; groupRoles?: Record<string, GroupRole[]> }): Promise<{ email: string; password: string }>;
  close(): Promise<void>;
}

/**
 * Starts the server; `throttleLimits` lets a test reach the lock-out quickly, `maxDatabaseUsersPerProject`
 * lets one fill a project past Atlas's default limit.
 */
export async function startUiServer(options: { throttleLimits?: ThrottleLimits; maxDatabaseUsersPerProject?: number } = {}): Promise<UiServer> {
  const dir = mkdtempSync(join(tmpdir(), "certgate-ui-"));
  const store = await openStore({ sqlitePath: join(dir, "certgate.sqlite") });
  // EC keys keep certificate issuing quick; RSA-4096 (the default) is covered by the PKI and API tests.
  const masterKey = MasterKey.random();
  const core = createCore({
    store,
    masterKey,
    userKeyAlgorithm: "EC_P256",
    caKeyAlgorithm: "EC_P256",
    onCustomerCasChanged,
    ...(options.maxDatabaseUsersPerProject === undefined ? {} : { maxDatabaseUsersPerProject: options.maxDatabaseUsersPerProject }),
  });
  const boot = await core.bootstrap();
  if (!boot.initialized || !boot.publicKey || !boot.privateKey) throw new Error("bootstrap did not initialize a fresh store");
  const webUi = createWebUi({ core, access: createWebAccess(store, options.throttleLimits ? { throttleLimits: options.throttleLimits } : {}) });
  const alerts = createAlertsService({ store, core, masterKey, clock: systemClock });
  const app = await buildApiServer({ core, alerts, authenticateRequest: webUi.authenticateRequest });
  webUi.register(app);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  if (typeof address !== "object" || address === null) throw new Error("the server has no TCP address");
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    app,
    core,
    store,
    masterKey,
    baseUrl,
    api: `${baseUrl}/api/atlas/v1.0`,
    orgId: boot.orgId,
    projectId: boot.projectId,
    apiKey: { publicKey: boot.publicKey, privateKey: boot.privateKey },
    async addPerson(params) {
      const { person, password } = await createPerson(store, {
        orgId: boot.orgId,
        email: params.email,
        orgRoles: params.orgRoles ?? [],
        ...(params.groupRoles ? { groupRoles: params.groupRoles } : {}),
      });
      return { email: person.email, password };
    },
    async close() {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
