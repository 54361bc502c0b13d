/**
 * What a gateway needs to accept a project's clients: its CAs and its revoked managed certificates.
 *
 * The revoked serials come whole on a first load of a project (only those not expired yet, read in
 * pages), or, for a gateway that starts serving before it has them all, page by page from
 * {@link listRevokedSerials} with {@link isCertificateRevoked} answering for one certificate meanwhile.
 * Afterwards they come as the revocations since the last one the gateway knows, so a revocation costs
 * a gateway one serial however many certificates the project has revoked before.
 */
import { isRevokedInProject, listRevokedCertificates, listRevokedSince } from "../store/repos/certificates.js";
import { readProjectVersions } from "../store/repos/change-counters.js";
import { findCustomerCas } from "../store/repos/customer-cas.js";
import { listManagedCas } from "../store/repos/managed-cas.js";
import type { CoreContext } from "./core-context.js";
import type { ProjectTrust } from "./types.js";

/** What {@link loadProjectTrust} leaves out. */
export interface ProjectTrustOptions {
  /** No revoked serials at all (the caller reads them with {@link listRevokedSerials}). */
  skipRevoked?: boolean;
}

/**
 * The project's trust now; with `revokedAfter`, only the revocations after that revocation counter;
 * with `skipRevoked`, none (its `revocationVersion` is still the counter to read later ones from).
 */
export async function loadProjectTrust(ctx: CoreContext, projectId: string, revokedAfter?: number, options: ProjectTrustOptions = {}): Promise<ProjectTrust> {
  const db = ctx.store.db;
  const now = ctx.clock.now().toISOString();
  // First: everything read below is at least as new as these counters.
  const versions = await readProjectVersions(db, projectId);
  const [cas, customer] = await Promise.all([listManagedCas(db, projectId), findCustomerCas(db, projectId)]);
  const revokedSerials: string[] = [];
  let revocationVersion = versions.revocationVersion;
  if (options.skipRevoked === true) {
    // Nothing: every revocation up to versions.revocationVersion is in listRevokedSerials, later ones come with revokedAfter.
  } else if (revokedAfter === undefined) {
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

/** The serials of the project's unexpired revoked certificates, a page at a time, yielding to the event loop between pages. */
export async function* listRevokedSerials(ctx: CoreContext, projectId: string): AsyncGenerator<string[]> {
  for await (const page of listRevokedCertificates(ctx.store.db, projectId, ctx.clock.now().toISOString())) yield page.map((row) => row.serial);
}

/** Whether the project's managed CAs issued a certificate with this serial that is revoked (one indexed lookup). */
export function isCertificateRevoked(ctx: CoreContext, projectId: string, serial: string): Promise<boolean> {
  return isRevokedInProject(ctx.store.db, projectId, serial);
}
