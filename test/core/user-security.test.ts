import assert from "node:assert/strict";
import { after, test } from "node:test";
import { CoreError, type ChangeEvent } from "../../src/core/index.js";
import { OpensslFixtures, opensslDate } from "../pki/openssl-fixtures.js";
import { failInsertsInto, makeCoreFixture, rejection } from "../support/core-harness.js";
import { forEachStoreDialect } from "../support/test-stores.js";

const fixtures = new OpensslFixtures();
after(() => fixtures.cleanup());
const root = fixtures.cert({ subject: "/CN=Customer Root/O=Acme" });
const intermediate = fixtures.cert({ subject: "/CN=Customer Issuing CA/O=Acme", issuer: root });
const leaf = fixtures.cert({ subject: "/CN=not a ca/O=Acme", issuer: root, extensions: ["basicConstraints=critical,CA:FALSE"] });
const expired = fixtures.cert({ subject: "/CN=Old Root/O=Acme", startDate: opensslDate(-400), endDate: opensslDate(-30) });

function assertCode(error: unknown, code: string): CoreError {
  assert.ok(error instanceof CoreError, `expected a CoreError ${code}, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
  return error;
}

forEachStoreDialect("core userSecurity", ({ freshStore }) => {
  test("a valid bundle is stored as sent, described per certificate, and announced", async () => {
    const f = await makeCoreFixture(await freshStore());
    const seen: ChangeEvent[] = [];
    f.core.onChange((e) => seen.push(e));
    const bundle = root.pem + intermediate.pem;
    const saved = await f.core.userSecurity.setCustomerCas(f.owner, f.projectId, bundle);
    assert.deepEqual(saved, { customerX509: { cas: bundle }, ldap: {} });
    assert.deepEqual(await f.core.userSecurity.get(f.owner, f.projectId), saved);
    assert.deepEqual(seen.map(({ projectId, kind }) => ({ projectId, kind })), [{ projectId: f.projectId, kind: "CUSTOMER_CAS" }]);
    const info = await f.core.dataPlane.listCustomerCaInfo(f.projectId);
    assert.deepEqual(
      info.map((ca) => [ca.position, ca.subject]),
      [
        [1, "CN=Customer Root,O=Acme"],
        [2, "CN=Customer Issuing CA,O=Acme"],
      ],
    );
    assert.match(info[0]?.sha256Fingerprint ?? "", /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.equal((await f.core.dataPlane.loadProjectTrust(f.projectId)).customerCasPem, bundle);
    const feed = await f.core.events.list(f.owner, f.projectId, { itemsPerPage: 1 });
    assert.equal(feed.results[0]?.eventTypeName, "USER_SECURITY_SETTINGS_UPDATED");
  });

  test("every problem of a refused bundle is reported, each naming its certificate", async () => {
    const f = await makeCoreFixture(await freshStore());
    const error = assertCode(
      await rejection(f.core.userSecurity.setCustomerCas(f.owner, f.projectId, root.pem + leaf.pem + expired.pem)),
      "INVALID_ATTRIBUTE",
    );
    assert.deepEqual(error.parameters, ["customerX509.cas"]);
    assert.equal(error.fields.length, 2, error.detail);
    assert.ok(error.fields.every((field) => field.field === "customerX509.cas"));
    assert.match(error.detail, /not a ca/);
    assert.match(error.detail, /Old Root/);
    assert.deepEqual(await f.core.userSecurity.get(f.owner, f.projectId), { customerX509: {}, ldap: {} }, "nothing was stored");
  });

  test("a bundle refused only for expiry answers EXPIRED_X509_CA_CERTIFICATE; empty or junk input is refused", async () => {
    const f = await makeCoreFixture(await freshStore());
    assertCode(await rejection(f.core.userSecurity.setCustomerCas(f.owner, f.projectId, expired.pem)), "EXPIRED_X509_CA_CERTIFICATE");
    assertCode(await rejection(f.core.userSecurity.setCustomerCas(f.owner, f.projectId, "  ")), "MISSING_ATTRIBUTE");
    assertCode(await rejection(f.core.userSecurity.setCustomerCas(f.owner, f.projectId, "hello")), "INVALID_ATTRIBUTE");
  });

  test("disable turns self-managed X.509 off, and is harmless when already off", async () => {
    const f = await makeCoreFixture(await freshStore());
    await f.core.userSecurity.setCustomerCas(f.owner, f.projectId, root.pem);
    assert.deepEqual(await f.core.userSecurity.disableCustomerX509(f.owner, f.projectId), { customerX509: {}, ldap: {} });
    assert.deepEqual(await f.core.userSecurity.disableCustomerX509(f.owner, f.projectId), { customerX509: {}, ldap: {} });
    assert.equal((await f.core.dataPlane.loadProjectTrust(f.projectId)).customerCasPem, undefined);
  });

  test("only owners manage userSecurity; a database access admin or reader is refused", async () => {
    const f = await makeCoreFixture(await freshStore());
    const projectOwner = await f.actorWith({ group: ["GROUP_OWNER"] });
    await f.core.userSecurity.setCustomerCas(projectOwner, f.projectId, root.pem);
    for (const roles of [["GROUP_DATABASE_ACCESS_ADMIN"], ["GROUP_READ_ONLY"]] as const) {
      const actor = await f.actorWith({ group: [...roles] });
      assertCode(await rejection(f.core.userSecurity.setCustomerCas(actor, f.projectId, root.pem)), "USER_UNAUTHORIZED");
      assertCode(await rejection(f.core.userSecurity.disableCustomerX509(actor, f.projectId)), "USER_UNAUTHORIZED");
      assertCode(await rejection(f.core.userSecurity.get(actor, f.projectId)), "USER_UNAUTHORIZED");
    }
  });

  test("a failure while recording the event keeps the previous bundle", async () => {
    const store = await freshStore();
    const f = await makeCoreFixture(store);
    await f.core.userSecurity.setCustomerCas(f.owner, f.projectId, root.pem);
    const restore = await failInsertsInto(store, "events");
    try {
      await rejection(f.core.userSecurity.setCustomerCas(f.owner, f.projectId, root.pem + intermediate.pem));
    } finally {
      await restore();
    }
    assert.deepEqual(await f.core.userSecurity.get(f.owner, f.projectId), { customerX509: { cas: root.pem }, ldap: {} });
  });
});
