/** `certgate dbusers certs create|list|revoke` against a running server. */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { X509Certificate, createPrivateKey } from "node:crypto";
import { chmodSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCertgate, type CertgateServer } from "./cli-harness.js";

let server: CertgateServer;
before(async () => {
  server = await startCertgate();
  for (const [name, type] of [["alice", "MANAGED"], ["CN=carol,O=Acme", "CUSTOMER"]] as const) {
    const created = await cli(["dbusers", "create", "-u", name, "--x509Type", type, "--role", "read@app"]);
    assert.equal(created.status, 0, created.stderr);
  }
});
after(() => server?.stop());

const cli = (args: string[], input?: string) => runCli(args, { env: server.env, ...(input === undefined ? {} : { input }) });

function pemParts(text: string): { cert: X509Certificate; keyPem: string } {
  const certPem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/.exec(text)?.[0];
  const keyPem = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n/.exec(text)?.[0];
  assert.ok(certPem && keyPem, `a certificate then a private key:\n${text}`);
  assert.ok(text.indexOf(certPem) < text.indexOf(keyPem));
  return { cert: new X509Certificate(certPem), keyPem };
}

test("create prints the certificate and its key; list shows its serial exactly as the ID, as a table and as JSON", async () => {
  const created = await cli(["dbusers", "certs", "create", "--username", "alice", "--monthsUntilExpiration", "2"]);
  assert.equal(created.status, 0, created.stderr);
  assert.equal(created.stderr, "");
  const { cert, keyPem } = pemParts(created.stdout);
  assert.equal(cert.subject, "CN=alice");
  assert.ok(cert.checkPrivateKey(createPrivateKey(keyPem)), "the key belongs to the certificate");
  const months = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / (30.4 * 24 * 3600 * 1000);
  assert.ok(months > 1.9 && months < 2.1, `about two months, got ${months}`);
  const serial = BigInt(`0x${cert.serialNumber}`).toString();

  const json = await cli(["dbusers", "certs", "list", "alice", "-o", "json"]);
  assert.equal(json.status, 0, json.stderr);
  // The serial exceeds 2^53 in general: read the raw text, not a JS number.
  assert.match(json.stdout, new RegExp(`"_id": ${serial},`), "the int64 _id is written exactly");
  const page = JSON.parse(json.stdout) as { results: { subject: string }[]; totalCount: number };
  assert.equal(page.totalCount, 1);
  assert.equal(page.results[0]?.subject, "CN=alice");

  const table = await cli(["dbusers", "cert", "ls", "alice"]);
  assert.equal(table.status, 0, table.stderr);
  const lines = table.stdout.trimEnd().split("\n");
  assert.match(lines[0] ?? "", /^ID\s+SUBJECT\s+CREATED AT\s+NOT AFTER$/);
  assert.match(lines[1] ?? "", new RegExp(`^${serial}\\s+CN=alice\\s+\\d{4}-\\d\\d-\\d\\dT\\S+Z\\s+\\d{4}-\\d\\d-\\d\\dT\\S+Z$`));
  assert.equal(lines.length, 2);
});

test("--out writes the PEM with mode 0600, also over an existing file that was readable by others", async () => {
  const fresh = join(server.dir, "alice.pem");
  const result = await cli(["dbusers", "certs", "create", "-u", "alice", "--out", fresh]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, `Certificate and private key for 'alice' written to ${fresh} (mode 0600).\n`);
  assert.equal(statSync(fresh).mode & 0o777, 0o600);
  assert.equal(pemParts(readFileSync(fresh, "utf8")).cert.subject, "CN=alice");

  const existing = join(server.dir, "old.pem");
  writeFileSync(existing, "old");
  chmodSync(existing, 0o644);
  assert.equal((await cli(["dbusers", "certs", "create", "-u", "alice", "--out", existing])).status, 0);
  assert.equal(statSync(existing).mode & 0o777, 0o600);
  assert.match(readFileSync(existing, "utf8"), /^-----BEGIN CERTIFICATE-----/);

  const json = await cli(["dbusers", "certs", "create", "-u", "alice", "--out", join(server.dir, "j.pem"), "-o", "json"]);
  assert.deepEqual(JSON.parse(json.stdout), { out: join(server.dir, "j.pem") });
  const pemJson = await cli(["dbusers", "certs", "create", "-u", "alice", "-o", "json"]);
  assert.equal(pemParts((JSON.parse(pemJson.stdout) as { pem: string }).pem).cert.subject, "CN=alice", "without --out, -o json carries the PEM");

  const noDir = await cli(["dbusers", "certs", "create", "-u", "alice", "--out", join(server.dir, "missing", "x.pem")]);
  assert.equal(noDir.status, 1);
  assert.equal(noDir.stderr, `Error: cannot write ${join(server.dir, "missing", "x.pem")}: ENOENT\n`);
});

test("revoke takes a certificate out of the list; --includeExpired shows it with its revocation time", async () => {
  const created = await cli(["dbusers", "certs", "create", "-u", "alice"]);
  const serial = BigInt(`0x${pemParts(created.stdout).cert.serialNumber}`).toString();

  const declined = await cli(["dbusers", "certs", "revoke", "alice", serial]);
  assert.equal(declined.status, 1, "closed stdin declines");
  assert.match(declined.stderr, /^Error: not confirmed/m);

  const revoked = await cli(["dbusers", "certs", "revoke", "alice", serial], "yes\n");
  assert.equal(revoked.status, 0, revoked.stderr);
  assert.equal(revoked.stdout, `Certificate ${serial} of 'alice' revoked.\n`);

  const listed = await cli(["dbusers", "certs", "list", "alice"]);
  assert.ok(!listed.stdout.includes(serial), "a revoked certificate is not listed by default");
  const all = await cli(["dbusers", "certs", "list", "alice", "--includeExpired"]);
  assert.match(all.stdout, /^ID\s+SUBJECT\s+CREATED AT\s+NOT AFTER\s+REVOKED AT$/m);
  assert.match(all.stdout, new RegExp(`^${serial}\\s+CN=alice\\s+\\S+\\s+\\S+\\s+\\d{4}-\\d\\d-\\d\\dT\\S+Z$`, "m"));

  const again = await cli(["dbusers", "certs", "revoke", "alice", "9223372036854775807", "--force"]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /^Error: CERTIFICATE_NOT_FOUND: /);
  const bad = await cli(["dbusers", "certs", "revoke", "alice", "0x12", "--force"]);
  assert.equal(bad.status, 1);
  assert.equal(bad.stderr, 'Error: <serial> must be the decimal ID shown by `certs list`, got "0x12"\n');
});

test("failures: too many months, not a number, a CUSTOMER user, a missing user, no username", async () => {
  const cases: [string[], string | RegExp][] = [
    [["dbusers", "certs", "create", "-u", "alice", "--monthsUntilExpiration", "25"], "Error: CERT_EXPIRY_CANNOT_EXCEED_TWO_YEARS: Atlas-generated X.509 certificates have a maximum expiration of 24 months.\n"],
    [["dbusers", "certs", "create", "-u", "alice", "--monthsUntilExpiration", "six"], 'Error: --monthsUntilExpiration must be a whole number of months, got "six"\n'],
    [["dbusers", "certs", "create", "-u", "CN=carol,O=Acme"], /^Error: USER_NOT_MANAGED_X509: /],
    [["dbusers", "certs", "create", "-u", "nobody"], "Error: USERNAME_NOT_FOUND: No user with username nobody exists.\n"],
    [["dbusers", "certs", "list", "nobody"], "Error: USERNAME_NOT_FOUND: No user with username nobody exists.\n"],
    [["dbusers", "certs", "create"], /^Error: name the user: `certs <command> <username>` or --username <username>\n$/],
    [["dbusers", "certs", "list"], /^Error: name the user/],
    [["dbusers", "certs", "create", "alice", "-u", "bob"], /^Error: the user is named twice, differently: "alice" and --username "bob"/],
    [["dbusers", "certs", "create", "alice", "--validity", "PT8H", "--monthsUntilExpiration", "1"], /^Error: --validity and --monthsUntilExpiration exclude each other/],
    [["dbusers", "certs", "create", "alice", "--validity", "P90D"], /^Error: CERT_VALIDITY_EXCEEDS_PROJECT_MAXIMUM: /],
    [["dbusers", "certs", "create", "alice", "--csr", "/nonexistent.csr"], "Error: --csr /nonexistent.csr: ENOENT\n"],
    [["dbusers", "certs", "create", "alice", "--keyOut", "k.pem", "--keyAlgorithm", "DSA"], /^Error: --keyAlgorithm must be one of RSA_4096, /],
  ];
  for (const [args, expected] of cases) {
    const result = await cli(args);
    assert.equal(result.status, 1, args.join(" "));
    assert.equal(result.stdout, "", args.join(" "));
    if (typeof expected === "string") assert.equal(result.stderr, expected, args.join(" "));
    else assert.match(result.stderr, expected, args.join(" "));
  }
});

test("the user may be named by argument or by --username, for create and list alike", async () => {
  const byArgument = await cli(["dbusers", "certs", "create", "alice", "--monthsUntilExpiration", "1"]);
  assert.equal(byArgument.status, 0, byArgument.stderr);
  assert.equal(pemParts(byArgument.stdout).cert.subject, "CN=alice");
  const byFlag = await cli(["dbusers", "certs", "list", "--username", "alice", "-o", "json"]);
  assert.equal(byFlag.status, 0, byFlag.stderr);
  const both = await cli(["dbusers", "certs", "list", "alice", "-u", "alice", "-o", "json"]);
  assert.equal(both.stdout, byFlag.stdout);
});

test("--csr sends a request made by openssl; the answer is the certificate alone, for the request's key", async () => {
  const keyFile = join(server.dir, "own.key");
  const csrFile = join(server.dir, "own.csr");
  execFileSync("openssl", ["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384", "-nodes", "-keyout", keyFile, "-subj", "/CN=whatever", "-out", csrFile], { stdio: "ignore" });
  const result = await cli(["dbusers", "certs", "create", "alice", "--csr", csrFile, "--validity", "PT8H"]);
  assert.equal(result.status, 0, result.stderr);
  assert.doesNotMatch(result.stdout, /PRIVATE KEY/);
  const cert = new X509Certificate(result.stdout);
  assert.equal(cert.subject, "CN=alice");
  assert.ok(cert.checkPrivateKey(createPrivateKey(readFileSync(keyFile))), "issued for the request's key");
  const hours = (Date.parse(cert.validTo) - Date.now()) / 3600_000;
  assert.ok(hours > 7.9 && hours <= 8.01, `eight hours, got ${hours}`);
});

test("--keyOut makes the key here (mode 0600) and sends only a CSR; the certificate matches it", async () => {
  const keyFile = join(server.dir, "local.key");
  const certFile = join(server.dir, "local.pem");
  const result = await cli(["dbusers", "certs", "create", "alice", "--keyOut", keyFile, "--keyAlgorithm", "EC_P256", "--out", certFile]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, `Certificate for 'alice' written to ${certFile} (mode 0600).\n`);
  assert.equal(statSync(keyFile).mode & 0o777, 0o600);
  const certText = readFileSync(certFile, "utf8");
  assert.doesNotMatch(certText, /PRIVATE KEY/, "the server never had the key to send");
  const cert = new X509Certificate(certText);
  assert.ok(cert.checkPrivateKey(createPrivateKey(readFileSync(keyFile))));
  assert.equal(cert.subject, "CN=alice");
  const rsa = await cli(["dbusers", "certs", "create", "alice", "--keyOut", join(server.dir, "rsa.key")]);
  assert.equal(rsa.status, 0, rsa.stderr);
  assert.equal(createPrivateKey(readFileSync(join(server.dir, "rsa.key"))).asymmetricKeyDetails?.modulusLength, 4096, "RSA-4096 by default");
});
