/**
 * `certgate clusters ...` against a running server; the command `clusters connect` prints is run in
 * bash with the real mongosh, with a certificate from `dbusers certs create --out`.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join, resolve } from "node:path";
import { runCli, startCertgate, type CertgateServer } from "./cli-harness.js";

let server: CertgateServer;
before(async () => {
  server = await startCertgate();
});
after(() => server?.stop());

const cli = (args: string[], input?: string) => runCli(args, { env: server.env, ...(input === undefined ? {} : { input }) });

function bash(command: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, PATH: `${resolve("node_modules/.bin")}:${process.env.PATH ?? ""}` };
  return new Promise((done) => {
    execFile("bash", ["-c", command], { env, timeout: 90_000 }, (err, stdout, stderr) => done({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }));
  });
}

test("create --watch waits until the cluster accepts connections; list and describe show its connection string", async () => {
  const created = await cli(["clusters", "create", "c1", "--watch"]);
  assert.equal(created.status, 0, created.stderr);
  const uri = /^Cluster 'c1' is available at (mongodb:\/\/\S+)\n$/.exec(created.stdout)?.[1];
  assert.ok(uri, created.stdout);
  assert.match(uri, /^mongodb:\/\/localhost:\d+\/\?tls=true&authMechanism=MONGODB-X509&authSource=%24external$/);

  const list = await cli(["clusters", "ls"]);
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, /^NAME\s+STATE\s+BACKEND\s+CONNECTION STRING\n/);
  assert.ok(list.stdout.includes(`c1     IDLE    embedded   ${uri}\n`), list.stdout);

  const json = JSON.parse((await cli(["clusters", "describe", "c1", "-o", "json"])).stdout) as { name: string; stateName: string; connectionStrings: { standard: string } };
  assert.equal(json.name, "c1");
  assert.equal(json.stateName, "IDLE");
  assert.equal(json.connectionStrings.standard, uri);
  const watched = await cli(["clusters", "watch", "c1"]);
  assert.equal(watched.stdout, `Cluster 'c1' is available at ${uri}\n`);
});

test("connect prints a mongosh command that really connects as the certificate's user", async () => {
  assert.equal((await cli(["dbusers", "create", "-u", "alice", "--x509Type", "MANAGED", "--role", "readWrite@app"])).status, 0);
  const certFile = join(server.dir, "alice.pem");
  assert.equal((await cli(["dbusers", "certs", "create", "-u", "alice", "--out", certFile])).status, 0);
  const caFile = join(server.dir, "gateway ca.pem");
  const connect = await cli(["clusters", "connect", "c1", "--certFile", certFile, "--caFile", caFile]);
  assert.equal(connect.status, 0, connect.stderr);
  assert.match(readFileSync(caFile, "utf8"), /^-----BEGIN CERTIFICATE-----/);
  const command = connect.stdout.trim();
  assert.match(command, /^mongosh 'mongodb:\/\/localhost:\d+\/\?tls=true&authMechanism=MONGODB-X509&authSource=%24external' --tlsCertificateKeyFile \S+ --tlsCAFile '[^']+gateway ca\.pem'$/);

  const run = await bash(`${command} --quiet --eval 'JSON.stringify(db.runCommand({connectionStatus: 1}).authInfo.authenticatedUsers)'`);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout.trim()), [{ user: "CN=alice", db: "$external" }]);

  const placeholder = await cli(["clusters", "connect", "c1", "-o", "json"]);
  const shown = JSON.parse(placeholder.stdout) as { command: string; connectionString: string };
  assert.match(shown.command, /--tlsCertificateKeyFile '<path-to-your-certificate\.pem>'$/);
  assert.match(shown.connectionString, /^mongodb:\/\/localhost:\d+\//);
});

test("delete asks first; missing clusters and bad input are one error line", async () => {
  assert.equal((await cli(["clusters", "create", "c2"])).status, 0);
  const duplicate = await cli(["clusters", "create", "c2"]);
  assert.equal(duplicate.status, 1);
  assert.match(duplicate.stderr, /^Error: [A-Z_]+: .*c2.*\n$/);

  const declined = await cli(["clusters", "delete", "c2"]);
  assert.equal(declined.status, 1);
  assert.match(declined.stderr, /Are you sure you want to delete: c2 \[y\/N\] \nError: not confirmed/);
  const deleted = await cli(["clusters", "rm", "c2"], "y\n");
  assert.equal(deleted.status, 0, deleted.stderr);
  assert.equal(deleted.stdout, "Cluster 'c2' deleted\n");
  const created = JSON.parse((await cli(["clusters", "create", "c4", "-o", "json"])).stdout) as { name: string };
  assert.equal(created.name, "c4");
  assert.deepEqual(JSON.parse((await cli(["clusters", "delete", "c4", "--force", "-o", "json"])).stdout), { deleted: "c4" });
  const upstream = JSON.parse((await cli(["clusters", "create", "up", "--upstream", "mongodb://127.0.0.1:1/", "-o", "json"])).stdout) as { backend: unknown };
  assert.deepEqual(upstream.backend, { upstream: { connectionString: "mongodb://127.0.0.1:1/" } });
  assert.match((await cli(["clusters", "describe", "up"])).stdout, /^up\s+(CREATING|IDLE)\s+upstream\b/m);
  assert.equal((await cli(["clusters", "delete", "up", "--force"])).status, 0);

  for (const args of [["clusters", "describe", "c2"], ["clusters", "connect", "c2"], ["clusters", "delete", "c2", "--force"], ["clusters", "watch", "c2"]]) {
    const result = await cli(args);
    assert.equal(result.status, 1, args.join(" "));
    assert.match(result.stderr, /^Error: [A-Z_]+: .*c2.*\n$/, args.join(" "));
    assert.equal(result.stdout, "");
  }
  const badName = await cli(["clusters", "create", "bad_name!"]);
  assert.equal(badName.status, 1);
  assert.match(badName.stderr, /^Error: INVALID_ATTRIBUTE: Invalid attribute name specified: cluster names have/);
  const badTimeout = await cli(["clusters", "watch", "c1", "--timeout", "soon"]);
  assert.equal(badTimeout.stderr, 'Error: --timeout must be a whole number of seconds, got "soon"\n');
  const caDir = await cli(["clusters", "connect", "c1", "--caFile", join(server.dir, "no", "ca.pem")]);
  assert.equal(caDir.stderr, `Error: cannot write ${join(server.dir, "no", "ca.pem")}: ENOENT\n`);
});

/** Listens on every free port of the server's gateway range, so a new cluster's gateway can't start. */
async function occupyGatewayPorts(): Promise<Server[]> {
  const servers: Server[] = [];
  for (let port = server.gatewayPorts.first; port <= server.gatewayPorts.last; port++) {
    const blocker = createServer();
    const ok = await new Promise<boolean>((done) => {
      blocker.once("error", () => done(false));
      blocker.listen(port, () => done(true));
    });
    if (ok) servers.push(blocker);
  }
  return servers;
}

test("watch shows progress while a cluster is CREATING, gives up after --timeout, and sees it become IDLE", async () => {
  const blockers = await occupyGatewayPorts();
  let released = false;
  const release = () => {
    if (!released) for (const b of blockers) b.close();
    released = true;
  };
  try {
    const created = await cli(["clusters", "create", "c3", "--watch", "--timeout", "3"]);
    assert.equal(created.status, 1);
    assert.match(created.stderr, /^Waiting for cluster 'c3' \(CREATING\) \.+\nError: cluster 'c3' is still CREATING after 3 s\n$/);
    assert.match((await cli(["clusters", "describe", "c3"])).stdout, /^c3\s+CREATING\s+embedded$/m);
    release();
    // The gateway retries a listener that could not start every 10 s.
    const watched = await cli(["clusters", "watch", "c3", "--timeout", "60"]);
    assert.equal(watched.status, 0, watched.stderr);
    assert.match(watched.stderr, /^Waiting for cluster 'c3' \(CREATING\) \.* ready\n$/);
    assert.match(watched.stdout, /^Cluster 'c3' is available at mongodb:\/\/localhost:\d+\//);
  } finally {
    release();
  }
});
