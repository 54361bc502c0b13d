/**
 * Who the client certificate says the client is, for one project's trust set: the anchor that
 * vouched for the chain (managed or customer), the subject as mongod renders it, and the name the
 * user is stored under (the CN for the managed CA, the whole subject for customer CAs).
 */
import type { TLSSocket } from "node:tls";
import { certificateSubjectDn, clusterMembershipKey, commonNameOf, renderDn } from "../../pki/dn/index.js";
import { verifyClientChain, type TrustAnchorKind } from "../../pki/verify-chain.js";
import type { ProjectAccess } from "./project-access.js";

/** A client certificate that verified against the project's anchors. */
export interface PeerIdentity {
  readonly anchorKind: TrustAnchorKind;
  /** The subject in mongod's rendering: the authenticated user name mongod would report. */
  readonly subject: string;
  /** The `$external` user name to look up: the CN (managed) or the subject (customer). */
  readonly userName: string;
  /** Decimal serial, for the revocation list. */
  readonly serial: string;
  /** The sorted O/OU/DC of the subject (mongod's cluster-member key); empty when it has none. */
  readonly membershipKey: string;
}

/** The outcome of {@link identifyPeer}: an identity, or why there is none (for logs only). */
export type PeerIdentityResult = { ok: true; identity: PeerIdentity } | { ok: false; reason: string };

/** The certificates the client presented, leaf first, as DER (OpenSSL's verified path included). */
export function peerChain(socket: TLSSocket): Buffer[] {
  const chain: Buffer[] = [];
  let cert = socket.getPeerCertificate(true);
  const seen = new Set<unknown>();
  while (cert !== undefined && cert !== null && cert.raw !== undefined && !seen.has(cert)) {
    seen.add(cert);
    chain.push(cert.raw);
    cert = cert.issuerCertificate;
  }
  return chain;
}

/** Verifies `chain` against the project's anchors and derives the user name from it. */
export function identifyPeer(chain: readonly Buffer[], access: ProjectAccess, now: Date): PeerIdentityResult {
  try {
    const verified = verifyClientChain(chain, access.anchors, now);
    const dn = certificateSubjectDn(verified.leafDer);
    const subject = renderDn(dn);
    const userName = verified.anchor.kind === "managed" ? commonNameOf(dn) : subject;
    if (userName === undefined || userName === "") {
      return { ok: false, reason: `certificate "${subject}" from the managed CA has no common name` };
    }
    return {
      ok: true,
      identity: {
        anchorKind: verified.anchor.kind,
        subject,
        userName,
        serial: verified.serial.toString(),
        membershipKey: clusterMembershipKey(dn),
      },
    };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
