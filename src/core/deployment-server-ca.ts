/**
 * Keeps the deployment server CA (`pki/deployment-server-ca.ts`) in the store: created by the first
 * instance that needs it, then the same for every instance that shares the store and master key.
 */
import { createDeploymentServerCa, type DeploymentServerCa } from "../pki/deployment-server-ca.js";
import type { KeyAlgorithm } from "../pki/key-algorithms.js";
import type { MasterKey } from "../pki/master-key.js";
import { systemClock, type Clock } from "../shared/clock.js";
import { findDeploymentServerCa, saveDeploymentServerCa, type DeploymentServerCaRow } from "../store/repos/clusters.js";
import type { Store } from "../store/store.js";

function fromRow(row: DeploymentServerCaRow): DeploymentServerCa {
  return {
    certificatePem: row.certificate_pem,
    sealedPrivateKey: Buffer.from(row.sealed_private_key, "base64"),
    keyAlgorithm: row.key_algorithm as KeyAlgorithm,
    createdAt: new Date(row.created_at),
  };
}

/**
 * Returns the deployment server CA, creating it with `keyAlgorithm` on first use. When two instances
 * create one at once, the first stored wins and both answer it.
 */
export async function ensureDeploymentServerCa(store: Store, masterKey: MasterKey, keyAlgorithm: KeyAlgorithm, clock: Clock = systemClock): Promise<DeploymentServerCa> {
  const existing = await findDeploymentServerCa(store.db);
  if (existing) return fromRow(existing);
  const created = await createDeploymentServerCa(masterKey, keyAlgorithm, clock.now());
  const stored = await saveDeploymentServerCa(store.db, {
    key_algorithm: created.keyAlgorithm,
    certificate_pem: created.certificatePem,
    sealed_private_key: created.sealedPrivateKey.toString("base64"),
    created_at: created.createdAt.toISOString(),
  });
  return fromRow(stored);
}
