import assert from "node:assert/strict";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { describe, it } from "node:test";
import { KeyPool, type KeyPoolOptions } from "./key-pool.js";
import { PkiError } from "./pki-error.js";

/**
 * Lets `ms` of wall time pass so the event-loop monitor has a window to measure: the measurement
 * itself, not a wait for something to happen.
 */
function measurementWindow(ms: number): Promise<void> {
  // eslint-disable-next-line no-restricted-syntax -- a window to measure over, not synchronisation
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function spkiHex(key: { publicKey: { export(o: { type: "spki"; format: "der" }): Buffer } }): string {
  return key.publicKey.export({ type: "spki", format: "der" }).toString("hex");
}

/** Runs `use` on a pool of `options` once it is full, and closes the pool after. */
async function withFullPool(options: KeyPoolOptions, use: (pool: KeyPool) => Promise<void>): Promise<void> {
  const pool = new KeyPool(options);
  try {
    await pool.whenFull();
    await use(pool);
  } finally {
    await pool.close();
  }
}

describe("KeyPool", () => {
  it("fills each algorithm to its size and stops there", async () => {
    await withFullPool({ sizes: { EC_P256: 3, EC_P384: 1 }, concurrency: 2 }, async (pool) => {
      // The pool starts a generation only synchronously (on construction, a take, or a generation
      // settling), so once whenFull resolved nothing can start later without a take.
      const stats = pool.stats();
      assert.equal(stats.algorithms.EC_P256.ready, 3);
      assert.equal(stats.algorithms.EC_P384.ready, 1);
      assert.equal(stats.algorithms.RSA_4096.ready, 0, "algorithms without a size are not pooled");
      assert.equal(stats.inFlight, 0, "nothing is generated once full");
    });
  });

  it("serves hits from the pool, generates on a miss, never hands a key out twice, and refills", async () => {
    await withFullPool({ sizes: { EC_P256: 3 } }, async (pool) => {
      const taken = await Promise.all(Array.from({ length: 5 }, () => pool.take("EC_P256")));
      assert.equal(new Set(taken.map(spkiHex)).size, 5);
      assert.ok(taken.every((key) => key.algorithm === "EC_P256"));
      const after = pool.stats().algorithms.EC_P256;
      assert.equal(after.hits, 3);
      assert.equal(after.misses, 2);
      await pool.whenFull();
      assert.equal(pool.stats().algorithms.EC_P256.ready, 3);
    });
  });

  it("with size 0 generates every key on demand and nothing in the background", async () => {
    const pool = new KeyPool({ sizes: { EC_P256: 0 } });
    try {
      assert.equal(pool.stats().inFlight, 0);
      const key = await pool.take("EC_P256");
      assert.equal(key.algorithm, "EC_P256");
      assert.deepEqual(pool.stats().algorithms.EC_P256, { size: 0, ready: 0, hits: 0, misses: 1 });
      assert.equal(pool.stats().inFlight, 0);
    } finally {
      await pool.close();
    }
  });

  it("drops its keys and stops refilling when closed", async () => {
    const pool = new KeyPool({ sizes: { EC_P256: 2 } });
    await pool.whenFull();
    await pool.close();
    assert.equal(pool.stats().closed, true);
    assert.equal(pool.stats().algorithms.EC_P256.ready, 0);
    await pool.take("EC_P256");
    assert.equal(pool.stats().inFlight, 0, "the miss did not start a background refill");
    assert.equal(pool.stats().algorithms.EC_P256.ready, 0);
  });

  it("with refillBelow waits until the queue drops under that fraction, then fills it up", async () => {
    await withFullPool({ sizes: { EC_P256: 4 }, refillBelow: 0.5 }, async (pool) => {
      await pool.take("EC_P256");
      await pool.take("EC_P256");
      assert.equal(pool.stats().algorithms.EC_P256.ready, 2, "2 of 4 is not below half: no refill yet");
      assert.equal(pool.stats().inFlight, 0);
      await pool.whenFull();
      assert.equal(pool.stats().algorithms.EC_P256.ready, 2, "no refill is due, so whenFull resolves at once");
      await pool.take("EC_P256");
      await pool.whenFull();
      assert.equal(pool.stats().algorithms.EC_P256.ready, 4);
    });
  });

  it("with refillDelayMs starts the refill after a hit that long after the take, not during it", async () => {
    await withFullPool({ sizes: { EC_P256: 2 }, refillDelayMs: 600_000 }, async (waiting) => {
      await waiting.take("EC_P256");
      await waiting.take("EC_P256");
      assert.equal(waiting.stats().inFlight, 0, "no generation runs while the delay lasts");
      assert.equal(waiting.stats().algorithms.EC_P256.ready, 0);
    });
    await withFullPool({ sizes: { EC_P256: 2 }, refillDelayMs: 5 }, async (pool) => {
      await pool.take("EC_P256");
      assert.equal(pool.stats().inFlight, 0);
      await pool.whenFull();
      assert.equal(pool.stats().algorithms.EC_P256.ready, 2, "the delayed refill filled the queue again");
    });
  });

  it("rejects sizes and concurrency that are not whole numbers", () => {
    const invalid = (error: unknown) => error instanceof PkiError && error.code === "INVALID_ARGUMENT";
    assert.throws(() => new KeyPool({ sizes: { EC_P256: -1 } }), invalid);
    assert.throws(() => new KeyPool({ sizes: { EC_P256: 1.5 } }), invalid);
    assert.throws(() => new KeyPool({ sizes: {}, concurrency: 0 }), invalid);
    assert.throws(() => new KeyPool({ sizes: {}, refillBelow: 0 }), invalid);
    assert.throws(() => new KeyPool({ sizes: {}, refillBelow: 1.5 }), invalid);
    assert.throws(() => new KeyPool({ sizes: {}, refillDelayMs: -1 }), invalid);
  });

  it("keeps the event loop responsive while generating RSA-4096 keys", async (t) => {
    const histogram = monitorEventLoopDelay({ resolution: 5 });
    // The monitor must be able to see a blocked loop, or a small figure below would prove nothing.
    histogram.enable();
    await measurementWindow(20);
    const spinUntil = Date.now() + 150;
    while (Date.now() < spinUntil) {
      // busy loop standing in for a synchronous key generation
    }
    await measurementWindow(20);
    histogram.disable();
    assert.ok(histogram.max / 1e6 >= 120, `a 150 ms block must register, saw ${histogram.max / 1e6} ms`);

    histogram.reset();
    histogram.enable();
    const started = performance.now();
    // Default concurrency (1): with one generation per core the main thread itself starves for CPU on
    // a busy 2-core machine (measured 88-144 ms delays at load 11), which the default avoids.
    await withFullPool({ sizes: { RSA_4096: 2 } }, async () => {});
    const elapsed = performance.now() - started;
    histogram.disable();
    const maxDelayMs = histogram.max / 1e6;

    // The same machine doing nothing for a while right after: what other processes alone cost now
    // (the test machine is shared, and its scheduler delays us no matter what we do).
    histogram.reset();
    histogram.enable();
    await measurementWindow(Math.min(elapsed, 3000));
    histogram.disable();
    const controlMs = histogram.max / 1e6;

    // Quiet, the delay is 5-7 ms; on the saturated shared machine our own generation thread still
    // competes with the main thread for a core, which has cost up to ~120 ms. A generation run ON the
    // event loop would stall it for a whole generation (elapsed / 2 here, 450 ms or more on this
    // machine), so the bound is also kept under half of that, whatever the load.
    const allowedMs = Math.min(Math.max(150, 2 * controlMs), elapsed / 2 / 2);
    t.diagnostic(
      `2 RSA-4096 keys in ${elapsed.toFixed(0)} ms; max event-loop delay ${maxDelayMs.toFixed(1)} ms (idle control ${controlMs.toFixed(1)} ms, allowed ${allowedMs.toFixed(1)} ms)`,
    );
    assert.ok(maxDelayMs < allowedMs, `event loop blocked for ${maxDelayMs.toFixed(1)} ms while generating keys`);
  });
});
