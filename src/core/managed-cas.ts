/**
 * A project's managed CA, created on first use rather than with the project: creating one costs an
 * RSA-4096 key generation, and a project that never issues a managed certificate never needs it.
 * A CA that can no longer cover a 24-month certificate is rotated the same way (a new generation).
 */
import { createManagedCa, type ManagedCaRecord } from "../pki/managed-ca.js";
import { managedCaNeedsRotation } from "../pki/managed-ca-trust.js";
import type { KeyAlgorithm } from "../pki/key-algorithms.js";
import { isUniqueViolation } from "../store/constraint-errors.js";
import { findNewestManagedCa, recordManagedCa, type ManagedCaRow } from "../store/repos/managed-cas.js";
import { markChanged, markRevocationChange, type CoreContext } from "./core-context.js";
import { newId } from "./ids.js";

/** A stored CA in the shape the PKI functions take. */
export function toCaRecord(row: ManagedCaRow): ManagedCaRecord {
  return {
    caId: row.id,
    projectId: row.project_id,
    generation: Number(row.generation),
    certificatePem: row.certificate_pem,
    sealedPrivateKey: Buffer.from(row.sealed_private_key, "base64"),
    subject: row.subject,
    serial: BigInt(row.serial),
    notBefore: new Date(row.not_before),
    notAfter: new Date(row.not_after),
    keyAlgorithm: row.key_algorithm as KeyAlgorithm,
  };
}

/**
 * The CA that signs the project's new certificates: the newest one, or a new one when there is none or
 * the newest can no longer cover a 24-month certificate. The key is generated outside any transaction;
 * the unique (project, generation) key makes a concurrent creator's CA win and ours be discarded.
 */
export async function ensureIssuingCa(ctx: CoreContext, projectId: string): Promise<ManagedCaRow> {
  const now = ctx.clock.now();
  const newest = await findNewestManagedCa(ctx.store.db, projectId);
  if (newest !== undefined && !managedCaNeedsRotation({ notAfter: new Date(newest.not_after) }, now)) return newest;
  const id = newId();
  const record = await createManagedCa({
    caId: id,
    projectId,
    masterKey: ctx.masterKey,
    generation: newest === undefined ? 1 : Number(newest.generation) + 1,
    keyAlgorithm: ctx.caKeyAlgorithm,
    now,
  });
  const row: ManagedCaRow = {
    id,
    project_id: projectId,
    generation: record.generation,
    key_algorithm: record.keyAlgorithm,
    certificate_pem: record.certificatePem,
    sealed_private_key: record.sealedPrivateKey.toString("base64"),
    subject: record.subject,
    serial: record.serial.toString(),
    not_before: record.notBefore.toISOString(),
    not_after: record.notAfter.toISOString(),
    created_at: now.toISOString(),
    active: 1,
  };
  try {
    const change = await ctx.store.transaction(async (tx) => {
      await recordManagedCa(tx, row);
      const revocationVersion = await markRevocationChange(tx, projectId);
      return { ...(await markChanged(tx, { projectId, kind: "CERTIFICATES" })), revocationVersion };
    });
    ctx.notifier.emit(change);
    return row;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await findNewestManagedCa(ctx.store.db, projectId);
    if (winner === undefined) throw error;
    return winner;
  }
}
