/**
 * Renewal by the holder (certgate extension, as `step ca renew`): a client that presents a valid
 * managed certificate over mutual TLS gets a new certificate for the same user and the same key,
 * without an API key. The presented certificate must:
 * - have been issued by one of the project's managed CAs (signature checked against the CA on record);
 * - be on record, not revoked, within its validity period;
 * - belong to a user that still exists with `x509Type: MANAGED`.
 * The new certificate keeps the subject and the key, gets a new serial and the same lifetime as the
 * current one (from its issue to its notAfter). The current certificate stays valid until it expires
 * unless the holder asks for it to be revoked, which happens in the same transaction.
 */
import { X509Certificate } from "node:crypto";
import { findCertificatesBySerial, findDatabaseUserById, findProjectRow } from "../store/repos/certificate-holders.js";
import type { CertificateRow } from "../store/repos/certificates.js";
import type { CoreContext } from "./core-context.js";
import { CoreError } from "./core-error.js";
import { signAndRecord } from "./certificates.js";
import type { IssuedCertificate } from "./types.js";

/** What the holder may ask for. */
export interface RenewParams {
  /** Revoke the presented certificate once the new one is recorded. */
  revokeCurrent?: boolean;
}

function refused(reason: string): CoreError {
  return new CoreError("RENEWAL_CERTIFICATE_REFUSED", `The client certificate cannot be renewed: ${reason}.`, [reason]);
}

/** The presented certificate's record and the CA it verifies against. */
async function verifiedRecord(ctx: CoreContext, peer: X509Certificate): Promise<CertificateRow> {
  const serial = BigInt(`0x${peer.serialNumber}`).toString();
  for (const { certificate, ca } of await findCertificatesBySerial(ctx.store.db, serial)) {
    const caCert = new X509Certificate(ca.certificate_pem);
    if (peer.checkIssued(caCert) && peer.verify(caCert.publicKey)) return certificate;
  }
  throw refused("it was not issued by a certgate managed CA");
}

/** Renews the certificate `peerDer` presented in the TLS handshake; see the module comment. */
export async function renewCertificate(ctx: CoreContext, peerDer: Buffer | undefined, params: RenewParams = {}): Promise<IssuedCertificate> {
  if (peerDer === undefined || peerDer.length === 0) {
    throw refused("no client certificate was presented (renewal needs HTTPS and the current certificate as the client certificate)");
  }
  let peer: X509Certificate;
  try {
    peer = new X509Certificate(peerDer);
  } catch {
    throw refused("the client certificate cannot be read");
  }
  const record = await verifiedRecord(ctx, peer);
  const now = ctx.clock.now();
  if (record.revoked_at !== null) throw refused("it is revoked");
  if (now.getTime() >= Date.parse(record.not_after)) throw refused("it has expired");
  if (now.getTime() < Date.parse(record.not_before)) throw refused("it is not valid yet");
  const user = record.database_user_id === null ? undefined : await findDatabaseUserById(ctx.store.db, record.database_user_id);
  if (user === undefined) throw refused("its database user no longer exists");
  if (user.x509_type !== "MANAGED") throw refused("its database user is no longer x509Type MANAGED");
  const project = await findProjectRow(ctx.store.db, record.project_id);
  if (project === undefined) throw refused("its project no longer exists");
  const durationMs = Math.max(Date.parse(record.not_after) - Date.parse(record.created_at), 5 * 60_000);
  return signAndRecord(ctx, {
    project,
    groupId: record.project_id,
    user,
    lifetime: { durationMs },
    publicKeySpki: Buffer.from(peer.publicKey.export({ type: "spki", format: "der" })),
    actor: "certgate",
    note: `renewed by its holder from serial ${record.serial}${params.revokeCurrent === true ? ", which was revoked" : ""}`,
    ...(params.revokeCurrent === true ? { revokeCertificateId: record.id } : {}),
  });
}
