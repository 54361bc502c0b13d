import { x509ConnectionString } from "../../../src/shared/x509-connection-string.js";

/** Placeholder for the client's certificate file (certificate and private key in one PEM). */
export const CERT_FILE_PLACEHOLDER = "<path-to-your-certificate.pem>";

/** Placeholder for the CA file that verifies the gateway's server certificate. */
export const CA_FILE_PLACEHOLDER = "<path-to-certgate-ca.pem>";

/** The mongosh command that connects to the cluster with a certificate file. */
export function mongoshCommand(standard: string, certificateFile = CERT_FILE_PLACEHOLDER, caFile?: string): string {
  const parts = ["mongosh", `"${x509ConnectionString(standard)}"`, "--tlsCertificateKeyFile", certificateFile];
  if (caFile) parts.push("--tlsCAFile", caFile);
  return parts.join(" ");
}
