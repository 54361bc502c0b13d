/**
 * Alerts benchmark: one evaluation of the CA-expiry condition over 10,000 projects with customer CAs
 * and the auto-created configuration, against a bare scan of the same rows (configurations joined with
 * their project's CA bundle, read and nothing else). 1% of the projects have a CA inside the 30-day
 * threshold. The evaluation measured is the steady state (alerts already open, nothing to change),
 * which is what the worker does on almost every run; the first run, which opens the alerts, is shown too.
 *
 * Run: `node dist/bench/alerts.js` (after `npx tsc -p .`). `BENCH_ALERTS_PROJECTS` changes the count.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { CUSTOMER_CA_EXPIRATION } from "../src/alerts/event-types.js";
import { listCustomerCaExpiryRows } from "../src/store/repos/alert-expiry.js";
import { reconcileAll } from "../src/alerts/reconcile-alerts.js";
import { newId } from "../src/core/ids.js";
import { openStore, type Store } from "../src/store/index.js";

const PROJECTS = Number(process.env.BENCH_ALERTS_PROJECTS ?? "10000");
const RUNS = 9;
const DAY_MS = 86_400_000;

async function seed(store: Store, now: Date): Promise<void> {
  const orgId = newId();
  const at = now.toISOString();
  await store.db.insertInto("organizations").values({ id: orgId, name: "bench", created_at: at }).execute();
  const pem = `-----BEGIN CERTIFICATE-----\n${randomBytes(600).toString("base64")}\n-----END CERTIFICATE-----\n`;
  const notification = JSON.stringify([{ typeName: "GROUP", notifierId: newId(), delayMin: 0, intervalMin: 1440, emailEnabled: true, smsEnabled: false, roles: ["GROUP_OWNER"] }]);
  for (let start = 0; start < PROJECTS; start += 200) {
    const ids = Array.from({ length: Math.min(200, PROJECTS - start) }, () => newId());
    await store.transaction(async (tx) => {
      await tx.insertInto("projects").values(ids.map((id, i) => ({ id, org_id: orgId, name: `p${start + i}`, created_at: at }))).execute();
      await tx
        .insertInto("customer_cas")
        .values(
          ids.map((id, i) => {
            const days = (start + i) % 100 === 0 ? 20 : 400;
            const info = [{ position: 1, subject: `CN=CA ${start + i}`, notBefore: at, notAfter: new Date(now.getTime() + days * DAY_MS).toISOString(), sha256Fingerprint: randomBytes(32).toString("hex") }];
            return { project_id: id, bundle_pem: pem, cas_info: JSON.stringify(info), uploaded_at: at };
          }),
        )
        .execute();
      await tx
        .insertInto("alert_configs")
        .values(
          ids.map((id) => ({
            id: newId(),
            project_id: id,
            event_type_name: "NDS_X509_USER_AUTHENTICATION_CUSTOMER_CA_EXPIRATION_CHECK",
            enabled: 1,
            threshold: JSON.stringify({ operator: "LESS_THAN", threshold: 30, units: "DAYS" }),
            matchers: "[]",
            notifications: notification,
            severity_override: null,
            auto_key: `${id}:customer-ca`,
            created_at: at,
            updated_at: at,
          })),
        )
        .execute();
    });
  }
}

async function medianMs(work: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await work();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "certgate-bench-alerts-"));
  const store = await openStore({ sqlitePath: join(dir, "certgate.db") });
  try {
    const now = new Date();
    await seed(store, now);
    const t0 = performance.now();
    const first = await reconcileAll(store, now);
    const firstMs = performance.now() - t0;
    const rows = (await listCustomerCaExpiryRows(store.db, CUSTOMER_CA_EXPIRATION, {})).length;
    const scanMs = await medianMs(() => listCustomerCaExpiryRows(store.db, CUSTOMER_CA_EXPIRATION, {}));
    const evalMs = await medianMs(async () => {
      const outcome = await reconcileAll(store, now);
      if (outcome.opened + outcome.closed + outcome.cancelled !== 0) throw new Error(`steady state changed alerts: ${JSON.stringify(outcome)}`);
    });
    console.log(`alerts: ${PROJECTS} projects with customer CAs and the CA-expiry configuration (SQLite, median of ${RUNS})`);
    console.log(`  bare scan of the ${rows} configuration+bundle rows: ${scanMs.toFixed(1)} ms`);
    console.log(`  evaluation (steady state, ${first.opened} alerts open):  ${evalMs.toFixed(1)} ms  = ${(evalMs / scanMs).toFixed(2)}x the bare scan`);
    console.log(`  first evaluation (opens ${first.opened} alerts):          ${firstMs.toFixed(1)} ms`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
