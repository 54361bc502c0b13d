/** Placeholder for the client's certificate file (certificate and private key in one PEM). */
export const CERT_FILE_PLACEHOLDER = "<path-to-your-certificate.pem>";

/** Placeholder for the CA file that verifies the gateway's server certificate. */
export const CA_FILE_PLACEHOLDER = "<path-to-certgate-ca.pem>";

/** The X.509 options every client needs: authenticate with MONGODB-X509 against `$external` over TLS. */
const X509_OPTIONS = [
  ["authMechanism", "MONGODB-X509"],
  ["authSource", "$external"],
  ["tls", "true"],
] as const;

/** A cluster's connection string with the X.509 options added (those already present are kept). */
export function x509ConnectionString(standard: string): string {
  const [base, query = ""] = standard.split("?", 2);
  const params = new URLSearchParams(query);
  for (const [key, value] of X509_OPTIONS) if (!params.has(key)) params.set(key, value);
  const path = /^mongodb(\+srv)?:\/\/[^/]+$/.test(base) ? `${base}/` : base;
  return `${path}?${params.toString()}`;
}

/** The mongosh command that connects to the cluster with a certificate file. */
export function mongoshCommand(standard: string, certificateFile = CERT_FILE_PLACEHOLDER, caFile?: string): string {
  const parts = ["mongosh", `"${x509ConnectionString(standard)}"`, "--tlsCertificateKeyFile", certificateFile];
  if (caFile) parts.push("--tlsCAFile", caFile);
  return parts.join(" ");
}
