/**
 * CSR signing and short-lived certificates (certgate extensions) through the core, with requests and
 * checks made by the real openssl.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { CoreError } from "../../src/core/index.js";
import { atlasTime } from "../../src/core/ids.js";
import { makeCoreFixture, rejection, type CoreFixture } from "../support/core-harness.js";
import { forEachStoreDialect } from "../support/test-stores.js";

const scratch = mkdtempSync(join(tmpdir(), "certgate-core-csr-"));
after(() => rmSync(scratch, { recursive: true, force: true }));
let files = 0;

function path(name: string): string {
  files += 1;
  return join(scratch, `${files}-${name}`);
}

function openssl(args: string[], input?: string): string {
  return execFileSync("openssl", args, { encoding: "utf8", input, stdio: ["pipe", "pipe", "pipe"] });
}

/** A CSR made by openssl for a new key; `keyArgs` are `openssl genpkey` arguments. */
function makeCsr(keyArgs: string[], subject = "/CN=ignored/O=Elsewhere"): { csr: string; key: string } {
  const key = path("key.pem");
  openssl(["genpkey", ...keyArgs, "-out", key]);
  const csr = openssl(["req", "-new", "-key", key, "-subj", subject]);
  return { csr, key: readFileSync(key, "utf8") };
}

function writeTemp(text: string): string {
  const file = path("in.pem");
  writeFileSync(file, text);
  return file;
}

function assertCode(error: unknown, code: string, detail?: RegExp): void {
  assert.ok(error instanceof CoreError, `expected a CoreError ${code}, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
  if (detail) assert.match(error.detail, detail);
}

async function managedUser(f: CoreFixture, username = "svc"): Promise<void> {
  await f.core.databaseUsers.create(f.owner, f.projectId, {
    databaseName: "$external",
    x509Type: "MANAGED",
    username,
    roles: [{ roleName: "read", databaseName: "shop" }],
  });
}

const P256 = ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"];
const P384 = ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"];
const RSA2048 = ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"];

forEachStoreDialect("core CSR signing and short-lived certificates", ({ freshStore }) => {
  test("a CSR is signed for its own key; the answer is the certificate alone with subject CN=<user>", async () => {
    const f = await makeCoreFixture(await freshStore());
    await managedUser(f);
    for (const keyArgs of [P256, P384, RSA2048]) {
      const { csr, key } = makeCsr(keyArgs);
      const issued = await f.core.certificates.issue(f.owner, f.projectId, "svc", { csr, monthsUntilExpiration: 2 });
      assert.doesNotMatch(issued.pem, /PRIVATE KEY/, "no key in the answer");
      assert.equal((issued.pem.match(/BEGIN CERTIFICATE/g) ?? []).length, 1);
      assert.equal(issued.subject, "CN=svc");
      const certFile = writeTemp(issued.pem);
      assert.match(openssl(["x509", "-noout", "-subject", "-nameopt", "RFC2253", "-in", certFile]), /^subject=CN=svc$/m);
      const certKey = openssl(["x509", "-noout", "-pubkey", "-in", certFile]);
      const csrKey = openssl(["pkey", "-pubout"], key);
      assert.equal(certKey, csrKey, "the certificate carries the request's public key");
      const caFile = writeTemp((await f.core.dataPlane.loadProjectTrust(f.projectId)).managedCaPems.join(""));
      assert.match(openssl(["verify", "-purpose", "sslclient", "-CAfile", caFile, certFile]), /: OK/);
    }
    assert.equal((await f.core.certificates.list(f.owner, f.projectId, "svc")).totalCount, 3);
  });

  test("refused CSRs: weak or unsupported keys, a broken signature, not a CSR, a key beside it", async () => {
    const f = await makeCoreFixture(await freshStore());
    await managedUser(f);
    const issue = (csr: unknown) => rejection(f.core.certificates.issue(f.owner, f.projectId, "svc", { csr }));
    assertCode(await issue(makeCsr(["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"]).csr), "CSR_KEY_NOT_ALLOWED", /1024 bits; RSA keys must have at least 2048/);
    assertCode(await issue(makeCsr(["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521"]).csr), "CSR_KEY_NOT_ALLOWED", /only P-256 and P-384/);
    assertCode(await issue(makeCsr(["-algorithm", "ED25519"]).csr), "CSR_KEY_NOT_ALLOWED", /ed25519/);

    // Another request's signature over this request's body: the structure reads, the signature fails.
    const good = makeCsr(P256, "/CN=a").csr;
    const der = Buffer.from(good.replace(/-----[^-]+-----/g, "").replace(/\s/g, ""), "base64");
    const tampered = Buffer.from(der);
    const at = tampered.indexOf(Buffer.from("a"), 10);
    tampered[at] = "b".charCodeAt(0);
    const tamperedPem = `-----BEGIN CERTIFICATE REQUEST-----\n${tampered.toString("base64").replace(/.{64}/g, "$&\n")}\n-----END CERTIFICATE REQUEST-----\n`;
    assertCode(await issue(tamperedPem), "INVALID_CSR", /signature does not verify/);

    assertCode(await issue("hello"), "INVALID_CSR", /no PEM block/);
    const { csr, key } = makeCsr(P256);
    assertCode(await issue(csr + key), "INVALID_CSR", /exactly one CERTIFICATE REQUEST block/);
    assertCode(await issue(42), "INVALID_CSR");
    assert.equal((await f.core.certificates.list(f.owner, f.projectId, "svc")).totalCount, 0, "nothing was issued");
  });

  test("short-lived: validity PT8H within the project's maximum, which owners can change", async () => {
    const f = await makeCoreFixture(await freshStore());
    await managedUser(f);
    const issued = await f.core.certificates.issue(f.owner, f.projectId, "svc", { validity: "PT8H" });
    const now = f.clock.now().getTime();
    assert.equal(issued.notAfter, atlasTime(new Date(now + 8 * 3600_000)));
    assert.equal(issued.notBefore, atlasTime(new Date(now - 5 * 60_000)), "five minutes of backdating");
    assert.equal(issued.createdAt, atlasTime(new Date(now)));
    const listed = (await f.core.certificates.list(f.owner, f.projectId, "svc")).results[0];
    assert.equal(listed?.createdAt, atlasTime(new Date(now)), "createdAt is the time of issue, not notBefore");

    assert.deepEqual(await f.core.certificates.getPolicy(f.owner, f.projectId), { maxValidity: "P30D" });
    assertCode(
      await rejection(f.core.certificates.issue(f.owner, f.projectId, "svc", { validity: "P31D" })),
      "CERT_VALIDITY_EXCEEDS_PROJECT_MAXIMUM",
      /at most P30D; P31D was asked for/,
    );
    assertCode(await rejection(f.core.certificates.issue(f.owner, f.projectId, "svc", { validity: "PT8H", monthsUntilExpiration: 1 })), "INVALID_ATTRIBUTE", /not both/);
    for (const bad of ["8h", "P1M", "P1Y", "PT", "", 8]) {
      assertCode(await rejection(f.core.certificates.issue(f.owner, f.projectId, "svc", { validity: bad })), "INVALID_ATTRIBUTE", /ISO 8601 duration/);
    }
    assertCode(await rejection(f.core.certificates.issue(f.owner, f.projectId, "svc", { validity: "PT1M" })), "INVALID_ATTRIBUTE", /at least PT5M/);

    const reader = await f.actorWith({ group: ["GROUP_READ_ONLY"] });
    assertCode(await rejection(f.core.certificates.setPolicy(reader, f.projectId, { maxValidity: "PT12H" })), "USER_UNAUTHORIZED");
    assert.deepEqual(await f.core.certificates.setPolicy(f.owner, f.projectId, { maxValidity: "PT12H" }), { maxValidity: "PT12H" });
    assert.deepEqual(await f.core.certificates.getPolicy(reader, f.projectId), { maxValidity: "PT12H" });
    assertCode(await rejection(f.core.certificates.issue(f.owner, f.projectId, "svc", { validity: "P1D" })), "CERT_VALIDITY_EXCEEDS_PROJECT_MAXIMUM");
    await f.core.certificates.issue(f.owner, f.projectId, "svc", { validity: "PT12H" });
    assertCode(await rejection(f.core.certificates.setPolicy(f.owner, f.projectId, { maxValidity: "P800D" })), "INVALID_ATTRIBUTE");
    // Atlas's months are not limited by the short-lived maximum.
    await f.core.certificates.issue(f.owner, f.projectId, "svc", { monthsUntilExpiration: 24 });
  });
});
