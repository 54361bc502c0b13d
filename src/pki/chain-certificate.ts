/**
 * One certificate of a chain under verification, parsed twice: by Node (OpenSSL) for signatures and
 * issuer matching, and as ASN.1 for the extensions Node does not expose (basicConstraints, keyUsage).
 */
import { X509Certificate } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import {
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  KeyUsage,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
} from "@peculiar/asn1-x509";
import { renderCertificateSubject } from "./dn/index.js";

/**
 * Extensions whose meaning the verifier applies or that carry no constraint on the path. Any other
 * extension marked critical makes the certificate unacceptable (RFC 5280 §4.2), as in OpenSSL;
 * name and policy constraints are in that group because certgate does not enforce them.
 */
const UNDERSTOOD_EXTENSIONS: ReadonlySet<string> = new Set([
  id_ce_basicConstraints,
  id_ce_keyUsage,
  id_ce_extKeyUsage,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
  id_ce_authorityKeyIdentifier,
]);

/** A parsed certificate with the facts path validation needs. */
export interface ChainCertificate {
  readonly der: Buffer;
  readonly node: X509Certificate;
  /** The subject for messages, in RFC 2253 form (rendered on first use: only errors need it). */
  readonly subject: string;
  /** The issuer for messages: OpenSSL's one-line-per-RDN text in RFC 2253 order. */
  readonly issuer: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** basicConstraints cA; false when the extension is absent. */
  readonly isCa: boolean;
  /** basicConstraints pathLenConstraint; undefined means unlimited. */
  readonly pathLength: number | undefined;
  /** keyUsage bits (asn1-x509 `KeyUsageFlags`), or undefined when the extension is absent. */
  readonly keyUsage: number | undefined;
  /** extendedKeyUsage OIDs, or undefined when the extension is absent. */
  readonly extendedKeyUsage: readonly string[] | undefined;
  /** OIDs of critical extensions outside the understood set. */
  readonly unhandledCritical: readonly string[];
}

/**
 * The subject in certgate's canonical form; a subject mongod itself would refuse (so no user could
 * match it) is still described, with OpenSSL's text, since the message must name the certificate.
 */
function describeSubject(der: Buffer, node: X509Certificate): string {
  try {
    return renderCertificateSubject(der);
  } catch {
    return node.subject.split("\n").reverse().join(",");
  }
}

/** Parses a DER or PEM certificate; throws Node's or the ASN.1 parser's error when it is malformed. */
export function parseChainCertificate(input: Uint8Array | string): ChainCertificate {
  const node = new X509Certificate(typeof input === "string" ? input : Buffer.from(input));
  const der = node.raw;
  const asn = AsnConvert.parse(der, Certificate);
  const tbs = asn.tbsCertificate;
  let isCa = false;
  let pathLength: number | undefined;
  let keyUsage: number | undefined;
  let extendedKeyUsage: string[] | undefined;
  const unhandledCritical: string[] = [];
  for (const extension of tbs.extensions ?? []) {
    const value = extension.extnValue.buffer;
    switch (extension.extnID) {
      case id_ce_basicConstraints: {
        const bc = AsnConvert.parse(value, BasicConstraints);
        isCa = bc.cA;
        pathLength = bc.pathLenConstraint;
        break;
      }
      case id_ce_keyUsage:
        keyUsage = AsnConvert.parse(value, KeyUsage).toNumber();
        break;
      case id_ce_extKeyUsage:
        extendedKeyUsage = [...AsnConvert.parse(value, ExtendedKeyUsage)];
        break;
      default:
        if (extension.critical && !UNDERSTOOD_EXTENSIONS.has(extension.extnID)) unhandledCritical.push(extension.extnID);
    }
  }
  let subject: string | undefined;
  return {
    der,
    node,
    get subject() {
      subject ??= describeSubject(der, node);
      return subject;
    },
    get issuer() {
      return node.issuer.split("\n").reverse().join(",");
    },
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    isCa,
    pathLength,
    keyUsage,
    extendedKeyUsage,
    unhandledCritical,
  };
}

/** True when `issuer` is named as the issuer of `subject` and its key verifies `subject`'s signature. */
export function isIssuedBy(subject: ChainCertificate, issuer: ChainCertificate): boolean {
  if (!subject.node.checkIssued(issuer.node)) return false;
  try {
    return subject.node.verify(issuer.node.publicKey);
  } catch {
    return false;
  }
}
