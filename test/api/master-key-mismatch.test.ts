import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { QUICK_KEYS_ENV, runCertgateSync } from "../support/certgate-server.js";

const dir = mkdtempSync(join(tmpdir(), "certgate-master-key-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("start refuses a master key that is not the store's, saying so, instead of failing every request", () => {
  const dataDir = join(dir, "data");
  const env = { ...process.env, ...QUICK_KEYS_ENV, CERTGATE_MASTER_KEY: randomBytes(32).toString("base64") };
  const init = runCertgateSync(["init", "--data-dir", dataDir, "--json"], env);
  assert.equal(init.status, 0, init.stderr);

  const other = { ...env, CERTGATE_MASTER_KEY: randomBytes(32).toString("base64") };
  const start = runCertgateSync(["start", "--data-dir", dataDir, "--port", "0", "--gateway-ports", "27290-27291"], other);
  assert.notEqual(start.status, 0);
  assert.match(start.stderr, /master key does not open this store's secrets: CERTGATE_MASTER_KEY/);

  const migrate = runCertgateSync(["migrate", "--data-dir", dataDir], other);
  assert.equal(migrate.status, 0, `migrate needs no secrets: ${migrate.stderr}`);
});
