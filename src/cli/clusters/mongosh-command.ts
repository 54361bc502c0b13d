/** The mongosh command line that connects to a cluster with an X.509 certificate, as the web UI's Connect dialog shows it. */

/** The X.509 options every client needs: MONGODB-X509 against `$external`, over TLS. */
const X509_OPTIONS = [
  ["authMechanism", "MONGODB-X509"],
  ["authSource", "$external"],
  ["tls", "true"],
] as const;

/** A cluster's connection string with the X.509 options added (those already present are kept). */
export function x509ConnectionString(standard: string): string {
  const [base = "", query = ""] = standard.split("?", 2);
  const params = new URLSearchParams(query);
  for (const [key, value] of X509_OPTIONS) if (!params.has(key)) params.set(key, value);
  const path = /^mongodb(\+srv)?:\/\/[^/]+$/.test(base) ? `${base}/` : base;
  return `${path}?${params.toString()}`;
}

/** `mongosh "<uri>" --tlsCertificateKeyFile <cert> [--tlsCAFile <ca>]`, each path quoted for a POSIX shell. */
export function mongoshCommand(standard: string, certificateFile: string, caFile?: string): string {
  const parts = ["mongosh", shellQuote(x509ConnectionString(standard)), "--tlsCertificateKeyFile", shellQuote(certificateFile)];
  if (caFile !== undefined) parts.push("--tlsCAFile", shellQuote(caFile));
  return parts.join(" ");
}

function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
