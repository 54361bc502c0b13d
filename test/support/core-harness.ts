/**
 * A core over a real store for tests: bootstrapped, with a manual clock, EC P-256 keys (fast) and
 * helpers that make operators with given roles through the real API-key use cases.
 */
import { sql } from "kysely";
import { onCustomerCasChanged } from "../../src/alerts/index.js";
import { createCore, type Actor, type Core, type GroupRole, type OrgRole } from "../../src/core/index.js";
import { newId } from "../../src/core/ids.js";
import type { CaSignerCache } from "../../src/pki/ca-signer-cache.js";
import { MasterKey } from "../../src/pki/master-key.js";
import { ManualClock } from "../../src/shared/clock.js";
import { createOrganization, createProject, type Store } from "../../src/store/index.js";

/** A bootstrapped core and the owner's actor. */
export interface CoreFixture {
  core: Core;
  store: Store;
  clock: ManualClock;
  masterKey: MasterKey;
  orgId: string;
  projectId: string;
  /** The ORG_OWNER key `bootstrap` created. */
  owner: Actor;
  /** A new API key of the organization with these roles (org roles default to ORG_MEMBER). */
  actorWith(roles: { org?: OrgRole[]; group?: GroupRole[]; projectId?: string }): Promise<Actor>;
  /** An ORG_OWNER of a second organization, which has its own project. */
  outsider(): Promise<{ actor: Actor; projectId: string }>;
}

/** Builds a fixture on `store`. */
export async function makeCoreFixture(
  store: Store,
  options: {
    maxDatabaseUsersPerProject?: number;
    onCrlBuildStart?: (projectId: string) => void;
    signerCache?: CaSignerCache;
    drawSerialNumber?: () => bigint;
  } = {},
): Promise<CoreFixture> {
  const clock = new ManualClock(Math.floor(Date.now() / 1000) * 1000);
  const masterKey = MasterKey.random();
  const core = createCore({
    store,
    masterKey,
    clock,
    userKeyAlgorithm: "EC_P256",
    caKeyAlgorithm: "EC_P256",
    onCustomerCasChanged,
    ...(options.maxDatabaseUsersPerProject === undefined ? {} : { maxDatabaseUsersPerProject: options.maxDatabaseUsersPerProject }),
    ...(options.onCrlBuildStart === undefined ? {} : { onCrlBuildStart: options.onCrlBuildStart }),
    ...(options.signerCache === undefined ? {} : { signerCache: options.signerCache }),
    ...(options.drawSerialNumber === undefined ? {} : { drawSerialNumber: options.drawSerialNumber }),
  });
  const boot = await core.bootstrap();
  if (!boot.initialized || boot.publicKey === undefined) throw new Error("bootstrap did not initialize a fresh store");
  const credentials = await core.apiKeys.authenticate(boot.publicKey);
  if (credentials === undefined) throw new Error("the bootstrap key does not authenticate");
  const owner = credentials.actor;
  const fixture: CoreFixture = {
    core,
    store,
    clock,
    masterKey,
    orgId: boot.orgId,
    projectId: boot.projectId,
    owner,
    async actorWith(roles) {
      const key = await core.apiKeys.create(owner, boot.orgId, { desc: "test key", roles: roles.org ?? ["ORG_MEMBER"] });
      if (roles.group !== undefined) {
        await core.apiKeys.assignToProject(owner, roles.projectId ?? boot.projectId, key.id, roles.group);
      }
      const resolved = await core.apiKeys.authenticate(key.publicKey);
      if (resolved === undefined) throw new Error("a new key does not authenticate");
      return resolved.actor;
    },
    async outsider() {
      const orgId = newId();
      const projectId = newId();
      const now = clock.now().toISOString();
      await createOrganization(store.db, { id: orgId, name: "Other org", created_at: now });
      await createProject(store.db, { id: projectId, org_id: orgId, name: "Other project", created_at: now });
      return {
        projectId,
        actor: { kind: "API_KEY", id: newId(), label: "outsider", orgId, orgRoles: ["ORG_OWNER"], groupRoles: {} },
      };
    },
  };
  return fixture;
}

/** Rejection of `promise`, or a failure if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/**
 * Makes every insert into `table` fail inside the database (a trigger), to show that a use case's
 * transaction leaves nothing behind; returns the function that removes the trigger.
 */
export async function failInsertsInto(store: Store, table: string): Promise<() => Promise<void>> {
  if (store.dialect === "sqlite") {
    await sql
      .raw(`CREATE TRIGGER injected_failure BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'injected failure'); END`)
      .execute(store.db);
    return async () => {
      await sql.raw("DROP TRIGGER injected_failure").execute(store.db);
    };
  }
  await sql
    .raw(
      "CREATE OR REPLACE FUNCTION injected_failure() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$",
    )
    .execute(store.db);
  await sql.raw(`CREATE TRIGGER injected_failure BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION injected_failure()`).execute(store.db);
  return async () => {
    await sql.raw(`DROP TRIGGER injected_failure ON ${table}`).execute(store.db);
  };
}
