/** `certgate security customerCerts create|describe|disable` against a running server, with CAs made by OpenSSL. */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeCaPem, makeLeafPem } from "../api/openssl.js";
import { runCli, startCertgate, type CertgateServer } from "./cli-harness.js";

let server: CertgateServer;
before(async () => {
  server = await startCertgate();
});
after(() => server?.stop());

const cli = (args: string[], input?: string) => runCli(args, { env: server.env, ...(input === undefined ? {} : { input }) });

function file(name: string, text: string): string {
  const path = join(server.dir, name);
  writeFileSync(path, text);
  return path;
}

test("create uploads a two-CA bundle, describe prints it back, disable turns it off after a yes", async () => {
  const before = await cli(["security", "customerCerts", "describe"]);
  assert.equal(before.status, 0, before.stderr);
  assert.equal(before.stdout, `Self-managed X.509 is not enabled for project ${server.projectId}.\n`);

  const bundle = makeCaPem("Root One") + makeCaPem("Root Two");
  const created = await cli(["security", "customerCerts", "create", "--casFile", file("cas.pem", bundle)]);
  assert.equal(created.status, 0, created.stderr);
  assert.equal(created.stdout, "Certificate successfully created.\n");

  const described = await cli(["security", "customerCert", "describe"]);
  assert.equal(described.status, 0, described.stderr);
  assert.equal(described.stdout.match(/-----BEGIN CERTIFICATE-----/g)?.length, 2);
  assert.equal(described.stdout.replace(/\s/g, ""), bundle.replace(/\s/g, ""));
  const json = JSON.parse((await cli(["security", "customerCerts", "describe", "-o", "json"])).stdout) as { customerX509: { cas: string } };
  assert.equal(json.customerX509.cas.replace(/\s/g, ""), bundle.replace(/\s/g, ""));

  const declined = await cli(["security", "customerCerts", "disable"]);
  assert.equal(declined.status, 1);
  assert.match(declined.stderr, /^Are you sure you want to delete the X509 configuration for this project\? \[y\/N\] $/m);
  assert.match(declined.stderr, /^Error: not confirmed: nothing was changed/m);
  assert.match((await cli(["security", "customerCerts", "describe"])).stdout, /BEGIN CERTIFICATE/, "still enabled");

  const disabled = await cli(["security", "customerCerts", "disable"], "y\n");
  assert.equal(disabled.status, 0, disabled.stderr);
  assert.equal(disabled.stdout, `X.509 configuration for project ${server.projectId} was deleted.\n`);
  assert.equal((await cli(["security", "customerCerts", "describe"])).stdout, `Self-managed X.509 is not enabled for project ${server.projectId}.\n`);

  const forced = await cli(["security", "customerCerts", "disable", "--force", "-o", "json"]);
  assert.equal(forced.status, 0, forced.stderr);
  assert.deepEqual((JSON.parse(forced.stdout) as { customerX509: unknown }).customerX509, {});
});

test("bad PEM files: unreadable, not PEM, a broken certificate, a leaf instead of a CA", async () => {
  const missing = await cli(["security", "customerCerts", "create", "--casFile", join(server.dir, "nope.pem")]);
  assert.equal(missing.status, 1);
  assert.equal(missing.stderr, `Error: cannot read --casFile ${join(server.dir, "nope.pem")}: ENOENT\n`);

  const text = file("notes.txt", "this is not a certificate\n");
  const notPem = await cli(["security", "customerCerts", "create", "--casFile", text]);
  assert.equal(notPem.status, 1);
  assert.equal(notPem.stderr, `Error: --casFile ${text} holds no PEM certificate (-----BEGIN CERTIFICATE-----)\n`);

  const broken = file("broken.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
  const refused = await cli(["security", "customerCerts", "create", "--casFile", broken]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /^Error: INVALID_ATTRIBUTE: Invalid attribute customerX509\.cas specified\. .*certificate 1: not a readable X\.509 certificate/);
  assert.equal(refused.stderr.split("\n").length, 2, "one line");

  const leaf = file("leaf.pem", makeLeafPem("just a server"));
  const json = await cli(["security", "customerCerts", "create", "--casFile", leaf, "-o", "json"]);
  assert.equal(json.status, 1);
  const body = JSON.parse(json.stdout) as { error: number; errorCode: string; detail: string };
  assert.equal(body.error, 400);
  assert.equal(body.errorCode, "INVALID_ATTRIBUTE");
  assert.match(body.detail, /certificate 1 \(CN=just a server\)/);
  assert.equal(json.stderr, `Error: INVALID_ATTRIBUTE: ${body.detail}\n`);

  const flag = await cli(["security", "customerCerts", "create"]);
  assert.equal(flag.status, 1);
  assert.match(flag.stderr, /error: required option '--casFile <path>' not specified/);
  assert.equal((await cli(["security", "customerCerts", "describe"])).stdout, `Self-managed X.509 is not enabled for project ${server.projectId}.\n`, "nothing was stored");
});
