/** The seed's `curl --digest` command, run unchanged against certgate, and what it returns checked with openssl. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import type { ApiFixture } from "../api-harness.js";
import { runShell, splitStatus } from "../curl.js";
import { digestJson } from "../digest-client.js";
import { openssl, pemBlocks } from "../openssl.js";

/** Declares the seed tests; `fx()` is the running API. */
export function seedCurlSuite(fx: () => ApiFixture): void {
  test("the seed's curl --digest command creates a 12-month certificate: 201, certificate then PRIVATE KEY", async () => {
    const { api, projectId, owner, core } = fx();
    const created = await digestJson(`${api}/groups/${projectId}/databaseUsers`, owner, {
      method: "POST",
      body: { databaseName: "$external", username: "seed-user", x509Type: "MANAGED", roles: [{ roleName: "readWrite", databaseName: "app" }] },
    });
    assert.equal(created.status, 201, created.result.body);

    // Exactly the seed's command; only --silent/--show-error/--write-out are appended to read the status.
    const seed =
      `curl --request POST --user "${owner.publicKey}:${owner.privateKey}" --header "Content-Type: application/json" ` +
      `--digest "${api}/groups/${projectId}/databaseUsers/seed-user/certs?pretty=true" --data '{"monthsUntilExpiration":12}'`;
    const issuedAt = fx().clock.now();
    const out = await runShell(`${seed} --silent --show-error --write-out '\\n%{http_code}'`);
    assert.equal(out.code, 0, out.stderr);
    const { body, status } = splitStatus(out.stdout);
    assert.equal(status, 201, body);

    const blocks = pemBlocks(body);
    assert.deepEqual(blocks.map((b) => b.label), ["CERTIFICATE", "PRIVATE KEY"]);
    assert.equal(blocks.map((b) => b.pem).join(""), body.endsWith("\n") ? body : `${body}\n`, "nothing but the two PEM blocks");
    const [cert, key] = blocks.map((b) => b.pem) as [string, string];

    const info = openssl((d) => ["x509", "-in", join(d, "c.pem"), "-noout", "-subject", "-nameopt", "RFC2253", "-startdate", "-enddate"], { "c.pem": cert });
    assert.match(info, /^subject=CN=seed-user$/m);
    const notBefore = new Date(/notBefore=(.*)/.exec(info)?.[1] ?? "");
    const notAfter = new Date(/notAfter=(.*)/.exec(info)?.[1] ?? "");
    const twelveMonths = new Date(issuedAt);
    twelveMonths.setUTCMonth(twelveMonths.getUTCMonth() + 12);
    assert.ok(Math.abs(notAfter.getTime() - twelveMonths.getTime()) < 2 * 3600_000, `notAfter ${notAfter.toISOString()} is 12 months after ${issuedAt.toISOString()}`);
    assert.ok(notBefore.getTime() <= issuedAt.getTime(), "notBefore is not in the future");

    // The private key belongs to the certificate.
    const certPub = openssl((d) => ["x509", "-in", join(d, "c.pem"), "-noout", "-pubkey"], { "c.pem": cert });
    const keyPub = openssl((d) => ["pkey", "-in", join(d, "k.pem"), "-pubout"], { "k.pem": key });
    assert.equal(keyPub, certPub);

    // And it chains to the project's managed CA.
    const trust = await core.dataPlane.loadProjectTrust(projectId);
    const verified = openssl((d) => ["verify", "-CAfile", join(d, "ca.pem"), join(d, "c.pem")], { "ca.pem": trust.managedCaPems.join(""), "c.pem": cert });
    assert.match(verified, /: OK/);
  });

  test("the certificate list shows the new certificate with its serial as an exact int64 _id", async () => {
    const { api, projectId, owner } = fx();
    const list = await digestJson(`${api}/groups/${projectId}/databaseUsers/seed-user/certs`, owner);
    assert.equal(list.status, 200, list.result.body);
    const page = list.json as { results: { subject: string; groupId: string; notAfter: string; createdAt: string }[]; totalCount: number };
    assert.equal(page.totalCount, 1);
    assert.equal(page.results[0]?.subject, "CN=seed-user");
    assert.equal(page.results[0]?.groupId, projectId);
    assert.match(page.results[0]?.notAfter ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(list.result.body, /"_id":[1-9]\d*,/, "_id is a bare JSON integer");
  });
}
