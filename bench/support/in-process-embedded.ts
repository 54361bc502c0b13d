/**
 * Benchmark only: an embedded cluster whose engine runs on the gateway's own thread, as every
 * embedded cluster did before the engine moved to a worker thread per cluster. certgate itself
 * always uses the worker (`src/gateway/server/backend-factories.ts`); this factory exists so the
 * benchmark can put the two side by side in one run.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { EmbeddedBackend } from "../../src/gateway/backends/embedded/embedded-backend.js";
import type { BackendFactory } from "../../src/gateway/server/backend-factories.js";

export const openInProcessEmbeddedBackend: BackendFactory = async (cluster, env) => {
  const dir = join(env.dataDir, "clusters");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return EmbeddedBackend.open({
    path: join(dir, `${cluster.id}.sqlite`),
    onInternalError: (err, command) => env.log.error({ err, command, cluster: cluster.name }, "embedded backend internal error"),
  });
};
