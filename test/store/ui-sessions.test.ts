/**
 * Web UI sessions in the store, on SQLite and PostgreSQL: the token is never stored, sessions end when
 * idle or old, `last_seen_at` is written at most once per interval, expired rows are purged, and two
 * instances over one store see the same sessions.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { SessionStore, type SessionUpkeep } from "../../src/core/ui-sessions.js";
import { ManualClock } from "../../src/shared/clock.js";
import { createOrganization, type Store } from "../../src/store/index.js";
import { createPersonRow } from "../../src/store/repos/people.js";
import { forEachStoreDialect } from "../support/test-stores.js";

const T0 = Date.parse("2026-03-01T09:00:00.000Z");
const lifetimes = { idleMs: 10_000, absoluteMs: 50_000 };
const upkeep: SessionUpkeep = { lastSeenWriteIntervalMs: 1_000, sweepIntervalMs: 30_000 };

async function seedPeople(store: Store, ...ids: string[]): Promise<void> {
  await createOrganization(store.db, { id: "o1", name: "Org", created_at: new Date(T0).toISOString() });
  for (const id of ids) {
    await createPersonRow(store.db, { id, org_id: "o1", email: `${id}@example.com`, password_hash: "x", org_roles: "[]", created_at: new Date(T0).toISOString() });
  }
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

async function rows(store: Store) {
  return store.db.selectFrom("ui_sessions").selectAll().orderBy("created_at").orderBy("token_hash").execute();
}

forEachStoreDialect("ui sessions", ({ freshStore }) => {
  test("a session is found by its token; the store holds the token's SHA-256, never the token", async () => {
    const store = await freshStore();
    await seedPeople(store, "pa", "pb");
    const sessions = new SessionStore(store, new ManualClock(T0), lifetimes, upkeep);
    const a = await sessions.create("pa");
    const b = await sessions.create("pb");
    assert.notEqual(a.token, b.token);
    assert.notEqual(a.session.csrfToken, b.session.csrfToken);
    assert.notEqual(a.token, a.session.csrfToken);
    assert.match(a.token, /^[A-Za-z0-9_-]{43}$/, "32 random bytes, base64url");

    const found = await sessions.get(a.token);
    assert.deepEqual(found, { personId: "pa", csrfToken: a.session.csrfToken, createdAt: T0, lastSeenAt: T0 });
    assert.equal((await sessions.get(b.token))?.personId, "pb");
    assert.equal(await sessions.get("not-a-token"), undefined);

    const stored = await rows(store);
    assert.deepEqual(stored.map((r) => r.token_hash).sort(), [sha256(a.token), sha256(b.token)].sort());
    const everything = JSON.stringify(stored);
    assert.ok(!everything.includes(a.token) && !everything.includes(b.token), "no column holds a token");
    assert.deepEqual(
      stored.map((r) => [r.person_id, r.created_at, r.last_seen_at]).sort(),
      [
        ["pa", "2026-03-01T09:00:00.000Z", "2026-03-01T09:00:00.000Z"],
        ["pb", "2026-03-01T09:00:00.000Z", "2026-03-01T09:00:00.000Z"],
      ],
    );
  });

  test("a session unused for longer than the idle lifetime ends, and its row is deleted on access", async () => {
    const store = await freshStore();
    await seedPeople(store, "p");
    const clock = new ManualClock(T0);
    const sessions = new SessionStore(store, clock, lifetimes, upkeep);
    const { token } = await sessions.create("p");
    clock.advance(10_000);
    assert.ok(await sessions.get(token), "exactly the idle lifetime: still alive");
    clock.advance(10_001);
    assert.equal(await sessions.get(token), undefined);
    assert.deepEqual(await rows(store), []);
  });

  test("a session in use ends after its absolute lifetime", async () => {
    const store = await freshStore();
    await seedPeople(store, "p");
    const clock = new ManualClock(T0);
    const sessions = new SessionStore(store, clock, lifetimes, upkeep);
    const { token } = await sessions.create("p");
    for (let i = 1; i <= 5; i++) {
      clock.advance(9_000);
      assert.ok(await sessions.get(token), `still alive after ${i * 9} s of use`);
    }
    clock.advance(6_000);
    assert.equal(await sessions.get(token), undefined, "used 6 s ago, but 51 s old: past the absolute lifetime");
    assert.deepEqual(await rows(store), []);
  });

  test("last_seen_at is written at most once per interval, and only forward", async () => {
    const store = await freshStore();
    await seedPeople(store, "p");
    const clock = new ManualClock(T0);
    const sessions = new SessionStore(store, clock, lifetimes, upkeep);
    const { token } = await sessions.create("p");
    const lastSeen = async () => (await rows(store))[0]?.last_seen_at;

    clock.advance(999);
    assert.equal((await sessions.get(token))?.lastSeenAt, T0);
    assert.equal(await lastSeen(), "2026-03-01T09:00:00.000Z", "999 ms after the last write: no write");
    clock.advance(1);
    assert.equal((await sessions.get(token))?.lastSeenAt, T0 + 1_000);
    assert.equal(await lastSeen(), "2026-03-01T09:00:01.000Z", "1 s after the last write: written");

    const lagging = new SessionStore(store, new ManualClock(T0 + 500), lifetimes, { ...upkeep, lastSeenWriteIntervalMs: 0 });
    await lagging.get(token);
    assert.equal(await lastSeen(), "2026-03-01T09:00:01.000Z", "an instance with an earlier time does not move it back");
  });

  test("the idle timer counts from the last write: a session read only within the write interval still ends", async () => {
    const store = await freshStore();
    await seedPeople(store, "p");
    const clock = new ManualClock(T0);
    const sessions = new SessionStore(store, clock, lifetimes, { ...upkeep, lastSeenWriteIntervalMs: 60_000 });
    const { token } = await sessions.create("p");
    clock.advance(9_000);
    assert.ok(await sessions.get(token));
    clock.advance(1_001);
    assert.equal(await sessions.get(token), undefined, "the 9 s read was not written, so 10.001 s count as idle");
  });

  test("sign-out deletes the session; ending a person's sessions leaves other people's", async () => {
    const store = await freshStore();
    await seedPeople(store, "p", "q");
    const sessions = new SessionStore(store, new ManualClock(T0), lifetimes, upkeep);
    const one = await sessions.create("p");
    const two = await sessions.create("p");
    const other = await sessions.create("q");
    await sessions.delete(one.token);
    assert.equal(await sessions.get(one.token), undefined);
    assert.ok(await sessions.get(two.token));
    assert.equal(await sessions.endPersonSessions("p"), 1);
    assert.equal(await sessions.get(two.token), undefined);
    assert.equal((await sessions.get(other.token))?.personId, "q");
  });

  test("removing a person removes their sessions (foreign key cascade)", async () => {
    const store = await freshStore();
    await seedPeople(store, "p", "q");
    const sessions = new SessionStore(store, new ManualClock(T0), lifetimes, upkeep);
    const gone = await sessions.create("p");
    const kept = await sessions.create("q");
    await store.db.deleteFrom("people").where("id", "=", "p").execute();
    assert.equal(await sessions.get(gone.token), undefined);
    assert.ok(await sessions.get(kept.token));
    assert.deepEqual((await rows(store)).map((r) => r.person_id), ["q"]);
  });

  test("the sweep deletes every expired session, without their tokens, and runs at most once per interval", async () => {
    const store = await freshStore();
    await seedPeople(store, "p");
    const clock = new ManualClock(T0);
    const sessions = new SessionStore(store, clock, lifetimes, upkeep);
    await sessions.create("p"); // the first call sweeps; the next sweep is due 30 s later
    const idle = await sessions.create("p");
    clock.advance(9_000);
    const fresh = await sessions.create("p");
    clock.advance(2_000); // `idle` has been unused 11 s
    await sessions.get(fresh.token);
    assert.equal((await rows(store)).length, 3, "no sweep before its interval");

    clock.advance(19_000); // 30 s after the first sweep; `fresh` was touched 19 s ago
    const live = await sessions.create("p");
    assert.deepEqual((await rows(store)).map((r) => r.token_hash), [sha256(live.token)], "the due sweep removed all three expired rows");
    assert.equal(await sessions.get(idle.token), undefined);

    const again = await sessions.create("p");
    clock.advance(10_001);
    assert.equal(await sessions.sweep(), 2, "an explicit sweep deletes what expired since");
    assert.equal(await sessions.get(again.token), undefined);
  });

  test("two instances over one store share sessions: created on one, used and ended on the other", async () => {
    const store = await freshStore();
    await seedPeople(store, "p");
    const clock = new ManualClock(T0);
    const first = new SessionStore(store, clock, lifetimes, upkeep);
    const second = new SessionStore(store, clock, lifetimes, upkeep);
    const { token, session } = await first.create("p");
    assert.equal((await second.get(token))?.csrfToken, session.csrfToken);
    await second.delete(token);
    assert.equal(await first.get(token), undefined);
  });
});
