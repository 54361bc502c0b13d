import assert from "node:assert/strict";
import { test } from "node:test";
import { KeyPool } from "../pki/key-pool.js";
import { createMetrics } from "./metrics.js";

test("watching a key pool twice reports its depth once", async () => {
  const pool = new KeyPool({ sizes: { EC_P256: 2 } });
  try {
    await pool.whenFull();
    const metrics = createMetrics();
    metrics.watchKeyPool(pool);
    metrics.watchKeyPool(pool);
    const gauge = await metrics.registry.getSingleMetric("certgate_pki_key_pool_ready")?.get();
    assert.deepEqual(gauge?.values.map((v) => [v.labels.algorithm, v.value]), [["EC_P256", 2]]);
  } finally {
    await pool.close();
  }
});

test("every declared metric is registered under its own name", async () => {
  const metrics = createMetrics();
  const names = (await metrics.registry.getMetricsAsJSON()).map((m) => m.name).filter((n) => !/^certgate_(process|nodejs)_/.test(n));
  assert.equal(new Set(names).size, names.length);
  for (const name of ["certgate_gateway_connections_open", "certgate_gateway_commands_total", "certgate_gateway_command_duration_seconds", "certgate_store_query_duration_seconds", "certgate_alerts_deliveries_total"]) {
    assert.ok(names.includes(name), name);
  }
});
