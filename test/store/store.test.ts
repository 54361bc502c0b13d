import assert from "node:assert/strict";
import { test } from "node:test";
import { Migrator, sql } from "kysely";
import { MIGRATIONS } from "../../src/store/migrations/index.js";
import {
  countDatabaseUsers,
  createDatabaseUser,
  createOrganization,
  createProject,
  deleteDatabaseUser,
  deleteProject,
  findDatabaseUser,
  isForeignKeyViolation,
  isUniqueViolation,
  listAppliedMigrations,
  listCertificates,
  listDatabaseUsers,
  openStore,
  recordCertificate,
  recordNonce,
  revokeUserCertificates,
  useNonce,
  recordNonceUse,
  bumpChangeCounter,
  readChangeCounters,
  type DatabaseUserRow,
  type Store,
} from "../../src/store/index.js";
import { recordCa1 } from "../support/certificate-records.js";
import { forEachStoreDialect } from "../support/test-stores.js";

const T0 = "2026-01-01T00:00:00.000Z";
/** Every migration in apply order; other areas add theirs to the same list. */
const ALL_MIGRATIONS = Object.keys(MIGRATIONS).sort();

async function seedProject(store: Store, projectId = "p1"): Promise<void> {
  await createOrganization(store.db, { id: "o1", name: "Org", created_at: T0 });
  await createProject(store.db, { id: projectId, org_id: "o1", name: "Project 0", created_at: T0 });
}

function userRow(id: string, username: string, projectId = "p1", createdAt = T0): DatabaseUserRow {
  return {
    id,
    project_id: projectId,
    database_name: "$external",
    username,
    x509_type: "MANAGED",
    ldap_auth_type: "NONE",
    aws_iam_type: "NONE",
    oidc_auth_type: "NONE",
    password_hash: null,
    roles: "[]",
    scopes: "[]",
    labels: "[]",
    description: null,
    delete_after_date: null,
    created_at: createdAt,
    updated_at: createdAt,
  };
}

async function seedCa(store: Store, projectId = "p1"): Promise<void> {
  await recordCa1(store, projectId, T0);
}

function certRow(id: string, serial: string, userId: string | null, notAfter = "2027-01-01T00:00:00.000Z") {
  return {
    id,
    project_id: "p1",
    ca_id: "ca1",
    database_user_id: userId,
    username: "alice",
    serial,
    subject: "CN=alice",
    not_before: T0,
    not_after: notAfter,
    created_at: T0,
    revoked_at: null,
  };
}

forEachStoreDialect("store", ({ dialect, freshStore, freshLocation }) => {
  test("migrations apply from empty, are recorded, and a second open runs none", async () => {
    const location = await freshLocation();
    const first = await openStore(location);
    try {
      assert.equal(first.dialect, dialect);
      assert.deepEqual(
        first.migrations.map((m) => [m.migrationName, m.status]),
        ALL_MIGRATIONS.map((name) => [name, "Success"]),
      );
      assert.deepEqual(ALL_MIGRATIONS.slice(0, 2), ["0001_init", "0002_list_indexes"]);
      assert.deepEqual(await listAppliedMigrations(first.db as never), ALL_MIGRATIONS);
    } finally {
      await first.close();
    }
    const second = await openStore(location);
    try {
      assert.deepEqual(second.migrations, []);
      assert.deepEqual(await listAppliedMigrations(second.db as never), ALL_MIGRATIONS);
    } finally {
      await second.close();
    }
  });

  test("a store at an older schema version is upgraded on open, one migration at a time", async () => {
    const location = await freshLocation();
    const first = await openStore(location);
    const migrator = new Migrator({ db: first.db, provider: { getMigrations: () => Promise.resolve({ ...MIGRATIONS }) } });
    const down = await migrator.migrateTo("0001_init");
    const later = ALL_MIGRATIONS.slice(1);
    assert.deepEqual(
      down.results?.map((r) => [r.migrationName, r.direction, r.status]),
      [...later].reverse().map((name) => [name, "Down", "Success"]),
    );
    await first.close();
    const upgraded = await openStore(location);
    try {
      assert.deepEqual(
        upgraded.migrations.map((m) => [m.migrationName, m.direction, m.status]),
        later.map((name) => [name, "Up", "Success"]),
      );
      if (dialect === "sqlite") {
        const plan = await sql<{ detail: string }>`EXPLAIN QUERY PLAN SELECT * FROM database_users WHERE project_id = 'p' ORDER BY created_at, id LIMIT 10`.execute(upgraded.db);
        const details = plan.rows.map((r) => r.detail).join("\n");
        assert.match(details, /database_users_list/);
        assert.doesNotMatch(details, /TEMP B-TREE/, "a page is read in index order, not sorted");
      }
    } finally {
      await upgraded.close();
    }
  });

  if (dialect === "sqlite") {
    test("SQLite runs in WAL mode with foreign keys on and a busy timeout", async () => {
      const store = await freshStore();
      const pragma = async (name: string) => Object.values((await sql.raw(`PRAGMA ${name}`).execute(store.db)).rows[0] as object)[0];
      assert.equal(await pragma("journal_mode"), "wal");
      assert.equal(await pragma("foreign_keys"), 1);
      assert.equal(await pragma("busy_timeout"), 5000);
    });
  }

  test("a database user round-trips and the (project, database, username) key is unique", async () => {
    const store = await freshStore();
    await seedProject(store);
    await createDatabaseUser(store.db, userRow("u1", "alice"));
    const found = await findDatabaseUser(store.db, "p1", "$external", "alice");
    assert.equal(found?.id, "u1");
    assert.equal(await findDatabaseUser(store.db, "p1", "admin", "alice"), undefined);
    const duplicate = await createDatabaseUser(store.db, userRow("u2", "alice")).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(isUniqueViolation(duplicate), `expected a unique violation, got ${String(duplicate)}`);
  });

  test("foreign keys are enforced: no user in a project that does not exist", async () => {
    const store = await freshStore();
    const error = await createDatabaseUser(store.db, userRow("u1", "alice", "missing")).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(isForeignKeyViolation(error), `expected a foreign-key violation, got ${String(error)}`);
  });

  test("listDatabaseUsers pages oldest first with the total count", async () => {
    const store = await freshStore();
    await seedProject(store);
    for (let i = 0; i < 7; i++) {
      await createDatabaseUser(store.db, userRow(`u${i}`, `user${i}`, "p1", `2026-01-01T00:00:0${i}.000Z`));
    }
    const page2 = await listDatabaseUsers(store.db, "p1", { offset: 3, limit: 3 });
    assert.equal(page2.totalCount, 7);
    assert.deepEqual(
      page2.rows.map((r) => r.username),
      ["user3", "user4", "user5"],
    );
    const page3 = await listDatabaseUsers(store.db, "p1", { offset: 6, limit: 3 });
    assert.deepEqual(
      page3.rows.map((r) => r.username),
      ["user6"],
    );
  });

  test("a transaction that fails mid-way leaves nothing behind", async () => {
    const store = await freshStore();
    await seedProject(store);
    await seedCa(store);
    await createDatabaseUser(store.db, userRow("u0", "bob"));
    await recordCertificate(store.db, certRow("c0", "42", "u0"));
    const failure = await store
      .transaction(async (tx) => {
        await createDatabaseUser(tx, userRow("u1", "alice"));
        // Same CA and serial as c0: the unique (ca_id, serial) constraint refuses it.
        await recordCertificate(tx, certRow("c1", "42", "u1"));
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(isUniqueViolation(failure));
    assert.equal(await findDatabaseUser(store.db, "p1", "$external", "alice"), undefined);
    assert.equal(await countDatabaseUsers(store.db, "p1"), 1);
  });

  test("a certificate cannot be recorded for a user that does not exist", async () => {
    const store = await freshStore();
    await seedProject(store);
    await seedCa(store);
    const error = await recordCertificate(store.db, certRow("c1", "7", "ghost")).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(isForeignKeyViolation(error));
  });

  test("deleting a user keeps its revoked certificate records with no user", async () => {
    const store = await freshStore();
    await seedProject(store);
    await seedCa(store);
    await createDatabaseUser(store.db, userRow("u1", "alice"));
    await recordCertificate(store.db, certRow("c1", "9223372036854775807", "u1"));
    await store.transaction(async (tx) => {
      assert.equal(await revokeUserCertificates(tx, "u1", T0, 1), 1);
      assert.equal(await deleteDatabaseUser(tx, "u1"), true);
    });
    const rows = await store.db.selectFrom("certificates").selectAll().execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.database_user_id, null);
    assert.equal(rows[0]?.revoked_at, T0);
    assert.equal(rows[0]?.serial, "9223372036854775807", "a 63-bit serial survives exactly as text");
  });

  test("listCertificates leaves out expired and revoked ones unless asked", async () => {
    const store = await freshStore();
    await seedProject(store);
    await seedCa(store);
    await createDatabaseUser(store.db, userRow("u1", "alice"));
    await recordCertificate(store.db, certRow("c1", "1", "u1", "2026-06-01T00:00:00.000Z"));
    await recordCertificate(store.db, certRow("c2", "2", "u1", "2025-06-01T00:00:00.000Z"));
    const now = "2026-02-01T00:00:00.000Z";
    const valid = await listCertificates(store.db, { databaseUserId: "u1", now, includeExpired: false, offset: 0, limit: 10, includeCount: true });
    assert.deepEqual(
      valid.rows.map((r) => r.serial),
      ["1"],
    );
    assert.equal(valid.totalCount, 1);
    const all = await listCertificates(store.db, { databaseUserId: "u1", now, includeExpired: true, offset: 0, limit: 10, includeCount: true });
    assert.equal(all.totalCount, 2);
    const uncounted = await listCertificates(store.db, { databaseUserId: "u1", now, includeExpired: true, offset: 0, limit: 10, includeCount: false });
    assert.equal(uncounted.rows.length, 2);
    assert.equal(uncounted.totalCount, undefined, "includeCount=false skips the count");
  });

  test("deleting a project deletes everything in it", async () => {
    const store = await freshStore();
    await seedProject(store);
    await seedCa(store);
    await createDatabaseUser(store.db, userRow("u1", "alice"));
    await recordCertificate(store.db, certRow("c1", "1", "u1"));
    assert.equal(await deleteProject(store.db, "p1"), true);
    for (const table of ["database_users", "managed_cas", "certificates"] as const) {
      const { n } = await store.db
        .selectFrom(table)
        .select(sql<number>`count(*)`.as("n"))
        .executeTakeFirstOrThrow();
      assert.equal(Number(n), 0, table);
    }
  });

  test("useNonce accepts each increasing count once, refuses replays, unknown and expired nonces", async () => {
    const store = await freshStore();
    await recordNonce(store.db, "n1", "2026-01-01T00:05:00.000Z");
    const at = "2026-01-01T00:01:00.000Z";
    assert.equal(await useNonce(store.db, "n1", 1, at), "ok");
    assert.equal(await useNonce(store.db, "n1", 1, at), "replayed");
    assert.equal(await useNonce(store.db, "n1", 2, at), "ok");
    assert.equal(await useNonce(store.db, "nope", 1, at), "unknown");
    assert.equal(await useNonce(store.db, "n1", 3, "2026-01-01T00:06:00.000Z"), "expired");
    const racing = await Promise.all([useNonce(store.db, "n1", 5, at), useNonce(store.db, "n1", 5, at)]);
    assert.deepEqual(racing.sort(), ["ok", "replayed"]);
  });

  test("recordNonceUse records a new nonce with its count in one write, then accepts only higher counts before expiry", async () => {
    const store = await freshStore();
    const expires = "2026-01-01T00:05:00.000Z";
    const at = "2026-01-01T00:01:00.000Z";
    assert.equal(await recordNonceUse(store.db, "n1", 1, expires, at), true);
    assert.equal(await recordNonceUse(store.db, "n1", 1, expires, at), false);
    assert.equal(await recordNonceUse(store.db, "n1", 3, expires, at), true);
    assert.equal(await recordNonceUse(store.db, "n1", 2, expires, at), false);
    assert.equal(await useNonce(store.db, "n1", 3, at), "replayed");
    assert.equal(await recordNonceUse(store.db, "n1", 9, expires, "2026-01-01T00:06:00.000Z"), false);
    const racing = await Promise.all([recordNonceUse(store.db, "n2", 1, expires, at), recordNonceUse(store.db, "n2", 1, expires, at)]);
    assert.deepEqual(racing.sort(), [false, true]);
  });

  test("change counters count per project", async () => {
    const store = await freshStore();
    await bumpChangeCounter(store.db, "p1");
    await bumpChangeCounter(store.db, "p1");
    await bumpChangeCounter(store.db, "p2");
    const counters = await readChangeCounters(store.db);
    assert.equal(counters.get("p1"), 2);
    assert.equal(counters.get("p2"), 1);
  });
});
