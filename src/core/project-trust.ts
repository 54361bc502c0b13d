/**
 * What a gateway needs to accept a project's clients: its CAs and its revoked managed certificates.
 *
 * The revoked serials come whole on a gateway's first load of a project (only those not expired yet,
 * read in pages) and afterwards as the revocations since the last one the gateway knows, so a
 * revocation costs a gateway one serial however many certificates the project has revoked before.
 */
import { listRevokedCertificates, listRevokedSince } from "../store/repos/certificates.js";
import { readProjectVersions } from "../store/repos/change-counters.js";
import { findCustomerCas } from "../store/repos/customer-cas.js";
import { listManagedCas } from "../store/repos/managed-cas.js";
import type { CoreContext } from "./core-context.js";
import type { ProjectTrust } from "./types.js";

/** The project's trust now; with `revokedAfter`, only the revocations after that revocation counter. */
export async function loadProjectTrust(ctx: CoreContext, projectId: string, revokedAfter?: number): Promise<ProjectTrust> {
  const db = ctx.store.db;
  const now = ctx.clock.now().toISOString();
  // First: everything read below is at least as new as these counters.
  const versions = await readProjectVersions(db, projectId);
  const [cas, customer] = await Promise.all([listManagedCas(db, projectId), findCustomerCas(db, projectId)]);
  const revokedSerials: string[] = [];
  let revocationVersion = versions.revocationVersion;
  if (revokedAfter === undefined) {
    for await (const page of listRevokedCertificates(db, projectId, now)) for (const row of page) revokedSerials.push(row.serial);
  } else {
    const since = await listRevokedSince(db, projectId, revokedAfter);
    revokedSerials.push(...since.serials);
    revocationVersion = Math.max(revocationVersion, since.seq);
  }
  return {
    projectId,
    managedCaPems: cas.filter((ca) => ca.not_after > now).map((ca) => ca.certificate_pem),
    ...(customer === undefined ? {} : { customerCasPem: customer.bundle_pem }),
    revokedSerials,
    version: versions.version,
    revocationVersion,
  };
}
