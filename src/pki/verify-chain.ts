/**
 * Client certificate path validation against a project's trust anchors.
 *
 * The gateway lets Node's TLS (OpenSSL) run the handshake against all of a project's anchors; this
 * module then says WHICH anchor vouched for the client, because that decides how the user name is
 * derived (CN for the managed CA, the full subject for customer CAs) and which `x509Type` must match.
 * It re-checks the path itself rather than trusting the handshake's result:
 * 1. the leaf's issuer chain is rebuilt from the certificates the client sent (in any order), each
 *    link checked by name and signature, until a certificate is signed by an anchor;
 * 2. every certificate, the anchor included, must be valid at `now`;
 * 3. intermediates and the anchor must be CAs (basicConstraints cA, keyCertSign when keyUsage is
 *    present) whose pathLenConstraint allows the intermediates below them;
 * 4. the leaf must not be a CA; when it has extendedKeyUsage it must include clientAuth, and when
 *    it has keyUsage it must allow digitalSignature or keyAgreement (OpenSSL's `sslclient` purpose);
 *    intermediates with extendedKeyUsage must include clientAuth too, as OpenSSL requires;
 * 5. no certificate may carry a critical extension the verifier does not understand.
 * Revocation is not checked here; the caller looks the leaf's serial up.
 */
import type { X509Certificate } from "node:crypto";
import { KeyUsageFlags, id_kp_clientAuth } from "@peculiar/asn1-x509";
import { isIssuedBy, parseCertificate, type ParsedCertificate } from "./parsed-certificate.js";
import { PkiError } from "./pki-error.js";
import { serialNumberFromHex } from "./serial-number.js";

/** Who a trust anchor belongs to. */
export type TrustAnchorKind = "managed" | "customer";

/** A CA certificate the project trusts. */
export interface TrustAnchor {
  /** The store's id of the managed CA or customer CA certificate. */
  readonly id: string;
  readonly kind: TrustAnchorKind;
  /** PEM of the CA certificate. */
  readonly certificate: string;
}

/** A verified chain: the anchor that vouched for it and the client's certificate. */
export interface VerifiedClientChain {
  readonly anchor: TrustAnchor;
  /** The client's (leaf) certificate. */
  readonly leaf: X509Certificate;
  readonly leafDer: Buffer;
  readonly serial: bigint;
  /** The intermediates used, leaf side first (empty when the anchor signed the leaf). */
  readonly intermediates: readonly X509Certificate[];
}

/** Longest path accepted, intermediates included; OpenSSL's default limit is 100, real paths are 2-4. */
export const MAX_CHAIN_LENGTH = 10;

interface ParsedAnchor {
  readonly anchor: TrustAnchor;
  readonly cert: ParsedCertificate;
}

/**
 * Trust anchors parsed once, for a caller that verifies many chains against the same set (the
 * gateway keeps one per project and rebuilds it when the trust store changes).
 */
export class PreparedTrustAnchors {
  /** @internal */
  readonly parsed: readonly ParsedAnchor[];

  /** Parses every anchor; throws `PkiError("INVALID_PEM")` naming one that cannot be read. */
  constructor(anchors: readonly TrustAnchor[]) {
    this.parsed = parseAnchors(anchors);
  }

  /** The anchors, as given. */
  get anchors(): readonly TrustAnchor[] {
    return this.parsed.map((entry) => entry.anchor);
  }
}

function untrusted(reason: string): PkiError {
  return new PkiError("CHAIN_UNTRUSTED", reason);
}

function parseAnchors(anchors: readonly TrustAnchor[]): ParsedAnchor[] {
  return anchors.map((anchor) => {
    try {
      return { anchor, cert: parseCertificate(anchor.certificate) };
    } catch (error) {
      throw new PkiError("INVALID_PEM", `trust anchor ${anchor.kind} CA ${anchor.id} cannot be parsed`, { cause: error });
    }
  });
}

function parseSent(chain: readonly (Uint8Array | string)[]): ParsedCertificate[] {
  return chain.map((item, index) => {
    try {
      return parseCertificate(item);
    } catch (error) {
      throw new PkiError("CHAIN_UNTRUSTED", `certificate ${index + 1} of the client's chain cannot be parsed`, {
        cause: error,
      });
    }
  });
}

function checkValidity(cert: ParsedCertificate, role: string, now: Date): void {
  if (now.getTime() < cert.notBefore.getTime()) {
    throw untrusted(`${role} "${cert.subject}" is not valid until ${cert.notBefore.toISOString()}`);
  }
  if (now.getTime() > cert.notAfter.getTime()) {
    throw untrusted(`${role} "${cert.subject}" expired at ${cert.notAfter.toISOString()}`);
  }
}

function checkCritical(cert: ParsedCertificate, role: string): void {
  if (cert.unhandledCritical.length > 0) {
    throw untrusted(`${role} "${cert.subject}" has unsupported critical extension(s) ${cert.unhandledCritical.join(", ")}`);
  }
}

function checkLeaf(leaf: ParsedCertificate, now: Date): void {
  checkValidity(leaf, "client certificate", now);
  checkCritical(leaf, "client certificate");
  if (leaf.isCa) throw untrusted(`client certificate "${leaf.subject}" is a CA certificate, not a client certificate`);
  if (leaf.extendedKeyUsage && !leaf.extendedKeyUsage.includes(id_kp_clientAuth)) {
    throw untrusted(`client certificate "${leaf.subject}" has extendedKeyUsage without clientAuth`);
  }
  const usableKey = KeyUsageFlags.digitalSignature | KeyUsageFlags.keyAgreement;
  if (leaf.keyUsage !== undefined && (leaf.keyUsage & usableKey) === 0) {
    throw untrusted(`client certificate "${leaf.subject}" has keyUsage without digitalSignature or keyAgreement`);
  }
}

/** Checks a CA on the path; `below` is the number of intermediates between it and the leaf. */
function checkCa(cert: ParsedCertificate, role: string, below: number, now: Date): void {
  checkValidity(cert, role, now);
  checkCritical(cert, role);
  if (!cert.isCa) throw untrusted(`${role} "${cert.subject}" is not a CA (basicConstraints cA is not set)`);
  if (cert.keyUsage !== undefined && (cert.keyUsage & KeyUsageFlags.keyCertSign) === 0) {
    throw untrusted(`${role} "${cert.subject}" has keyUsage without keyCertSign`);
  }
  if (cert.pathLength !== undefined && below > cert.pathLength) {
    throw untrusted(`${role} "${cert.subject}" allows ${cert.pathLength} intermediate(s) below it, the path has ${below}`);
  }
}

/**
 * Verifies a client's chain (leaf first, then whatever intermediates it sent, DER or PEM) against the
 * anchors and returns the anchor that vouched for it. Throws `PkiError("CHAIN_UNTRUSTED")` with the
 * reason when no anchor does.
 */
export function verifyClientChain(
  chain: readonly (Uint8Array | string)[],
  anchors: readonly TrustAnchor[] | PreparedTrustAnchors,
  now: Date,
): VerifiedClientChain {
  if (chain.length === 0) throw untrusted("the client sent no certificate");
  const [leaf, ...offered] = parseSent(chain) as [ParsedCertificate, ...ParsedCertificate[]];
  const trusted = anchors instanceof PreparedTrustAnchors ? anchors.parsed : parseAnchors(anchors);
  checkLeaf(leaf, now);

  const intermediates: ParsedCertificate[] = [];
  const unused = new Set(offered);
  let current = leaf;
  while (intermediates.length < MAX_CHAIN_LENGTH) {
    const found = trusted.find((candidate) => isIssuedBy(current, candidate.cert));
    if (found) {
      checkCa(found.cert, `${found.anchor.kind} CA`, intermediates.length, now);
      return {
        anchor: found.anchor,
        leaf: leaf.node,
        leafDer: leaf.der,
        serial: serialNumberFromHex(leaf.node.serialNumber),
        intermediates: intermediates.map((cert) => cert.node),
      };
    }
    const issuer = [...unused].find((candidate) => isIssuedBy(current, candidate));
    if (!issuer) {
      const what = current === leaf ? "client certificate" : "intermediate CA";
      throw untrusted(`no trusted CA issued the ${what} "${current.subject}" (issuer "${current.issuer}")`);
    }
    unused.delete(issuer);
    checkCa(issuer, "intermediate CA", intermediates.length, now);
    if (issuer.extendedKeyUsage && !issuer.extendedKeyUsage.includes(id_kp_clientAuth)) {
      throw untrusted(`intermediate CA "${issuer.subject}" has extendedKeyUsage without clientAuth`);
    }
    intermediates.push(issuer);
    current = issuer;
  }
  throw untrusted(`the chain is longer than ${MAX_CHAIN_LENGTH} certificates`);
}
