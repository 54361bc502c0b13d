/**
 * The certificate extensions through HTTP: CSR signing with curl --digest, short-lived certificates, the
 * project's certificate policy, and `createdAt` as the time of issue.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import type { ApiFixture } from "../api-harness.js";
import { runCurl, splitStatus } from "../curl.js";
import { digestJson, digestRequest } from "../digest-client.js";
import { openssl, pemBlocks } from "../openssl.js";

interface ErrorBody {
  errorCode: string;
  detail: string;
  error: number;
}

/** Declares the suite; `fx()` is the running API. */
export function certificateLifecycleSuite(fx: () => ApiFixture): void {
  const users = () => `${fx().api}/groups/${fx().projectId}/databaseUsers`;

  test("POST .../certs with a CSR answers the certificate alone (201), for the request's key, subject CN=<user>", async () => {
    const { owner, core, projectId } = fx();
    const made = await digestJson(users(), owner, {
      method: "POST",
      body: { databaseName: "$external", username: "csr-user", x509Type: "MANAGED", roles: [{ roleName: "read", databaseName: "app" }] },
    });
    assert.equal(made.status, 201, made.result.body);
    const key = openssl(() => ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]);
    const csr = openssl((d) => ["req", "-new", "-key", join(d, "k.pem"), "-subj", "/CN=someone-else/O=Ignored"], { "k.pem": key });
    const body = JSON.stringify({ csr, monthsUntilExpiration: 1 });
    const out = await runCurl([
      "--silent", "--show-error", "--digest", "--user", `${owner.publicKey}:${owner.privateKey}`,
      "--header", "Content-Type: application/json", "--request", "POST", "--data", body,
      "--write-out", "\n%{http_code}", `${users()}/csr-user/certs`,
    ]);
    assert.equal(out.code, 0, out.stderr);
    const { body: pem, status } = splitStatus(out.stdout);
    assert.equal(status, 201, pem);
    assert.deepEqual(pemBlocks(pem).map((b) => b.label), ["CERTIFICATE"], "the certificate alone, no key");
    assert.match(openssl((d) => ["x509", "-in", join(d, "c.pem"), "-noout", "-subject", "-nameopt", "RFC2253"], { "c.pem": pem }), /^subject=CN=csr-user$/m);
    const certPub = openssl((d) => ["x509", "-in", join(d, "c.pem"), "-noout", "-pubkey"], { "c.pem": pem });
    const keyPub = openssl((d) => ["pkey", "-in", join(d, "k.pem"), "-pubout"], { "k.pem": key });
    assert.equal(certPub, keyPub);
    const trust = await core.dataPlane.loadProjectTrust(projectId);
    assert.match(openssl((d) => ["verify", "-CAfile", join(d, "ca.pem"), join(d, "c.pem")], { "ca.pem": trust.managedCaPems.join(""), "c.pem": pem }), /: OK/);
  });

  test("refused CSRs name the reason: a 1024-bit RSA key, a text that is not a CSR", async () => {
    const { owner } = fx();
    const weakKey = openssl(() => ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"]);
    const weak = openssl((d) => ["req", "-new", "-key", join(d, "k.pem"), "-subj", "/CN=x"], { "k.pem": weakKey });
    const refused = await digestJson(`${users()}/csr-user/certs`, owner, { method: "POST", body: { csr: weak } });
    assert.equal(refused.status, 400, refused.result.body);
    assert.equal((refused.json as ErrorBody).errorCode, "CSR_KEY_NOT_ALLOWED");
    assert.match((refused.json as ErrorBody).detail, /at least 2048/);
    const garbage = await digestJson(`${users()}/csr-user/certs`, owner, { method: "POST", body: { csr: "not a request" } });
    assert.equal((garbage.json as ErrorBody).errorCode, "INVALID_CSR");
    const typed = await digestJson(`${users()}/csr-user/certs`, owner, { method: "POST", body: { csr: 5 } });
    assert.equal(typed.status, 400, typed.result.body);
  });

  test("validity PT8H gives an eight-hour certificate; beyond the project's maximum is refused; owners set the maximum", async () => {
    const { owner, api, projectId, clock } = fx();
    const issuedAt = clock.now().getTime();
    const res = await digestRequest(`${users()}/csr-user/certs`, owner, { method: "POST", body: { validity: "PT8H" } });
    assert.equal(res.status, 201, res.body);
    const [cert] = pemBlocks(res.body).map((b) => b.pem);
    const end = openssl((d) => ["x509", "-in", join(d, "c.pem"), "-noout", "-enddate"], { "c.pem": cert as string });
    const notAfter = new Date(/notAfter=(.*)/.exec(end)?.[1] ?? "").getTime();
    assert.ok(Math.abs(notAfter - (issuedAt + 8 * 3600_000)) < 2000, `notAfter ${new Date(notAfter).toISOString()}`);

    const policyUrl = `${api}/groups/${projectId}/certificatePolicy`;
    assert.deepEqual((await digestJson(policyUrl, owner)).json, { maxValidity: "P30D" });
    const tooLong = await digestJson(`${users()}/csr-user/certs`, owner, { method: "POST", body: { validity: "P45D" } });
    assert.equal(tooLong.status, 400);
    assert.equal((tooLong.json as ErrorBody).errorCode, "CERT_VALIDITY_EXCEEDS_PROJECT_MAXIMUM");
    const set = await digestJson(policyUrl, owner, { method: "PATCH", body: { maxValidity: "P60D" } });
    assert.equal(set.status, 200, set.result.body);
    assert.deepEqual(set.json, { maxValidity: "P60D" });
    const now = await digestRequest(`${users()}/csr-user/certs`, owner, { method: "POST", body: { validity: "P45D" } });
    assert.equal(now.status, 201, now.body);
    const unknown = await digestJson(policyUrl, owner, { method: "PATCH", body: { maxValidity: "P1D", other: 1 } });
    assert.equal((unknown.json as ErrorBody).errorCode, "INVALID_ATTRIBUTE");
  });

  test("createdAt in the list is the time of issue, not the backdated notBefore", async () => {
    const { owner, clock } = fx();
    clock.advance(60_000);
    const issuedAt = clock.now();
    const res = await digestRequest(`${users()}/csr-user/certs`, owner, { method: "POST", body: { monthsUntilExpiration: 2 } });
    assert.equal(res.status, 201, res.body);
    const list = await digestJson(`${users()}/csr-user/certs`, owner);
    const page = list.json as { results: { createdAt: string }[] };
    const last = page.results.at(-1);
    assert.equal(last?.createdAt, issuedAt.toISOString().replace(/\.\d{3}Z$/, "Z"));
  });
}
