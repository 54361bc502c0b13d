/**
 * What a gateway knows about one project, rebuilt whenever the project changes: the CAs it trusts
 * (for the TLS handshake and for deciding which anchor vouched for a client), the revoked managed
 * certificates and the custom roles. Users are not cached here; they are looked up when a
 * connection authenticates and re-checked on every change.
 */
import type { Core } from "../../core/index.js";
import type { CustomRole } from "../authz/index.js";
import { encodePem, parsePemBundle } from "../../pki/pem-bundle.js";
import { PreparedTrustAnchors, type TrustAnchor } from "../../pki/verify-chain.js";
import { RevokedSerials } from "./revoked-serials.js";

/** A project's data-plane view at one moment. */
export interface ProjectAccess {
  readonly projectId: string;
  /** Managed CAs first, then the customer CAs; the TLS layer trusts exactly these. */
  readonly anchors: PreparedTrustAnchors;
  /** The anchors' PEM text, for `tls.createSecureContext({ca})`. */
  readonly caPems: readonly string[];
  /**
   * Decimal serials of revoked managed certificates. One set per project, shared by its successive
   * accesses and grown by each reload with the revocations since {@link revocationVersion}; filled in
   * the background after the first load (see revoked-serials.ts).
   */
  readonly revokedSerials: RevokedSerials;
  /** The project's revocation counter the set is complete up to. */
  readonly revocationVersion: number;
  /** The project's change counter this access is at least as new as. */
  readonly version: number;
  readonly customRoles: readonly CustomRole[];
  /** Changes with every distinct trust set, so listeners can skip rebuilding an unchanged TLS context. */
  readonly trustKey: string;
}

function customerAnchors(bundle: string | undefined): TrustAnchor[] {
  if (bundle === undefined) return [];
  return parsePemBundle(bundle)
    .blocks.filter((block) => block.label === "CERTIFICATE")
    .map((block) => ({ id: `customer-${block.position}`, kind: "customer", certificate: encodePem("CERTIFICATE", block.der) }));
}

/**
 * Reads a project's trust, revocations and custom roles from the core. Given the project's previous
 * access, it reads only the revocations since, and keeps the previous trust anchors when the CA set is
 * unchanged, so the certificates verified against them stay verified (peer-identity-cache.ts). The
 * first load reads no revoked serials: its set starts empty and incomplete, for
 * {@link loadRevokedSerials} to fill while the project is already served.
 */
export async function loadProjectAccess(core: Core, projectId: string, previous?: ProjectAccess): Promise<ProjectAccess> {
  const [trust, roles] = await Promise.all([
    core.dataPlane.loadProjectTrust(projectId, previous?.revocationVersion, { skipRevoked: previous === undefined }),
    core.dataPlane.listCustomRoles(projectId),
  ]);
  const anchors: TrustAnchor[] = [
    ...trust.managedCaPems.map((certificate, index): TrustAnchor => ({ id: `managed-${index + 1}`, kind: "managed", certificate })),
    ...customerAnchors(trust.customerCasPem),
  ];
  const caPems = anchors.map((anchor) => anchor.certificate);
  const trustKey = caPems.join("");
  const revokedSerials = previous?.revokedSerials ?? new RevokedSerials((serial) => core.dataPlane.isCertificateRevoked(projectId, serial));
  for (const serial of trust.revokedSerials) revokedSerials.add(serial);
  return {
    projectId,
    anchors: previous !== undefined && previous.trustKey === trustKey ? previous.anchors : new PreparedTrustAnchors(anchors),
    caPems,
    revokedSerials,
    revocationVersion: trust.revocationVersion,
    version: trust.version,
    customRoles: roles.map((role) => ({ roleName: role.roleName, actions: role.actions, inheritedRoles: role.inheritedRoles })),
    trustKey,
  };
}

/**
 * Reads every unexpired revocation of the project into `serials`, a page at a time, and marks the set
 * complete; stops early once `stopped()` says so. Throws when the store fails (the set stays incomplete).
 */
export async function loadRevokedSerials(core: Core, projectId: string, serials: RevokedSerials, stopped: () => boolean): Promise<void> {
  for await (const page of core.dataPlane.listRevokedSerials(projectId)) {
    if (stopped()) return;
    for (const serial of page) serials.add(serial);
  }
  serials.markComplete();
}
