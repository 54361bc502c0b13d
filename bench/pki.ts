/**
 * PKI benchmark: how long issuing a managed user certificate takes, with and without a warm key
 * pool, against the raw signature rate of the CA key that bounds it.
 *
 * Run: `node dist/bench/pki.js` (after `npx tsc -p .`). Sample counts can be changed with
 * `BENCH_PKI_SCALE` (a multiplier, default 1) to trade precision for machine time.
 */
import { createPrivateKey, sign } from "node:crypto";
import { availableParallelism, cpus, loadavg } from "node:os";
import { caKeyAssociatedData } from "../src/pki/ca-signing-key.js";
import { issueUserCertificate } from "../src/pki/issue-user-certificate.js";
import type { KeyAlgorithm } from "../src/pki/key-algorithms.js";
import { CaSignerCache } from "../src/pki/ca-signer-cache.js";
import { KeyPool } from "../src/pki/key-pool.js";
import { createManagedCa, type ManagedCaRecord } from "../src/pki/managed-ca.js";
import { MasterKey } from "../src/pki/master-key.js";
import { openSecret } from "../src/pki/secret-box.js";

const scale = Number(process.env.BENCH_PKI_SCALE ?? "1");
const count = (n: number) => Math.max(5, Math.round(n * scale));

interface Series {
  label: string;
  samples: number[];
  wallMs: number;
  /** CPU time of the whole process (all threads) over the series, in ms. */
  cpuMs: number;
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

async function issueSeries(
  label: string,
  ca: ManagedCaRecord,
  masterKey: MasterKey,
  keyAlgorithm: KeyAlgorithm,
  n: number,
  pool?: KeyPool,
  signerCache?: CaSignerCache,
): Promise<Series> {
  const samples: number[] = [];
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < n; i += 1) {
    const t0 = performance.now();
    await issueUserCertificate({ ca, masterKey, caId: "bench-ca", username: `user${i}`, months: 3, keyAlgorithm, keyPool: pool, signerCache });
    samples.push(performance.now() - t0);
  }
  return { label, samples, wallMs: performance.now() - started, cpuMs: cpuMsSince(cpuStart) };
}

/** Issues `n` certificates with `inFlight` requests outstanding at a time; returns certs/s. */
async function concurrentRate(
  ca: ManagedCaRecord,
  masterKey: MasterKey,
  pool: KeyPool,
  signerCache: CaSignerCache,
  n: number,
  inFlight: number,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < n) {
      next += 1;
      await issueUserCertificate({ ca, masterKey, caId: "bench-ca", username: `c${next}`, months: 3, keyAlgorithm: "EC_P256", keyPool: pool, signerCache });
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return (n * 1000) / (performance.now() - started);
}

/** Wall and CPU milliseconds per raw `crypto.sign` with the CA's own key over a TBSCertificate-sized message. */
function caSignBaseline(ca: ManagedCaRecord, masterKey: MasterKey, n: number): { wallMs: number; cpuMs: number } {
  const pkcs8 = openSecret(masterKey, ca.sealedPrivateKey, caKeyAssociatedData("bench-ca"));
  const key = createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" });
  const message = Buffer.alloc(1300, 0x5a);
  for (let i = 0; i < 5; i += 1) sign("sha256", message, key);
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < n; i += 1) sign("sha256", message, key);
  return { wallMs: (performance.now() - started) / n, cpuMs: cpuMsSince(cpuStart) / n };
}

function row(series: Series, signCpuMs: number): string {
  const sorted = [...series.samples].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  const rate = (series.samples.length * 1000) / series.wallMs;
  const cpuPerCert = series.cpuMs / series.samples.length;
  return `| ${series.label} | ${series.samples.length} | ${p50.toFixed(1)} | ${p99.toFixed(1)} | ${rate.toFixed(1)} | ${cpuPerCert.toFixed(2)} | ${(cpuPerCert / signCpuMs).toFixed(1)}x |`;
}

async function main(): Promise<void> {
  const masterKey = MasterKey.random();
  const ca = await createManagedCa({ caId: "bench-ca", projectId: "bench", masterKey });
  console.log(`# PKI benchmark`);
  console.log(`node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model ?? "unknown"}), CA key ${ca.keyAlgorithm}`);

  const load = () => loadavg().map((n) => n.toFixed(1)).join(" ");
  console.log(`load average at start: ${load()}`);
  const baseline = caSignBaseline(ca, masterKey, count(200));
  console.log(
    `raw crypto.sign with the CA's RSA-4096 key (SHA-256, 1300 bytes): ${baseline.wallMs.toFixed(2)} ms wall, ` +
      `${baseline.cpuMs.toFixed(2)} ms CPU per signature, ${(1000 / baseline.wallMs).toFixed(0)} signatures/s`,
  );

  const signers = new CaSignerCache();
  // Warm-up so JIT and first-use costs do not land in the first measured series.
  await issueSeries("warm-up", ca, masterKey, "EC_P256", 30, undefined, signers);

  const rsaWarm = count(40);
  const ecWarm = count(200);
  // A refillBelow this small means "refill only once a queue is empty"; one spare key per queue keeps
  // it from emptying, so "warm" means every take is a hit and no key generation competes for the CPUs
  // during the measured runs (that contention is measured separately below).
  const sizes = { RSA_4096: rsaWarm + 1, EC_P256: 2 * ecWarm + 1 };
  const pool = new KeyPool({ sizes, concurrency: 2, refillBelow: 1 / (sizes.EC_P256 + 1) });
  const fillStart = performance.now();
  await pool.whenFull();
  const fillMs = performance.now() - fillStart;
  console.log(`pool filled with ${rsaWarm + 1} RSA-4096 and ${2 * ecWarm + 1} EC P-256 keys in ${(fillMs / 1000).toFixed(1)} s`);

  const results: Series[] = [];
  results.push(await issueSeries("RSA-4096 key, warm pool", ca, masterKey, "RSA_4096", rsaWarm, pool, signers));
  results.push(await issueSeries("EC P-256 key, warm pool", ca, masterKey, "EC_P256", ecWarm, pool, signers));
  const ecConcurrent = await concurrentRate(ca, masterKey, pool, signers, ecWarm, 4);
  const stats = pool.stats();
  if (stats.inFlight > 0) console.log("warning: the pool was refilling during the warm series");
  await pool.close();
  results.push(await issueSeries("RSA-4096 key, no pool", ca, masterKey, "RSA_4096", count(20), undefined, signers));
  results.push(await issueSeries("EC P-256 key, no pool", ca, masterKey, "EC_P256", count(100), undefined, signers));
  results.push(await issueSeries("EC P-256 key, no pool, no CA signer cache", ca, masterKey, "EC_P256", count(50)));

  // A pool topping itself up (default concurrency 1) while EC certificates are issued.
  const refilling = new KeyPool({ sizes: { RSA_4096: 1000 } });
  await new Promise((resolve) => setTimeout(resolve, 200));
  results.push(await issueSeries("EC P-256 key, no pool, 1 RSA-4096 refill running", ca, masterKey, "EC_P256", count(100), undefined, signers));
  await refilling.close();

  console.log("");
  console.log("| issue | n | p50 ms | p99 ms | certs/s (sequential) | CPU ms per cert | CPU ÷ CA signature |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const series of results) console.log(row(series, baseline.cpuMs));
  console.log("");
  console.log(`EC P-256 key, warm pool, 4 issues in flight: ${ecConcurrent.toFixed(1)} certs/s`);
  console.log(
    `pool hits/misses: RSA-4096 ${stats.algorithms.RSA_4096.hits}/${stats.algorithms.RSA_4096.misses}, ` +
      `EC P-256 ${stats.algorithms.EC_P256.hits}/${stats.algorithms.EC_P256.misses}`,
  );
  const rsaWarmP50 = percentile([...(results[0] as Series).samples].sort((a, b) => a - b), 50);
  console.log(`target p50 < 20 ms for RSA-4096 with a warm pool: ${rsaWarmP50 < 20 ? "met" : "NOT met"} (${rsaWarmP50.toFixed(1)} ms)`);
  console.log(`load average at end: ${load()}`);
}

await main();
