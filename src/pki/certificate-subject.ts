/**
 * Interim subject rendering for certificates certgate builds itself.
 */
import { x509 } from "./x509-lib.js";

/** The certificate's subject as an RFC 2253 string (reverse DER order, no spaces). */
export function renderCertificateSubject(certificateDer: Uint8Array): string {
  const json = new x509.X509Certificate(certificateDer).subjectName.toJSON();
  return json
    .reverse()
    .map((rdn) =>
      Object.entries(rdn)
        .flatMap(([type, values]) => values.map((value) => `${type}=${value.replace(/[,+"\\<>;]/g, "\\$&")}`))
        .join("+"),
    )
    .join(",");
}
