import { test } from "node:test";
import assert from "node:assert/strict";
import { ConnectionStringError, parseConnectionString, redactConnectionString } from "./mongodb-uri.js";

test("an X.509 string names the hosts, TLS files and mechanism", () => {
  const settings = parseConnectionString(
    "mongodb://db1.internal,db2.internal:27018,[::1]:27019/?tls=true&authMechanism=MONGODB-X509&tlsCAFile=%2Fetc%2Fca.pem&tlsCertificateKeyFile=/etc/me.pem&maxPoolSize=5&retryWrites=true&w=majority",
  );
  assert.deepEqual(settings.hosts, [
    { host: "db1.internal", port: 27017 },
    { host: "db2.internal", port: 27018 },
    { host: "::1", port: 27019 },
  ]);
  assert.equal(settings.tls, true);
  assert.equal(settings.tlsCAFile, "/etc/ca.pem");
  assert.equal(settings.tlsCertificateKeyFile, "/etc/me.pem");
  assert.deepEqual(settings.auth, { mechanism: "MONGODB-X509" });
  assert.equal(settings.maxPoolSize, 5);
  assert.deepEqual(settings.ignoredOptions, ["retryWrites", "w"]);
});

test("user:password selects SCRAM-SHA-256 against authSource, the path's database or admin", () => {
  assert.deepEqual(parseConnectionString("mongodb://svc:p%40ss@h/").auth, { mechanism: "SCRAM-SHA-256", username: "svc", password: "p@ss", source: "admin" });
  assert.deepEqual(parseConnectionString("mongodb://svc:pw@h/app").auth, { mechanism: "SCRAM-SHA-256", username: "svc", password: "pw", source: "app" });
  assert.deepEqual(parseConnectionString("mongodb://svc:pw@h/app?authSource=users&authMechanism=SCRAM-SHA-256").auth, {
    mechanism: "SCRAM-SHA-256",
    username: "svc",
    password: "pw",
    source: "users",
  });
});

test("unusable strings are refused with the reason", () => {
  const refused = (uri: string, reason: RegExp) => assert.throws(() => parseConnectionString(uri), (e: unknown) => e instanceof ConnectionStringError && reason.test(e.message));
  refused("mongodb+srv://cluster0.example.net/", /SRV/);
  refused("http://h/", /mongodb:\/\//);
  refused("mongodb://h/?authMechanism=MONGODB-X509", /tls=true/);
  refused("mongodb://h/?tls=true&authMechanism=MONGODB-X509", /tlsCertificateKeyFile/);
  refused("mongodb://h/?authMechanism=PLAIN", /PLAIN is not supported/);
  refused("mongodb://svc@h/?authMechanism=SCRAM-SHA-256", /user:password/);
  refused("mongodb://h/?tls=maybe", /true or false/);
  refused("mongodb://h:70000/", /outside 1\.\.65535/);
  refused("mongodb://h/?frobnicate=1", /frobnicate is not understood/);
  refused("mongodb:///", /host/);
  refused("mongodb://h/?x", /option x is not understood/);
});

test("passwords, the key file's included, are redacted for logs", () => {
  assert.equal(redactConnectionString("mongodb://svc:secret@h:1/?tls=true"), "mongodb://svc:****@h:1/?tls=true");
  assert.equal(redactConnectionString("mongodb://h:1/"), "mongodb://h:1/");
  const keyFile = redactConnectionString("mongodb://h:1/?tls=true&tlsCertificateKeyFile=/k.pem&tlsCertificateKeyFilePassword=hunter2");
  assert.match(keyFile, /tlsCertificateKeyFilePassword=\*\*\*\*$/);
  assert.doesNotMatch(keyFile, /hunter2/);
});
