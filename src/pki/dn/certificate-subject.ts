/**
 * Reads a certificate's subject as ASN.1 and turns it into a {@link Dn} in mongod's order.
 */
import { AsnParser } from "@peculiar/asn1-schema";
import { Certificate } from "@peculiar/asn1-x509";
import { PkiError } from "../pki-error.js";
import type { Dn, DnAttribute } from "./dn-types.js";
import { shortNameOf } from "./attribute-names.js";
import { TbsCertificateSubjectView } from "./raw-name-schema.js";
import { SubjectValueError, subjectAttribute } from "./subject-value.js";

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/;

/** DER bytes of `certificate`, given as DER or as PEM text (the first CERTIFICATE block). */
export function certificateDer(certificate: Uint8Array | string): Uint8Array {
  if (typeof certificate !== "string") return certificate;
  const match = PEM_CERTIFICATE.exec(certificate);
  if (!match) throw new PkiError("INVALID_PEM", "no '-----BEGIN CERTIFICATE-----' block found in the PEM text");
  return Buffer.from((match[1] as string).replace(/\s+/g, ""), "base64");
}

/**
 * The subject of `certificate` in printed order, as mongod derives it: RDNs from last to first of
 * the DER encoding, the members of a multi-valued RDN reversed too, string values RFC 4518-prepared.
 */
export function certificateSubjectDn(certificate: Uint8Array | string): Dn {
  const der = certificateDer(certificate);
  let view: TbsCertificateSubjectView;
  try {
    const parsed = AsnParser.parse(der, Certificate);
    view = AsnParser.parse(parsed.tbsCertificateRaw as ArrayBuffer, TbsCertificateSubjectView);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PkiError("INVALID_PEM", `the certificate is not valid DER X.509: ${reason}`, { cause: error });
  }
  const rdns: DnAttribute[][] = [];
  view.subject.forEach((rdn, rdnIndex) => {
    const attributes = Array.from(rdn, (attribute, attributeIndex) => {
      try {
        return subjectAttribute(attribute.type, new Uint8Array(attribute.value));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const where = `subject RDN ${rdnIndex + 1}${rdn.length > 1 ? ` member ${attributeIndex + 1}` : ""}`;
        const message = `cannot derive a user name from ${where} (${shortNameOf(attribute.type)}): ${reason}`;
        if (error instanceof SubjectValueError) throw new PkiError("INVALID_DN", message, { cause: error });
        throw new PkiError("INVALID_PEM", message, { cause: error });
      }
    });
    rdns.push(attributes.reverse());
  });
  return rdns.reverse();
}
