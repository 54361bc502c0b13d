/**
 * The store's side of certificate work at scale: the retention purge keeps what it must, and the
 * queries that run over every certificate record are answered from the indexes made for them.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { CompiledQuery, type Compilable } from "kysely";
import { purgeExpiredCertificates } from "../../src/core/certificate-retention.js";
import { expiringCertificatesPage } from "../../src/store/repos/alert-expiry.js";
import { listRevokedCertificates, purgeableCertificatesQuery, revokedCertificatesPage } from "../../src/store/repos/certificates.js";
import { eventsPageQuery } from "../../src/store/repos/events.js";
import { remainingCertificateIds, recordAliceCertificate, SEEDED_AT, seedProjectWithCa } from "../support/certificate-records.js";
import { forEachStoreDialect } from "../support/test-stores.js";

const NOW = new Date("2026-06-01T00:00:00.000Z");
const DAY_MS = 24 * 3600 * 1000;

forEachStoreDialect("certificate records at scale", ({ dialect, freshStore }) => {
  test("retention purges records expired longer than the period, in batches, and keeps what an audit needs", async () => {
    const store = await freshStore();
    await seedProjectWithCa(store);
    const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);
    await recordAliceCertificate(store, "old-1", daysAgo(400));
    await recordAliceCertificate(store, "old-revoked-2", daysAgo(500), daysAgo(600).toISOString());
    await recordAliceCertificate(store, "alerted-3", daysAgo(400));
    await recordAliceCertificate(store, "recent-4", daysAgo(300));
    await recordAliceCertificate(store, "revoked-live-5", new Date(NOW.getTime() + 30 * DAY_MS), daysAgo(10).toISOString());
    await recordAliceCertificate(store, "live-6", new Date(NOW.getTime() + 30 * DAY_MS));
    // More expired records than one batch holds.
    for (let i = 0; i < 1100; i += 100) {
      await store.db
        .insertInto("certificates")
        .values(
          Array.from({ length: 100 }, (_, j) => ({
            id: `bulk-${String(i + j).padStart(5, "0")}`,
            project_id: "p1",
            ca_id: "ca1",
            database_user_id: null,
            username: "bulk",
            serial: String(1_000_000 + i + j),
            subject: "CN=bulk",
            not_before: SEEDED_AT,
            not_after: daysAgo(700 + j).toISOString(),
            created_at: SEEDED_AT,
            revoked_at: null,
          })),
        )
        .execute();
    }
    // An alert about the certificate "alerted-3" keeps its record.
    await store.db
      .insertInto("alerts")
      .values({
        id: "a1",
        project_id: "p1",
        org_id: "o1",
        alert_config_id: "c1",
        event_type_name: "MANAGED_USER_CERTS_EXPIRATION",
        target: "9000003",
        target_label: "certificate 9000003 of alice",
        target_expires_at: daysAgo(400).toISOString(),
        status: "CLOSED",
        open_key: null,
        created_at: SEEDED_AT,
        updated_at: SEEDED_AT,
        resolved_at: SEEDED_AT,
        last_notified_at: null,
        acknowledged_until: null,
        acknowledgement_comment: null,
        acknowledging_username: null,
      })
      .execute();

    assert.equal(await purgeExpiredCertificates(store, NOW, 0), 0, "0 keeps every record");
    assert.equal((await remainingCertificateIds(store)).length, 1106);
    assert.equal(await purgeExpiredCertificates(store, NOW, 365), 1102);
    assert.deepEqual(await remainingCertificateIds(store), ["alerted-3", "live-6", "recent-4", "revoked-live-5"]);
    assert.equal(await purgeExpiredCertificates(store, NOW, 365), 0, "a second run finds nothing");
  });

  test("reading revoked records page by page lets the event loop run between pages", async () => {
    const store = await freshStore();
    await seedProjectWithCa(store);
    const revokedAt = "2026-01-01T00:00:00.000Z";
    const rows = Array.from({ length: 1200 }, (_, i) => ({
      id: `r${String(i).padStart(5, "0")}`,
      project_id: "p1",
      ca_id: "ca1",
      database_user_id: null,
      username: "alice",
      serial: String(1_000_000 + i),
      subject: "CN=alice",
      not_before: SEEDED_AT,
      not_after: "2030-01-01T00:00:00.000Z",
      created_at: SEEDED_AT,
      revoked_at: revokedAt,
    }));
    for (let i = 0; i < rows.length; i += 100) await store.db.insertInto("certificates").values(rows.slice(i, i + 100)).execute();
    // better-sqlite3 answers synchronously: without a yield between pages every page would be read in
    // one event-loop turn, and this callback would run only after the last one.
    let otherWorkRan = false;
    setImmediate(() => {
      otherWorkRan = true;
    });
    const ranBeforePage: boolean[] = [];
    let read = 0;
    for await (const page of listRevokedCertificates(store.db, "p1", NOW.toISOString())) {
      ranBeforePage.push(otherWorkRan);
      read += page.length;
    }
    assert.equal(read, 1200);
    assert.deepEqual(ranBeforePage.slice(1), ranBeforePage.slice(1).map(() => true), `other work ran before pages: ${ranBeforePage.join(",")}`);
    assert.ok(ranBeforePage.length >= 3);
  });

  test("the CRL, the expiry alerts and the retention purge read along their indexes", async () => {
    const store = await freshStore();
    await seedProjectWithCa(store);
    await store.transaction(async (tx) => {
      const plan = async (query: Compilable): Promise<string> => {
        const compiled = query.compile();
        // PostgreSQL would rightly scan a table this small: make it show the plan it has for a large one.
        // Sorting is made dear too, so an index that gives the order is taken whenever one exists.
        if (dialect === "postgres") {
          for (const setting of ["enable_seqscan", "enable_bitmapscan", "enable_sort"]) await tx.executeQuery(CompiledQuery.raw(`set local ${setting} = off`));
        }
        const explain = dialect === "postgres" ? "explain " : "explain query plan ";
        const result = await tx.executeQuery(CompiledQuery.raw(`${explain}${compiled.sql}`, [...compiled.parameters]));
        return JSON.stringify(result.rows);
      };
      const now = NOW.toISOString();
      const after = { not_after: now, id: "x" };
      assert.match(await plan(revokedCertificatesPage(tx, "p1", now, after)), /certificates_revoked_expiry/);
      // Read from the index alone: the revoked rows lie scattered over the whole table.
      if (dialect === "sqlite") assert.match(await plan(revokedCertificatesPage(tx, "p1", now, after)), /COVERING INDEX certificates_revoked_expiry/);
      assert.match(await plan(expiringCertificatesPage(tx, "p1", now, "2026-07-01T00:00:00.000Z", after)), /certificates_unrevoked_expiry/);
      assert.match(await plan(purgeableCertificatesQuery(tx, now)), /certificates_expiry/);
      assert.match(await plan(purgeableCertificatesQuery(tx, now)), /alerts_target/);
      // The activity feed's pages come in index order: no sort of the project's whole history.
      const events = await plan(eventsPageQuery(tx, "p1", 0, 100));
      assert.match(events, /events_list/);
      assert.doesNotMatch(events, /TEMP B-TREE|Sort/);
    });
  });
});
