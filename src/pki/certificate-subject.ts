/**
 * Interim subject and issuer rendering for PKI messages and records.
 */
import { x509 } from "./x509-lib.js";

function render(name: x509.Name): string {
  return name
    .toJSON()
    .reverse()
    .map((rdn) =>
      Object.entries(rdn)
        .flatMap(([type, values]) => values.map((value) => `${type}=${value.replace(/[,+"\\<>;]/g, "\\$&")}`))
        .join("+"),
    )
    .join(",");
}

/** The certificate's subject as an RFC 2253 string (reverse DER order, no spaces). */
export function renderCertificateSubject(certificateDer: Uint8Array): string {
  return render(new x509.X509Certificate(certificateDer).subjectName);
}

/** The certificate's issuer as an RFC 2253 string (reverse DER order, no spaces). */
export function renderCertificateIssuer(certificateDer: Uint8Array): string {
  return render(new x509.X509Certificate(certificateDer).issuerName);
}
