import { test } from "node:test";
import assert from "node:assert/strict";
import { x509ConnectionString } from "../../shared/x509-connection-string.js";
import { mongoshCommand } from "./mongosh-command.js";

test("x509ConnectionString adds the X.509 options a connection string lacks and keeps those it has", () => {
  assert.equal(x509ConnectionString("mongodb://h:27100"), "mongodb://h:27100/?authMechanism=MONGODB-X509&authSource=%24external&tls=true");
  assert.equal(
    x509ConnectionString("mongodb://h:27100/?tls=true&authMechanism=MONGODB-X509&authSource=%24external"),
    "mongodb://h:27100/?tls=true&authMechanism=MONGODB-X509&authSource=%24external",
  );
  assert.equal(x509ConnectionString("mongodb://h:1/sales?appName=x"), "mongodb://h:1/sales?appName=x&authMechanism=MONGODB-X509&authSource=%24external&tls=true");
});

test("mongoshCommand quotes what a POSIX shell would split or expand", () => {
  assert.equal(
    mongoshCommand("mongodb://h:1/?tls=true", "alice.pem"),
    "mongosh 'mongodb://h:1/?tls=true&authMechanism=MONGODB-X509&authSource=%24external' --tlsCertificateKeyFile alice.pem",
  );
  assert.equal(mongoshCommand("mongodb://h:1/", "my cert's.pem", "/tmp/ca.pem").split(" --tlsCertificateKeyFile ")[1], "'my cert'\\''s.pem' --tlsCAFile /tmp/ca.pem");
});
