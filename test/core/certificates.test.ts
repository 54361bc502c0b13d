import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { CoreError, createCore, type ChangeEvent } from "../../src/core/index.js";
import { CaSignerCache } from "../../src/pki/ca-signer-cache.js";
import type { CaSigner } from "../../src/pki/ca-signer.js";
import { PkiError } from "../../src/pki/pki-error.js";
import { randomSerialNumber } from "../../src/pki/serial-number.js";
import { MasterKey } from "../../src/pki/master-key.js";
import { openStore } from "../../src/store/index.js";
import { stringifyJson } from "../../src/shared/json.js";
import { atlasTime } from "../../src/core/ids.js";
import { failInsertsInto, makeCoreFixture, rejection, type CoreFixture } from "../support/core-harness.js";
import { forEachStoreDialect } from "../support/test-stores.js";

const scratch = mkdtempSync(join(tmpdir(), "certgate-core-certs-"));
after(() => rmSync(scratch, { recursive: true, force: true }));
let files = 0;

/** Runs openssl on PEM inputs written to files; returns stdout. */
function openssl(args: (string | { pem: string })[]): string {
  const resolved = args.map((arg) => {
    if (typeof arg === "string") return arg;
    const path = join(scratch, `in-${(files += 1)}.pem`);
    writeFileSync(path, arg.pem);
    return path;
  });
  return execFileSync("openssl", resolved, { encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
}

function assertCode(error: unknown, code: string): void {
  assert.ok(error instanceof CoreError, `expected a CoreError ${code}, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
}

const MONTH_MS = 31 * 24 * 3600 * 1000;

async function withManagedUser(f: CoreFixture, username = "app"): Promise<void> {
  await f.core.databaseUsers.create(f.owner, f.projectId, {
    databaseName: "$external",
    x509Type: "MANAGED",
    username,
    roles: [{ roleName: "readWrite", databaseName: "shop" }],
  });
}

function splitPem(pem: string): { cert: string; key: string } {
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/.exec(pem)?.[0];
  const key = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n/.exec(pem)?.[0];
  assert.ok(cert !== undefined && key !== undefined, "the PEM holds a certificate then a PKCS#8 key");
  assert.ok(pem.indexOf(cert) < pem.indexOf(key), "certificate first, key second");
  return { cert, key };
}

forEachStoreDialect("core certificates", ({ freshStore }) => {
  test("issue: a CN=<user> certificate from the project's CA, verified by openssl, recorded with its serial", async () => {
    const f = await makeCoreFixture(await freshStore());
    await withManagedUser(f);
    const seen: ChangeEvent[] = [];
    f.core.onChange((e) => seen.push(e));
    const issued = await f.core.certificates.issue(f.owner, f.projectId, "app", { monthsUntilExpiration: 12 });
    const { cert, key } = splitPem(issued.pem);
    const trust = await f.core.dataPlane.loadProjectTrust(f.projectId);
    assert.equal(trust.managedCaPems.length, 1, "the CA was created on first use");
    const caPem = trust.managedCaPems[0] as string;
    assert.match(openssl(["verify", "-purpose", "sslclient", "-CAfile", { pem: caPem }, { pem: cert }]), /: OK/);
    const text = openssl(["x509", "-noout", "-subject", "-serial", "-enddate", "-nameopt", "RFC2253", "-in", { pem: cert }]);
    assert.match(text, /^subject=CN=app$/m);
    const serialHex = /^serial=([0-9A-F]+)$/m.exec(text)?.[1] as string;
    assert.equal(BigInt(`0x${serialHex}`), issued.serial);
    assert.ok(issued.serial > 0n && issued.serial < 1n << 63n, "a positive 63-bit serial");
    assert.match(openssl(["pkey", "-noout", "-text", "-in", { pem: key }]), /P-256|prime256v1/);
    const expected = new Date(f.clock.now());
    expected.setUTCMonth(expected.getUTCMonth() + 12);
    assert.equal(issued.notAfter, expected.toISOString().replace(/\.\d{3}Z$/, "Z"));
    assert.equal(issued.subject, "CN=app");

    const listed = await f.core.certificates.list(f.owner, f.projectId, "app");
    assert.equal(listed.totalCount, 1);
    assert.deepEqual(listed.results[0], {
      _id: issued.serial,
      createdAt: atlasTime(f.clock.now()),
      groupId: f.projectId,
      notAfter: issued.notAfter,
      subject: "CN=app",
    });
    assert.ok(stringifyJson(listed).includes(`"_id":${issued.serial.toString()}`), "the serial is written as an exact JSON integer");
    const { version, ...change } = seen.at(-1) ?? { version: undefined };
    assert.deepEqual(change, { projectId: f.projectId, kind: "CERTIFICATES" });
    assert.equal(typeof version, "number", "the event carries the project's new change counter");
    const feed = await f.core.events.list(f.owner, f.projectId, { itemsPerPage: 1 });
    assert.equal(feed.results[0]?.eventTypeName, "MONGODB_USER_X509_CERT_CREATED");
  });

  test("monthsUntilExpiration defaults to 3, is 1..24, and every refusal has Atlas's code", async () => {
    const f = await makeCoreFixture(await freshStore());
    await withManagedUser(f);
    const issued = await f.core.certificates.issue(f.owner, f.projectId, "CN=app");
    const expected = new Date(f.clock.now());
    expected.setUTCMonth(expected.getUTCMonth() + 3);
    assert.equal(issued.notAfter, expected.toISOString().replace(/\.\d{3}Z$/, "Z"));
    assertCode(await rejection(f.core.certificates.issue(f.owner, f.projectId, "app", { monthsUntilExpiration: 25 })), "CERT_EXPIRY_CANNOT_EXCEED_TWO_YEARS");
    for (const bad of [0, -1, 1.5, "3"]) {
      assertCode(await rejection(f.core.certificates.issue(f.owner, f.projectId, "app", { monthsUntilExpiration: bad })), "INVALID_ATTRIBUTE");
    }
    assertCode(await rejection(f.core.certificates.issue(f.owner, f.projectId, "nobody")), "USERNAME_NOT_FOUND");
    await f.core.databaseUsers.create(f.owner, f.projectId, {
      databaseName: "$external",
      x509Type: "CUSTOMER",
      username: "CN=ext,O=Acme",
      roles: [{ roleName: "read", databaseName: "shop" }],
    });
    assertCode(await rejection(f.core.certificates.issue(f.owner, f.projectId, "CN=ext,O=Acme")), "USER_NOT_MANAGED_X509");
    await f.core.databaseUsers.create(f.owner, f.projectId, {
      username: "scram",
      password: "long enough",
      roles: [{ roleName: "read", databaseName: "shop" }],
    });
    assertCode(await rejection(f.core.certificates.issue(f.owner, f.projectId, "scram")), "USER_NOT_MANAGED_X509");
    assert.equal((await f.core.certificates.list(f.owner, f.projectId, "app")).totalCount, 1, "only the default issue was recorded");
  });

  test("who may issue and list", async () => {
    const f = await makeCoreFixture(await freshStore());
    await withManagedUser(f);
    const admin = await f.actorWith({ group: ["GROUP_DATABASE_ACCESS_ADMIN"] });
    const reader = await f.actorWith({ group: ["GROUP_READ_ONLY"] });
    await f.core.certificates.issue(admin, f.projectId, "app", { monthsUntilExpiration: 1 });
    assertCode(await rejection(f.core.certificates.issue(reader, f.projectId, "app")), "USER_UNAUTHORIZED");
    assert.equal((await f.core.certificates.list(reader, f.projectId, "app")).totalCount, 1);
    const { actor: outsider } = await f.outsider();
    assertCode(await rejection(f.core.certificates.list(outsider, f.projectId, "app")), "NOT_IN_GROUP");
  });

  test("the list leaves out expired certificates unless asked, and pages oldest first", async () => {
    const f = await makeCoreFixture(await freshStore());
    await withManagedUser(f);
    const short = await f.core.certificates.issue(f.owner, f.projectId, "app", { monthsUntilExpiration: 1 });
    f.clock.advance(1000);
    const long = await f.core.certificates.issue(f.owner, f.projectId, "app", { monthsUntilExpiration: 6 });
    const both = await f.core.certificates.list(f.owner, f.projectId, "app", { itemsPerPage: 1, pageNum: 2 });
    assert.deepEqual(both.results.map((c) => c._id), [long.serial]);
    assert.equal(both.totalCount, 2);
    f.clock.advance(2 * MONTH_MS);
    const valid = await f.core.certificates.list(f.owner, f.projectId, "app");
    assert.deepEqual(valid.results.map((c) => c._id), [long.serial]);
    const all = await f.core.certificates.list(f.owner, f.projectId, "app", { includeExpired: true });
    assert.deepEqual(all.results.map((c) => c._id), [short.serial, long.serial]);
  });

  test("revoke (extension): refused twice, listed in the CRL that openssl checks", async () => {
    const f = await makeCoreFixture(await freshStore());
    await withManagedUser(f);
    const keep = await f.core.certificates.issue(f.owner, f.projectId, "app");
    const drop = await f.core.certificates.issue(f.owner, f.projectId, "app");
    const revoked = await f.core.certificates.revoke(f.owner, f.projectId, "app", drop.serial);
    assert.equal(revoked._id, drop.serial);
    assert.match(revoked.revokedAt ?? "", /Z$/);
    assertCode(await rejection(f.core.certificates.revoke(f.owner, f.projectId, "app", drop.serial)), "CERTIFICATE_ALREADY_REVOKED");
    assertCode(await rejection(f.core.certificates.revoke(f.owner, f.projectId, "app", 12345n)), "CERTIFICATE_NOT_FOUND");
    const reader = await f.actorWith({ group: ["GROUP_READ_ONLY"] });
    assertCode(await rejection(f.core.certificates.revoke(reader, f.projectId, "app", keep.serial)), "USER_UNAUTHORIZED");

    assert.deepEqual((await f.core.certificates.list(f.owner, f.projectId, "app")).results.map((c) => c._id), [keep.serial]);
    const trust = await f.core.dataPlane.loadProjectTrust(f.projectId);
    assert.deepEqual(trust.revokedSerials, [drop.serial.toString()]);

    const crl = await f.core.certificates.crl(reader, f.projectId);
    const caPem = trust.managedCaPems[0] as string;
    const crlText = openssl(["crl", "-noout", "-text", "-CAfile", { pem: caPem }, "-in", { pem: crl }]);
    assert.match(crlText, new RegExp(`Serial Number: 0*${drop.serial.toString(16).toUpperCase()}`));
    assert.doesNotMatch(crlText, new RegExp(keep.serial.toString(16).toUpperCase()));
    const bundle = caPem + crl;
    const verifyDropped = (() => {
      try {
        return openssl(["verify", "-crl_check", "-CAfile", { pem: bundle }, { pem: splitPem(drop.pem).cert }]);
      } catch (error) {
        return String((error as { stdout?: string; stderr?: string }).stderr ?? error);
      }
    })();
    assert.match(verifyDropped, /certificate revoked/);
    assert.match(openssl(["verify", "-crl_check", "-CAfile", { pem: bundle }, { pem: splitPem(keep.pem).cert }]), /: OK/);
  });

  test("the CRL is signed once per change of the revocations, and another instance sees a revocation at once", async () => {
    const store = await freshStore();
    const f = await makeCoreFixture(store);
    await withManagedUser(f);
    const first = await f.core.certificates.issue(f.owner, f.projectId, "app");
    const second = await f.core.certificates.issue(f.owner, f.projectId, "app");
    const other = createCore({ store, masterKey: f.masterKey, clock: f.clock });
    const serialPattern = (serial: bigint) => new RegExp(`Serial Number: 0*${serial.toString(16).toUpperCase()}\n`);
    const text = (crl: string) => openssl(["crl", "-noout", "-text", "-in", { pem: crl }]);

    const empty = await f.core.certificates.crl(f.owner, f.projectId);
    f.clock.advance(60_000);
    // Unchanged revocations: the same signed text (a rebuild would carry a later thisUpdate and CRL number).
    assert.equal(await f.core.certificates.crl(f.owner, f.projectId), empty);
    const otherEmpty = await other.certificates.crl(f.owner, f.projectId);
    assert.match(text(otherEmpty), /No Revoked Certificates/);

    f.clock.advance(60_000);
    await f.core.certificates.revoke(f.owner, f.projectId, "app", first.serial);
    const [a, b] = await Promise.all([f.core.certificates.crl(f.owner, f.projectId), f.core.certificates.crl(f.owner, f.projectId)]);
    assert.equal(a, b, "concurrent requests share one build");
    assert.notEqual(a, empty);
    assert.match(text(a), serialPattern(first.serial));
    const otherAfter = await other.certificates.crl(f.owner, f.projectId);
    assert.match(text(otherAfter), serialPattern(first.serial), "the other instance's cached CRL was replaced");
    assert.doesNotMatch(text(otherAfter), serialPattern(second.serial));

    // Deleting the user revokes its other certificate: another change of the revocations.
    await other.databaseUsers.delete(f.owner, f.projectId, "$external", "app");
    const afterDelete = text(await f.core.certificates.crl(f.owner, f.projectId));
    assert.match(afterDelete, serialPattern(first.serial));
    assert.match(afterDelete, serialPattern(second.serial));
  });

  test("deleting a user revokes its certificates in the same transaction", async () => {
    const f = await makeCoreFixture(await freshStore());
    await withManagedUser(f);
    const issued = await f.core.certificates.issue(f.owner, f.projectId, "app");
    await f.core.databaseUsers.delete(f.owner, f.projectId, "$external", "app");
    const trust = await f.core.dataPlane.loadProjectTrust(f.projectId);
    assert.deepEqual(trust.revokedSerials, [issued.serial.toString()]);
  });

  test("a failed insert leaves neither certificate record nor event; the user still gets no certificate", async () => {
    const store = await freshStore();
    const f = await makeCoreFixture(store);
    await withManagedUser(f);
    await f.core.certificates.issue(f.owner, f.projectId, "app");
    for (const table of ["certificates", "events"]) {
      const before = (await f.core.events.list(f.owner, f.projectId)).totalCount;
      const restore = await failInsertsInto(store, table);
      try {
        assert.match(String(await rejection(f.core.certificates.issue(f.owner, f.projectId, "app"))), /injected failure/);
      } finally {
        await restore();
      }
      assert.equal((await f.core.certificates.list(f.owner, f.projectId, "app", { includeExpired: true })).totalCount, 1, table);
      assert.equal((await f.core.events.list(f.owner, f.projectId)).totalCount, before, table);
    }
  });

  test("a CA signature that fails after the record was written leaves neither record nor event, and the error is answered", async () => {
    // The record is written while the signature is computed; a signer whose key cannot make the
    // signature it is asked for fails only after that.
    class FailingSignerCache extends CaSignerCache {
      failing = false;
      override async get(...args: Parameters<CaSignerCache["get"]>): Promise<CaSigner> {
        const signer = await super.get(...args);
        return this.failing ? { ...signer, signingAlgorithm: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } } : signer;
      }
    }
    const signerCache = new FailingSignerCache();
    const f = await makeCoreFixture(await freshStore(), { signerCache });
    await withManagedUser(f);
    await f.core.certificates.issue(f.owner, f.projectId, "app");
    const eventsBefore = (await f.core.events.list(f.owner, f.projectId)).totalCount;
    signerCache.failing = true;
    const error = await rejection(f.core.certificates.issue(f.owner, f.projectId, "app"));
    assert.ok(!(error instanceof CoreError), `the signature's own error is answered, got ${String(error)}`);
    assert.equal((await f.core.certificates.list(f.owner, f.projectId, "app", { includeExpired: true })).totalCount, 1);
    assert.equal((await f.core.events.list(f.owner, f.projectId)).totalCount, eventsBefore);
    signerCache.failing = false;
    await f.core.certificates.issue(f.owner, f.projectId, "app");
    assert.equal((await f.core.certificates.list(f.owner, f.projectId, "app")).totalCount, 2);
  });

  test("a serial its CA already used is refused by the store and drawn again; the certificate carries the new one", async () => {
    const drawn: bigint[] = [];
    let next: bigint[] = [];
    const f = await makeCoreFixture(await freshStore(), {
      drawSerialNumber: () => {
        const serial = next.shift() ?? randomSerialNumber();
        drawn.push(serial);
        return serial;
      },
    });
    await withManagedUser(f);
    const used = 0x0123456789abcdefn;
    next = [used];
    const first = await f.core.certificates.issue(f.owner, f.projectId, "app");
    assert.equal(first.serial, used);
    const fresh = 0x0223456789abcdefn;
    next = [used, fresh];
    drawn.length = 0;
    const eventsBefore = (await f.core.events.list(f.owner, f.projectId)).totalCount ?? 0;
    const second = await f.core.certificates.issue(f.owner, f.projectId, "app");
    assert.deepEqual(drawn, [used, fresh]);
    assert.equal(second.serial, fresh);
    assert.equal(new X509Certificate(second.pem.slice(0, second.pem.indexOf("-----END CERTIFICATE-----") + 25)).serialNumber, "0223456789ABCDEF");
    const listed = await f.core.certificates.list(f.owner, f.projectId, "app");
    assert.deepEqual(new Set(listed.results.map((c) => c._id)), new Set([used, fresh]));
    assert.equal((await f.core.events.list(f.owner, f.projectId)).totalCount, eventsBefore + 1, "one event for the one certificate");

    next = [used, fresh, used, fresh];
    const error = await rejection(f.core.certificates.issue(f.owner, f.projectId, "app"));
    assert.ok(error instanceof PkiError && error.code === "SERIAL_EXHAUSTED", String(error));
    assert.equal((await f.core.certificates.list(f.owner, f.projectId, "app")).totalCount, 2);
    assert.equal((await f.core.events.list(f.owner, f.projectId)).totalCount, eventsBefore + 1);
  });

  test("the CA is created once and reused; a CA too close to expiry is rotated", async () => {
    const f = await makeCoreFixture(await freshStore());
    await withManagedUser(f);
    await Promise.all([f.core.certificates.issue(f.owner, f.projectId, "app"), f.core.certificates.issue(f.owner, f.projectId, "app")]);
    await f.core.certificates.issue(f.owner, f.projectId, "app");
    assert.equal((await f.core.dataPlane.loadProjectTrust(f.projectId)).managedCaPems.length, 1);
    f.clock.advance(9 * 366 * 24 * 3600 * 1000);
    await f.core.certificates.issue(f.owner, f.projectId, "app", { monthsUntilExpiration: 24 });
    const cas = await f.store.db.selectFrom("managed_cas").select(["generation"]).where("project_id", "=", f.projectId).orderBy("generation").execute();
    assert.deepEqual(cas.map((c) => Number(c.generation)), [1, 2]);
  });
});

// The one RSA-4096 test: Atlas's managed certificates and CAs use RSA-4096 keys, certgate's default.
test("by default the CA and the user's key are RSA-4096, as Atlas's are [sqlite]", async () => {
  const store = await openStore({ sqlitePath: join(scratch, "rsa.db") });
  try {
    const core = createCore({ store, masterKey: MasterKey.random() });
    const boot = await core.bootstrap();
    const owner = (await core.apiKeys.authenticate(boot.publicKey as string))?.actor;
    assert.ok(owner !== undefined);
    await core.databaseUsers.create(owner, boot.projectId, {
      databaseName: "$external",
      x509Type: "MANAGED",
      username: "rsa",
      roles: [{ roleName: "read", databaseName: "shop" }],
    });
    const issued = await core.certificates.issue(owner, boot.projectId, "rsa");
    const { cert } = splitPem(issued.pem);
    assert.match(openssl(["x509", "-noout", "-text", "-in", { pem: cert }]), /Public-Key: \(4096 bit\)/);
    const caPem = (await core.dataPlane.loadProjectTrust(boot.projectId)).managedCaPems[0] as string;
    assert.match(openssl(["x509", "-noout", "-text", "-in", { pem: caPem }]), /Public-Key: \(4096 bit\)/);
  } finally {
    await store.close();
  }
});
