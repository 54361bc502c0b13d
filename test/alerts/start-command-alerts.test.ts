/**
 * `certgate start` wires the alerts in (and a restarted process does not resend): the Admin API serves `alertConfigs`, and the worker (every
 * second here, CERTGATE_ALERT_INTERVAL_SECONDS=1) emails the web UI's first owner through a real SMTP
 * server once a CA expiring in 20 days is uploaded. The worker runs on the wall clock in this test, so it
 * waits for the email (polling, bounded) instead of moving a clock, and counts the worker's runs in its
 * debug log to know that later runs happened (and sent nothing).
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { digestJson } from "../api/digest-client.js";
import { makeCaPem } from "../api/openssl.js";
import { eventually } from "../gateway/support/eventually.js";
import { QUICK_KEYS_ENV, runCertgateSync, spawnCertgateStart, stopCertgate } from "../support/certgate-server.js";
import { startSmtpReceiver } from "./receivers.js";

const dir = mkdtempSync(join(tmpdir(), "certgate-alerts-start-"));
let child: ChildProcess | undefined;
after(() => {
  if (child !== undefined && child.exitCode === null) child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

test("certgate start serves alertConfigs and its worker emails the owner about an expiring CA", async () => {
  const smtp = await startSmtpReceiver();
  try {
    const env = {
      ...process.env,
      ...QUICK_KEYS_ENV,
      CERTGATE_ALERT_INTERVAL_SECONDS: "1",
      CERTGATE_SMTP_URL: smtp.url,
      CERTGATE_SMTP_FROM: "certgate-test@example.com",
      CERTGATE_LOG_LEVEL: "debug",
    };
    const init = runCertgateSync(["init", "--data-dir", dir, "--json"], env);
    assert.equal(init.status, 0, init.stderr);
    const boot = JSON.parse(init.stdout) as { projectId: string; publicKey: string; privateKey: string; ownerEmail: string };
    const start = async (): Promise<{ server: ChildProcess; url: string; runs: () => number }> => {
      const { child: server, url, output } = await spawnCertgateStart(["--data-dir", dir, "--port", "0"], env, { onSpawn: (c) => (child = c) });
      return { server, url, runs: () => output().split("\n").filter((line) => line.includes('"msg":"alert worker run"')).length };
    };
    /** Resolves once the worker has completed `more` runs after this call. */
    const workerRuns = async (runs: () => number, more: number): Promise<void> => {
      const target = runs() + more;
      await eventually(async () => assert.ok(runs() >= target, `the worker ran ${runs()} times, waiting for ${target}`), 20_000);
    };
    // No SIGKILL: the test checks that SIGTERM alone ends the process with status 0.
    const stop = (server: ChildProcess): Promise<number | null> => stopCertgate(server, Infinity);
    const { server, url, runs } = await start();
    const api = `${url}/api/atlas/v1.0/groups/${boot.projectId}`;
    const key = { publicKey: boot.publicKey, privateKey: boot.privateKey };
    const upload = await digestJson(`${api}/userSecurity`, key, { method: "PATCH", body: { customerX509: { cas: makeCaPem("Start CA", 20) } } });
    assert.equal(upload.status, 202);
    const configs = await digestJson(`${api}/alertConfigs`, key);
    assert.equal((configs.json as { totalCount: number }).totalCount, 1);

    await eventually(async () => assert.notEqual(smtp.messages.length, 0), 20_000);
    assert.equal(smtp.messages.length, 1, "one email within 20 s");
    assert.deepEqual(smtp.messages[0]?.to, [boot.ownerEmail]);
    assert.match(smtp.messages[0]?.raw ?? "", /Start CA/);
    await workerRuns(runs, 2);
    assert.equal(smtp.messages.length, 1, "later worker runs in the same interval send nothing");

    assert.equal(await stop(server), 0);

    // A restart in the middle of the 24-hour interval: the new process's worker finds the slot taken.
    const restarted = await start();
    await workerRuns(restarted.runs, 2);
    assert.equal(smtp.messages.length, 1, "no email again after the restart");
    const alerts = await digestJson(`${restarted.url}/api/atlas/v1.0/groups/${boot.projectId}/alerts?status=OPEN`, key);
    assert.equal((alerts.json as { totalCount: number }).totalCount, 1);
    assert.equal(await stop(restarted.server), 0);
  } finally {
    await smtp.close();
  }
});
