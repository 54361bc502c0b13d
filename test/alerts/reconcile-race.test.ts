/**
 * A worker that planned on the old CA bundle must not open an alert for it once an upload, in flight
 * while the worker runs, has replaced it: the worker changes a project only under the project's row
 * lock, which the upload holds until it commits, and re-reads the project under that lock. On SQLite one
 * process shares one connection, so the upload's transaction holds the worker's reads off entirely; on
 * PostgreSQL the upload runs on a second connection, as another API instance's would.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { sql, type KyselyPlugin } from "kysely";
import { AlertWorker, createAlertsService, unconfiguredEmailSender } from "../../src/alerts/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import { makeCaPem } from "../api/openssl.js";
import { makeCoreFixture } from "../support/core-harness.js";
import { eventually } from "../gateway/support/eventually.js";
import { forEachStoreDialect } from "../support/test-stores.js";

/** `store` for the worker, and a promise that resolves when the worker sends its first query. */
function watchFirstQuery(store: Store): { store: Store; queried: Promise<void> } {
  let queried: () => void = () => undefined;
  const first = new Promise<void>((resolve) => (queried = resolve));
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      queried();
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { store: { ...store, db: store.db.withPlugin(plugin) }, queried: first };
}

/** Resolves once a PostgreSQL session of this database waits for a lock another holds. */
async function someoneWaitsForALock(observer: Store): Promise<void> {
  await eventually(async () => {
    const waiting = await sql<{ n: string }>`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(observer.db);
    assert.notEqual(Number(waiting.rows[0]?.n), 0, "nobody waits for a lock yet");
  }, 10_000);
}

forEachStoreDialect("alerts: reconciliation racing a CA upload", ({ dialect, freshLocation }) => {
  test("the worker waits for the in-flight upload and then opens nothing for the replaced CA", async () => {
    const location = await freshLocation();
    const store = await openStore(location);
    const other = await openStore(location);
    try {
      const fx = await makeCoreFixture(store);
      const pem = makeCaPem("Racing CA", 20);
      fx.clock.set(new Date(Date.now() + 1000));
      await fx.core.userSecurity.setCustomerCas(fx.owner, fx.projectId, pem);
      // The committed state the worker will plan on: an expiring CA, an enabled configuration, no open alert.
      await store.db.updateTable("alerts").set({ status: "CLOSED", open_key: null }).where("project_id", "=", fx.projectId).execute();
      const renewed = JSON.stringify([
        { position: 1, subject: "CN=Renewed", notBefore: fx.clock.now().toISOString(), notAfter: new Date(fx.clock.now().getTime() + 400 * 86_400_000).toISOString(), sha256Fingerprint: "AA" },
      ]);

      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let locked: () => void = () => undefined;
      const holding = new Promise<void>((resolve) => (locked = resolve));
      // An upload in flight: bundle replaced and project locked, not yet committed.
      const uploader = dialect === "sqlite" ? store : other;
      const upload = uploader.transaction(async (tx) => {
        await tx.updateTable("customer_cas").set({ cas_info: renewed }).where("project_id", "=", fx.projectId).execute();
        await tx.updateTable("projects").set((eb) => ({ name: eb.ref("name") })).where("id", "=", fx.projectId).execute();
        locked();
        await gate;
      });
      await holding;
      const watched = watchFirstQuery(store);
      const worker = new AlertWorker({ store: watched.store, masterKey: fx.masterKey, clock: fx.clock, email: unconfiguredEmailSender });
      const run = worker.runOnce();
      // Held up mid-run: on PostgreSQL the worker has planned on the old bundle (its plan reads take no
      // lock) and waits for the project's row lock; on SQLite its first read waits for the one connection.
      if (dialect === "postgres") await someoneWaitsForALock(other);
      else await watched.queried;
      release();
      await upload;
      const report = await run;
      assert.equal(report.opened, 0, "nothing opened for the CA the upload replaced");
      const alerts = createAlertsService({ store, core: fx.core, masterKey: fx.masterKey, clock: fx.clock });
      assert.equal((await alerts.listAlerts(fx.owner, fx.projectId, { status: "OPEN" })).totalCount, 0);
    } finally {
      await other.close();
      await store.close();
    }
  });
});
