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

/** A project's data-plane view at one moment. */
export interface ProjectAccess {
  readonly projectId: string;
  /** Managed CAs first, then the customer CAs; the TLS layer trusts exactly these. */
  readonly anchors: PreparedTrustAnchors;
  /** The anchors' PEM text, for `tls.createSecureContext({ca})`. */
  readonly caPems: readonly string[];
  /** Decimal serials of revoked managed certificates. */
  readonly revokedSerials: ReadonlySet<string>;
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

/** Reads a project's trust, revocations and custom roles from the core. */
export async function loadProjectAccess(core: Core, projectId: string): Promise<ProjectAccess> {
  const [trust, roles] = await Promise.all([core.dataPlane.loadProjectTrust(projectId), core.dataPlane.listCustomRoles(projectId)]);
  const anchors: TrustAnchor[] = [
    ...trust.managedCaPems.map((certificate, index): TrustAnchor => ({ id: `managed-${index + 1}`, kind: "managed", certificate })),
    ...customerAnchors(trust.customerCasPem),
  ];
  const caPems = anchors.map((anchor) => anchor.certificate);
  return {
    projectId,
    anchors: new PreparedTrustAnchors(anchors),
    caPems,
    revokedSerials: new Set(trust.revokedSerials),
    customRoles: roles.map((role) => ({ roleName: role.roleName, actions: role.actions, inheritedRoles: role.inheritedRoles })),
    trustKey: caPems.join(""),
  };
}
