/**
 * A certificate parsed once, twice over: by Node (OpenSSL) for signatures and issuer matching, and as
 * ASN.1 for the structure and the extensions Node does not expose. Chain verification
 * (`verify-chain.ts`) and the customer CA bundle (`ca-certificate.ts`) both read certificates this way.
 */
import { X509Certificate } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import {
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  KeyUsage,
  TBSCertificate,
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
export const UNDERSTOOD_EXTENSIONS: ReadonlySet<string> = new Set([
  id_ce_basicConstraints,
  id_ce_keyUsage,
  id_ce_extKeyUsage,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
  id_ce_authorityKeyIdentifier,
]);

/** A parsed certificate with the facts path validation and CA checks need. */
export interface ParsedCertificate {
  readonly der: Buffer;
  readonly node: X509Certificate;
  readonly asn: Certificate;
  /**
   * The subject in mongod's RFC 2253 form (rendered on first use: mostly only messages need it); a
   * subject mongod itself would refuse is still described, with OpenSSL's text.
   */
  readonly subject: string;
  /** The issuer, described the same way. */
  readonly issuer: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Whether the certificate has a basicConstraints extension at all. */
  readonly hasBasicConstraints: boolean;
  /** basicConstraints cA; false when the extension is absent. */
  readonly isCa: boolean;
  /** basicConstraints pathLenConstraint; undefined means unlimited. */
  readonly pathLength: number | undefined;
  /** keyUsage bits (asn1-x509 `KeyUsageFlags`), or undefined when the extension is absent. */
  readonly keyUsage: number | undefined;
  /** extendedKeyUsage OIDs, or undefined when the extension is absent. */
  readonly extendedKeyUsage: readonly string[] | undefined;
  /** OIDs of critical extensions outside {@link UNDERSTOOD_EXTENSIONS}. */
  readonly unhandledCritical: readonly string[];
}

/** Parses a DER or PEM certificate; throws Node's or the ASN.1 parser's error when it is malformed. */
export function parseCertificate(input: Uint8Array | string): ParsedCertificate {
  const node = new X509Certificate(typeof input === "string" ? input : Buffer.from(input));
  const der = node.raw;
  const asn = AsnConvert.parse(der, Certificate);
  const tbs = asn.tbsCertificate;
  let hasBasicConstraints = false;
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
        hasBasicConstraints = true;
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
  let issuer: string | undefined;
  return {
    der,
    node,
    asn,
    get subject() {
      subject ??= describe(() => renderSubject(der), node.subject);
      return subject;
    },
    get issuer() {
      issuer ??= describe(() => renderIssuer(asn), node.issuer);
      return issuer;
    },
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    hasBasicConstraints,
    isCa,
    pathLength,
    keyUsage,
    extendedKeyUsage,
    unhandledCritical,
  };
}

/** The subject in mongod's RFC 2253 form; throws when mongod would refuse it. */
export function renderSubject(der: Uint8Array): string {
  return renderCertificateSubject(der);
}

/**
 * The issuer in mongod's RFC 2253 form; throws when mongod would refuse it. The DN module renders a
 * certificate's subject only, so this renders a copy whose subject is the issuer.
 */
export function renderIssuer(asn: Certificate): string {
  const tbsCertificate = new TBSCertificate({ ...asn.tbsCertificate, subject: asn.tbsCertificate.issuer });
  const copy = new Certificate({ ...asn, tbsCertificate });
  return renderCertificateSubject(new Uint8Array(AsnConvert.serialize(copy)));
}

/** Node prints a name one RDN a line, most significant first; RFC 2253 lists them the other way. */
function describe(render: () => string, opensslText: string): string {
  try {
    return render();
  } catch {
    return opensslText.split("\n").reverse().join(",");
  }
}

/** True when `issuer` is named as the issuer of `subject` and its key verifies `subject`'s signature. */
export function isIssuedBy(subject: ParsedCertificate, issuer: ParsedCertificate): boolean {
  if (!subject.node.checkIssued(issuer.node)) return false;
  try {
    return subject.node.verify(issuer.node.publicKey);
  } catch {
    return false;
  }
}
