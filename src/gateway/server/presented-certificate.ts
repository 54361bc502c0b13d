/** The subject, issuer and serial of a client's leaf certificate, for logs and audit records. */
import { X509Certificate } from "node:crypto";
import { renderCertificateSubject } from "../../pki/dn/index.js";
import type { PresentedCertificate } from "./gateway-events.js";

/** Describes the leaf of `chain` (DER, leaf first); empty when there is none or it can't be read. */
export function presentedCertificate(chain: readonly Buffer[]): PresentedCertificate {
  const leaf = chain[0];
  if (leaf === undefined) return {};
  try {
    const cert = new X509Certificate(leaf);
    // Node prints the issuer one RDN a line, most significant first; RFC 2253 lists them the other way.
    return { subject: renderCertificateSubject(leaf), issuer: cert.issuer.split("\n").reverse().join(","), serial: cert.serialNumber };
  } catch {
    return {};
  }
}
