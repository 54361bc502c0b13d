/** A cluster's connection string for X.509 clients: shared by the CLI's `clusters connect` and the web UI's Connect dialog. */

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
